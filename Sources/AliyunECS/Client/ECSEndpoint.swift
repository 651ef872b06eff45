import Foundation

/// Where the client sends requests: a scheme, a host and an optional port.
///
/// Resolution follows the official SDK: an explicit endpoint, then the `ALIBABA_CLOUD_ECS_ENDPOINT`
/// environment variable, then the official region map, then `ecs.{region}.aliyuncs.com`. HTTPS is used
/// unless an explicit endpoint says `http://` (so a local emulator on 127.0.0.1 works).
public struct ECSEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// `https` or `http`.
    public var scheme: String
    /// The host name or IP address.
    public var host: String
    /// The port, when it is not the scheme's default.
    public var port: Int?

    /// The environment variable that overrides the endpoint, as in the official SDKs.
    public static let environmentVariable = "ALIBABA_CLOUD_ECS_ENDPOINT"

    /// Creates an endpoint.
    public init(scheme: String = "https", host: String, port: Int? = nil) {
        self.scheme = scheme
        self.host = host
        self.port = port
    }

    /// Reads an endpoint given as a host (`ecs.cn-hangzhou.aliyuncs.com`), a host and port
    /// (`127.0.0.1:8080`) or a URL (`http://127.0.0.1:8080`, `https://ecs.aliyuncs.com/`).
    /// - Throws: ``ECSClientError`` (`invalidConfiguration`) when the text is none of these.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var scheme = "https"
        var rest = Substring(trimmed)
        if let range = trimmed.range(of: "://") {
            scheme = trimmed[..<range.lowerBound].lowercased()
            rest = trimmed[range.upperBound...]
        }
        guard scheme == "https" || scheme == "http" else {
            throw ECSClientError(kind: .invalidConfiguration, message: "Endpoint scheme must be http or https, not \(scheme)")
        }
        while rest.hasSuffix("/") { rest = rest.dropLast() }
        guard !rest.isEmpty, !rest.contains("/"), !rest.contains("?"), !rest.contains("@") else {
            throw ECSClientError(kind: .invalidConfiguration, message: "Endpoint must be a host, host:port or URL without a path: \(trimmed)")
        }
        var host = String(rest)
        var port: Int?
        if let colon = host.lastIndex(of: ":"), !host.hasSuffix("]") {
            guard let parsed = Int(host[host.index(after: colon)...]), (1...65_535).contains(parsed) else {
                throw ECSClientError(kind: .invalidConfiguration, message: "Endpoint port is not valid: \(trimmed)")
            }
            port = parsed
            host = String(host[..<colon])
        }
        guard Self.isValidHost(host) else {
            throw ECSClientError(kind: .invalidConfiguration, message: "Endpoint host is not valid: \(trimmed)")
        }
        self.init(scheme: scheme, host: host, port: port)
    }

    /// The official endpoint of `region`: the region map, or `ecs.{region}.aliyuncs.com`.
    /// - Throws: ``ECSClientError`` (`invalidConfiguration`) for a region that cannot be part of a host name.
    public static func official(region: String) throws -> ECSEndpoint {
        guard !region.isEmpty, region.utf8.allSatisfy({ isHostLabelByte($0) }) else {
            throw ECSClientError(kind: .invalidConfiguration, message: "Region ID is not valid: \(region)")
        }
        return ECSEndpoint(host: RegionEndpoints.map[region] ?? "ecs.\(region).aliyuncs.com")
    }

    /// The VPC endpoint of `region`, `ecs-vpc.{region}.aliyuncs.com`, for code running inside a VPC.
    public static func vpc(region: String) throws -> ECSEndpoint {
        _ = try official(region: region)
        return ECSEndpoint(host: "ecs-vpc.\(region).aliyuncs.com")
    }

    /// Resolves the endpoint for a client.
    /// - Parameters:
    ///   - region: The client's region.
    ///   - explicit: An endpoint the caller gave, which wins.
    ///   - environment: Where to look for `ALIBABA_CLOUD_ECS_ENDPOINT`.
    public static func resolve(region: String, explicit: String?, environment: [String: String]) throws -> ECSEndpoint {
        if let explicit, !explicit.isEmpty {
            return try ECSEndpoint(parsing: explicit)
        }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty {
            return try ECSEndpoint(parsing: fromEnvironment)
        }
        return try official(region: region)
    }

    /// The `host` header value: the host, plus the port when it is not the scheme's default.
    public var hostHeader: String {
        guard let port, port != defaultPort else { return host }
        return "\(host):\(port)"
    }

    /// `scheme://host[:port]`.
    public var baseURL: String { "\(scheme)://\(hostHeader)" }

    /// `scheme://host[:port]`.
    public var description: String { baseURL }

    private var defaultPort: Int { scheme == "http" ? 80 : 443 }

    private static func isHostLabelByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }

    private static func isValidHost(_ host: String) -> Bool {
        if host.hasPrefix("["), host.hasSuffix("]") {
            return host.dropFirst().dropLast().allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
        }
        return !host.isEmpty && host.utf8.allSatisfy { isHostLabelByte($0) || $0 == UInt8(ascii: ".") }
    }
}
