import Foundation

/// Reads the ECS instance metadata service (`http://100.100.100.200` from inside an instance).
///
/// Uses the hardened mode first: `PUT /latest/api/token` with `X-aliyun-ecs-metadata-token-ttl-seconds`,
/// then every read carries `X-aliyun-ecs-metadata-token`. If no token can be had, it falls back to plain
/// reads unless that fallback is disabled (`ALIBABA_CLOUD_IMDSV1_DISABLED=true` in the credential chain).
/// The token is cached until shortly before its TTL ends. The base URL is injectable for tests.
public actor InstanceMetadataClient {
    /// One answer from the metadata service.
    public struct Response: Sendable {
        /// The HTTP status: 200, or 404 for a path that has no value (yet).
        public var statusCode: Int
        /// The body.
        public var body: Data

        /// The body as text, trimmed.
        public var text: String {
            String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    /// The service's base URL.
    public let baseURL: URL
    private let transport: any ECSTransport
    private let clock: any ECSClock
    private let allowsTokenlessFallback: Bool
    private let tokenTTLSeconds: Int
    private var token: (value: String, expires: Date)?

    /// Creates a client.
    /// - Parameters:
    ///   - baseURL: Default `http://100.100.100.200`.
    ///   - transport: How requests travel.
    ///   - clock: Decides when the token must be renewed.
    ///   - allowsTokenlessFallback: Whether to read without a token when none can be had.
    ///   - tokenTTLSeconds: The token lifetime to ask for (1 to 21600).
    public init(
        baseURL: URL = CredentialSourceContext.defaultMetadataBaseURL,
        transport: any ECSTransport = URLSessionTransport(configuration: .init(connectTimeout: .seconds(1), requestTimeout: .seconds(5))),
        clock: any ECSClock = SystemClock(),
        allowsTokenlessFallback: Bool = true,
        tokenTTLSeconds: Int = 21_600
    ) {
        self.baseURL = baseURL
        self.transport = transport
        self.clock = clock
        self.allowsTokenlessFallback = allowsTokenlessFallback
        self.tokenTTLSeconds = min(max(tokenTTLSeconds, 1), 21_600)
    }

    /// Reads `path` (e.g. `/latest/meta-data/instance/spot/termination-time`).
    /// - Returns: The status and body; a 404 is returned, not thrown.
    /// - Throws: ``ECSTransportError`` when the service cannot be reached, ``ECSClientError`` when no
    ///   token can be had and the token-less fallback is disabled.
    public func get(_ path: String) async throws -> Response {
        var headers: [HTTPHeader] = []
        if let value = try await currentToken() {
            headers.append(HTTPHeader(name: "X-aliyun-ecs-metadata-token", value: value))
        }
        let response = try await transport.send(ECSHTTPRequest(method: "GET", url: url(path), headers: headers))
        if response.statusCode == 401 {
            // The token expired early (the service restarted): forget it so the next read gets a new one.
            token = nil
        }
        return Response(statusCode: response.statusCode, body: response.body)
    }

    private func url(_ path: String) -> URL {
        let trimmed = path.hasPrefix("/") ? String(path.dropFirst()) : path
        return baseURL.appendingPathComponent(trimmed)
    }

    private func currentToken() async throws -> String? {
        let now = clock.now
        if let token, token.expires > now { return token.value }
        do {
            let response = try await transport.send(ECSHTTPRequest(
                method: "PUT", url: url("/latest/api/token"),
                headers: [HTTPHeader(name: "X-aliyun-ecs-metadata-token-ttl-seconds", value: String(tokenTTLSeconds))]))
            let value = String(decoding: response.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard response.statusCode == 200, !value.isEmpty else {
                return try fallback("the token request answered HTTP \(response.statusCode)")
            }
            // Renew a little early so a token never expires between fetch and use.
            let lifetime = max(Double(tokenTTLSeconds) - min(60, Double(tokenTTLSeconds) / 10), 1)
            token = (value, now.addingTimeInterval(lifetime))
            return value
        } catch let error as CancellationError {
            throw error
        } catch let error as ECSClientError {
            throw error
        } catch {
            return try fallback("the token request failed")
        }
    }

    private func fallback(_ reason: String) throws -> String? {
        guard allowsTokenlessFallback else {
            throw ECSClientError(
                kind: .credentialsUnavailable,
                message: "No metadata token (\(reason)) and token-less access is disabled")
        }
        return nil
    }
}
