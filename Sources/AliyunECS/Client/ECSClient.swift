import Foundation
import Logging

/// A typed, async client for the ECS OpenAPI (version 2014-05-26).
///
/// ```swift
/// let ecs = try ECSClient(region: "cn-hangzhou")  // credentials from the default chain
/// let answer = try await ecs.describeInstances(.init(instanceIds: ["i-bp1…"]))
/// ```
///
/// Every call is encoded once, then each attempt is signed afresh and sent through the ``ECSTransport``;
/// failures the ``RetryPolicy`` deems transient are retried with backoff. RunInstances and CreateImage get
/// one ClientToken per call, shared by all its attempts, so a retry never creates a second resource.
/// The client is a `Sendable` value: share one across tasks.
public struct ECSClient: Sendable {
    /// The region requests act in when they do not name one.
    public let region: String
    /// Where requests go.
    public let endpoint: ECSEndpoint
    /// Signing, retries, time and randomness.
    public let configuration: Configuration
    /// Where the client logs, at `debug` (one line per attempt) and `trace` (parameters, secrets redacted).
    public private(set) var logger: Logger

    let credentialProvider: any CredentialProvider
    /// The credentials of a ``StaticCredentialProvider``, read once: fixed credentials need no `await`.
    let fixedCredentials: ECSCredentials?
    let transport: any ECSTransport
    let builder: SignedRequestBuilder

    /// Creates a client.
    /// - Parameters:
    ///   - region: The region ID, e.g. `cn-hangzhou`.
    ///   - credentials: Where credentials come from. Default: the standard chain (environment, OIDC,
    ///     CLI profile, credentials file, ECS RAM role).
    ///   - transport: How requests travel. Default: URLSession.
    ///   - endpoint: An explicit endpoint (host, host:port or URL); otherwise `ALIBABA_CLOUD_ECS_ENDPOINT`,
    ///     then the official endpoint of `region`.
    ///   - configuration: Signing, retries, clock and random sources.
    ///   - logger: Where to log. Default: nowhere.
    /// - Throws: ``ECSClientError`` (`invalidConfiguration`) for an unusable region or endpoint.
    public init(
        region: String,
        credentials: any CredentialProvider = DefaultCredentialChain(),
        transport: any ECSTransport = URLSessionTransport(),
        endpoint: String? = nil,
        configuration: Configuration = .default,
        logger: Logger = ECSClient.silentLogger
    ) throws {
        self.region = region
        self.endpoint = try ECSEndpoint.resolve(region: region, explicit: endpoint, environment: configuration.environment)
        self.configuration = configuration
        self.logger = logger
        credentialProvider = credentials
        fixedCredentials = (credentials as? StaticCredentialProvider)?.value
        self.transport = transport
        builder = SignedRequestBuilder(endpoint: self.endpoint, algorithm: configuration.signatureAlgorithm, userAgent: configuration.userAgent)
    }

    /// A copy of the client that logs to `logger` (for example with a correlation ID in its metadata);
    /// everything else, transport and credentials included, is shared.
    public func logging(to logger: Logger) -> ECSClient {
        var copy = self
        copy.logger = logger
        return copy
    }

    /// The unsigned header that carries the attempt number (1 for the first try) of each request.
    public static let attemptHeaderName = "x-aliyun-ecs-swift-attempt"

