import AliyunECS

/// Where an MNS account's queues are served: `https://<account-id>.mns.<region>.aliyuncs.com`, or any other
/// base URL (a VPC endpoint, an emulator on `http://127.0.0.1:PORT`).
public struct MNSEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// `https` or `http`.
    public var scheme: String
    /// The host name or address.
    public var host: String
    /// The port, when it is not the scheme's default.
    public var port: Int?

    /// Reads an endpoint: a URL (`https://123.mns.cn-hangzhou.aliyuncs.com`, `http://127.0.0.1:8080`) or a
    /// bare host (`host` or `host:port`, then `https`).
    /// - Throws: `ECSClientError` (`invalidConfiguration`) for text that is neither, or that carries a path,
    ///   a query or credentials.
    public init(_ text: String) throws {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        var scheme = "https"
        if let separator = rest.range(of: "://") {
            scheme = rest[..<separator.lowerBound].lowercased()
            rest = rest[separator.upperBound...]
        }
        while rest.hasSuffix("/") { rest = rest.dropLast() }
        guard scheme == "https" || scheme == "http" else {
            throw Self.invalid("the endpoint's scheme must be https or http")
        }
        guard !rest.isEmpty, !rest.contains(where: { "/?#@ ".contains($0) }) else {
            throw Self.invalid("the endpoint must be a host, host:port or a URL without a path (e.g. https://<account-id>.mns.<region>.aliyuncs.com)")
        }
        var host = String(rest)
        var port: Int?
        if let colon = rest.lastIndex(of: ":"), !rest.hasSuffix("]") {
            guard let number = Int(rest[rest.index(after: colon)...]), (1...65535).contains(number) else {
                throw Self.invalid("the endpoint's port must be a number from 1 to 65535")
            }
            host = String(rest[..<colon])
            port = number
        }
        guard !host.isEmpty else { throw Self.invalid("the endpoint names no host") }
        self.scheme = scheme
        self.host = host
        self.port = port
    }

    /// The public endpoint of an account's queues in a region.
    /// - Parameters:
    ///   - accountId: The Alibaba Cloud account ID (digits).
    ///   - regionId: The region, e.g. `cn-hangzhou`.
    public static func official(accountId: String, regionId: String) -> MNSEndpoint {
        MNSEndpoint(scheme: "https", host: "\(accountId).mns.\(regionId).aliyuncs.com", port: nil)
    }

    private init(scheme: String, host: String, port: Int?) {
        self.scheme = scheme
        self.host = host
        self.port = port
    }

    /// The `Host` header: the host, with the port when there is one.
    public var authority: String { port.map { "\(host):\($0)" } ?? host }

    /// The base URL, e.g. `https://123.mns.cn-hangzhou.aliyuncs.com`.
    public var url: String { "\(scheme)://\(authority)" }

    /// The base URL.
    public var description: String { url }

    private static func invalid(_ message: String) -> ECSClientError {
        ECSClientError(kind: .invalidConfiguration, message: message)
    }
}
