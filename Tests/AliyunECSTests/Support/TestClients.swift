import AliyunECSTesting
import Foundation
import Logging
@testable import AliyunECS

/// A transport that answers from a script and records what it was sent.
final class ScriptedTransport: ECSTransport, @unchecked Sendable {
    enum Step {
        case respond(Int, String, headers: [HTTPHeader] = [])
        case fail(ECSTransportError)
    }

    // Guarded by `lock`.
    private let lock = NSLock()
    private var steps: [Step]
    private var sent: [ECSHTTPRequest] = []

    init(_ steps: [Step]) {
        self.steps = steps
    }

    var requests: [ECSHTTPRequest] { lock.withLock { sent } }

    func send(_ request: ECSHTTPRequest) async throws -> ECSHTTPResponse {
        let step: Step = lock.withLock {
            sent.append(request)
            return steps.isEmpty ? .respond(500, "{}") : steps.removeFirst()
        }
        switch step {
        case .respond(let status, let body, let headers):
            return ECSHTTPResponse(statusCode: status, headers: headers, body: Data(body.utf8))
        case .fail(let error):
            throw error
        }
    }
}

/// A log handler that keeps every rendered line, to check what reaches logs.
final class CapturingLogHandler: LogHandler, @unchecked Sendable {
    final class Store: @unchecked Sendable {
        // Guarded by `lock`.
        private let lock = NSLock()
        private var storage: [String] = []
        var lines: [String] { lock.withLock { storage } }
        func append(_ line: String) { lock.withLock { storage.append(line) } }
        var text: String { lines.joined(separator: "\n") }
    }

    let store: Store
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    init(store: Store) {
        self.store = store
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let rendered = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        store.append("\(event.level) \(event.message) \(rendered)")
    }

    static func logger() -> (Logger, Store) {
        let store = Store()
        return (Logger(label: "test") { _ in CapturingLogHandler(store: store) }, store)
    }
}

enum TestClients {
    static let credentials = ECSCredentials(accessKeyId: "testid", accessKeySecret: "testsecret")

    /// A client over `transport`, on `clock`, with deterministic jitter.
    static func client(
        transport: any ECSTransport, clock: any ECSClock = VirtualClock(), retryPolicy: RetryPolicy = .default,
        credentials: any CredentialProvider = StaticCredentialProvider(TestClients.credentials),
        algorithm: SignatureAlgorithm = .acs3HMACSHA256, logger: Logger = ECSClient.silentLogger
    ) throws -> ECSClient {
        try ECSClient(
            region: "cn-hangzhou", credentials: credentials, transport: transport, endpoint: "https://ecs.cn-hangzhou.aliyuncs.com",
            configuration: .init(signatureAlgorithm: algorithm, retryPolicy: retryPolicy, clock: clock, environment: [:], randomUnit: { 0.5 }),
            logger: logger)
    }
}