    /// A logger that discards everything: libraries never pick a logging backend for their users.
    public static let silentLogger = Logger(label: "aliyun.ecs", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Sends any ECS request, with retries, and decodes its answer.
    /// - Parameters:
    ///   - request: The request; its `regionId` defaults to the client's region.
    ///   - options: Per-call overrides.
    /// - Returns: The decoded answer.
    /// - Throws: ``ECSServiceError`` when ECS refused, ``ECSClientError`` when no usable answer came,
    ///   `CancellationError` when the task was cancelled.
    public func send<Request: ECSRequest>(_ request: Request, options: CallOptions = .default) async throws -> Request.Response {
        try await perform(Request.self, canonicalQuery: try canonicalQuery(of: request), options: options)
    }

    /// ``send(_:options:)`` for the modelled actions, whose generated writers are called directly.
    func send<Request: ECSRequest & QueryWritable>(_ request: Request, options: CallOptions = .default) async throws -> Request.Response {
        let query = QueryEncoder.canonicalQuery(of: request, overrides: try overrides(for: request))
        return try await perform(Request.self, canonicalQuery: query, options: options)
    }

    /// Sends an encoded request: attempts, retries and backoff. The query is encoded once per call;
    /// every attempt signs it with a fresh date and nonce. Only this loop and the decoding are specialized
    /// per action; the attempt itself is not generic.
    private func perform<Request: ECSRequest>(
        _ type: Request.Type, canonicalQuery query: [UInt8], options: CallOptions
    ) async throws -> Request.Response {
        let started = configuration.clock.now
        var attempt = 1
        while true {
            try Task.checkCancellation()
            do {
                let answered = try await self.attempt(action: Request.action, canonicalQuery: query, number: attempt)
                return try decodeAnswer(answered, as: Request.Response.self, action: Request.action, number: attempt, canonicalQuery: query)
            } catch let failure as AttemptFailure {
                try await pauseBeforeRetry(after: failure, attempt: attempt, startedAt: started, options: options, action: Request.action)
                attempt += 1
            }
        }
    }

    /// Waits out the backoff before the next attempt, or rethrows the failure when the policy allows no
    /// retry (the error is not transient, the retries are spent, or the wait would pass the deadline).
    private func pauseBeforeRetry(
        after failure: AttemptFailure, attempt: Int, startedAt started: Date, options: CallOptions, action: String
    ) async throws {
        let policy = options.retryPolicy ?? configuration.retryPolicy
        let clock = configuration.clock
        let error = failure.error
        guard attempt <= policy.maximumRetries, policy.isRetryable(error) else { throw error }
        var delay = policy.backoff(beforeRetry: attempt, random: configuration.randomUnit())
        if let hint = failure.retryAfter, hint > delay { delay = hint }
        if let deadline = policy.deadline,
           clock.now.timeIntervalSince(started) + delay.inSeconds > deadline.inSeconds {
            logger.debug("ECS retry skipped: deadline reached", metadata: [
                "ecs.action": "\(action)", "ecs.attempt": "\(attempt)",
            ])
            throw error
        }
        logger.debug("ECS retry scheduled", metadata: [
            "ecs.action": "\(action)", "ecs.attempt": "\(attempt)",
            "ecs.retry_in_ms": "\(Int(delay.inSeconds * 1000))", "ecs.reason": "\(Self.reason(error))",
        ])
        try await clock.sleep(for: delay)
    }

    /// The request's canonical query, with the client's region when the request names none and, for
    /// idempotent actions, a ClientToken shared by all attempts when the caller gave none.
    func canonicalQuery<Request: ECSRequest>(of request: Request) throws -> [UInt8] {
        let overrides = try overrides(for: request)
        // The generated writers take the overrides as they go; anything else is copied and encoded.
        if let writable = request as? any QueryWritable {
            return QueryEncoder.canonicalQuery(of: writable, overrides: overrides)
        }
        var prepared = request
        if let region = overrides.regionId { prepared.regionId = region }
        if let token = overrides.clientToken { prepared.idempotencyToken = token }
        do {
            return try QueryEncoder().canonicalQuery(prepared)
        } catch {
            throw ECSClientError(kind: .invalidRequest, message: "Could not encode the request: \(error)", action: Request.action)
        }
    }

    /// What the client fills in: its region, and a fresh ClientToken for an idempotent action whose
    /// caller gave none (a token the caller gave is checked instead).
    func overrides<Request: ECSRequest>(for request: Request) throws -> QueryWriter.Overrides {
        var overrides = QueryWriter.Overrides.none
        if request.regionId?.isEmpty ?? true { overrides.regionId = region }
        guard Request.takesClientToken else { return overrides }
        if let token = request.idempotencyToken, !token.isEmpty {
            guard token.utf8.count <= 64, Self.isPrintableASCII(token) else {
                throw ECSClientError(kind: .invalidRequest, message: "ClientToken must be printable ASCII of at most 64 characters", action: Request.action)
            }
            return overrides
        }
        overrides.clientToken = String(configuration.clientTokenGenerator().prefix(64))
        return overrides
    }

    private static func isPrintableASCII(_ text: String) -> Bool {
        text.withUTF8Bytes { bytes in
            for byte in bytes where byte < 0x20 || byte >= 0x7F { return false }
            return true
        }
    }

    private static func reason(_ error: any Error) -> String {
        switch error {
        case let service as ECSServiceError: service.code
        case let client as ECSClientError: client.kind.description
        default: "\(type(of: error))"
        }
    }
}

/// A failed attempt, with the server's retry-after hint if it gave one.
struct AttemptFailure: Error {
    var error: any Error
    var retryAfter: Duration?
}
