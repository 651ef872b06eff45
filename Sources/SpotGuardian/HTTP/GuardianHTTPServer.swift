import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle
import SpotRecovery

/// spot-guardian's HTTP endpoints, on Hummingbird 2 (SwiftNIO):
///
/// - `POST /events/cloudmonitor` and `POST /events/eventbridge`: interruption events, behind the shared
///   secret (the `token` query parameter, which is all CloudMonitor's push channel can set, or EventBridge's
///   `x-eventbridge-signature-token` header), compared in constant time; bodies above the limit are refused.
///   Answered once the event is decided: `202` confirmed with ECS and its recovery recorded where a restart
///   finds it, `200` a duplicate or harmless (ECS says there is nothing to do), `400` not an interruption
///   event, `401` no or a wrong token, `413` too large, `503` (with `Retry-After`) when it cannot be decided
///   now or while shutting down, so that the sender delivers it again.
/// - `GET /metrics`: Prometheus text format.
/// - `GET /healthz`: the process is alive. `GET /readyz`: credentials resolved and the last poll succeeded.
@available(macOS 14, iOS 17, tvOS 17, *)
final class GuardianHTTPServer: Service, Sendable {
    private let engine: GuardianEngine
    private let configuration: HTTPConfiguration
    private let logger: Logger
    let listening = ListeningAddress()

    init(engine: GuardianEngine, configuration: HTTPConfiguration, logger: Logger) {
        self.engine = engine
        self.configuration = configuration
        self.logger = logger
    }

    /// Serves until a graceful shutdown.
    func run() async throws {
        let router = Router()
        let engine = engine
        let maximumBodySize = configuration.maximumBodySize
        router.get("healthz") { _, _ in
            Self.json(.ok, ["status": "alive"])
        }
        router.get("readyz") { _, _ in
            if let reasons = await engine.readinessProblems() {
                return Self.json(.serviceUnavailable, ["status": "not ready", "reasons": reasons.joined(separator: "; ")])
            }
            return Self.json(.ok, ["status": "ready"])
        }
        router.get("metrics") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: engine.metrics.prometheusText())))
        }
        for channel in EventChannel.allCases {
            router.post("events/\(channel.rawValue)") { request, _ in
                await Self.receive(request, channel: channel, engine: engine, maximumBodySize: maximumBodySize)
            }
        }
        let listening = listening
        // Hostile or stalled clients: small headers, few of them, and idle connections closed.
        let limits = HTTP1Channel.Configuration.DecoderConfiguration(maxHeaderFieldSize: 16 << 10, maxHeaderListSize: 32 << 10, maxHeaderFieldCount: 64)
        let application = Application(
            router: router,
            server: .http1(configuration: HTTP1Channel.Configuration(
                idleTimeout: .milliseconds(Int64(configuration.idleTimeout.inSeconds * 1000)), httpDecoderConfiguration: limits)),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.address, port: configuration.port), serverName: nil, reuseAddress: true),
            onServerRunning: { channel in
                await listening.set(port: channel.localAddress?.port ?? 0)
            },
            logger: logger)
        do {
            try await application.run()
            await listening.fail(CancellationError())
        } catch {
            await listening.fail(error)
            throw error
        }
    }

    /// One event payload: token, size, draining, then the engine.
    static func receive(_ request: Request, channel: EventChannel, engine: GuardianEngine, maximumBodySize: Int) async -> Response {
        let metrics = engine.metrics
        let token = request.uri.queryParameters["token"].map { Array($0.utf8) }
            ?? eventBridgeTokenHeader.flatMap { request.headers[$0] }.map { Array($0.utf8) }
        guard let expected = engine.eventToken, let token, expected.matches(token) else {
            metrics.event(channel: channel.rawValue, outcome: "unauthorized")
            return json(.unauthorized, ["status": "unauthorized", "reason": "a valid event token is needed (token query parameter or x-eventbridge-signature-token header)"])
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: maximumBodySize)
        } catch {
            metrics.event(channel: channel.rawValue, outcome: "too_large")
            return json(.contentTooLarge, ["status": "rejected", "reason": "the body is larger than \(maximumBodySize) bytes"])
        }
        switch await engine.submit(Array(buffer: body), channel: channel) {
        case .draining:
            metrics.event(channel: channel.rawValue, outcome: "draining")
            return json(.serviceUnavailable, ["status": "shutting down"], retryAfter: 30)
        case .accepted(let event):
            metrics.event(channel: channel.rawValue, outcome: "accepted")
            return json(.accepted, ["status": "accepted", "eventId": event.id, "instanceId": event.instanceId])
        case .duplicate(let eventId):
            metrics.event(channel: channel.rawValue, outcome: "duplicate")
            return json(.ok, ["status": "duplicate", "eventId": eventId])
        case .ignored(let event, let reason):
            metrics.event(channel: channel.rawValue, outcome: "ignored")
            return json(.ok, ["status": "ignored", "eventId": event.id, "reason": reason])
        case .rejected(let error):
            metrics.event(channel: channel.rawValue, outcome: "rejected")
            return json(.badRequest, ["status": "rejected", "reason": error.kind.description])
        case .retryLater(let reason):
            metrics.event(channel: channel.rawValue, outcome: "deferred")
            return json(.serviceUnavailable, ["status": "retry later", "reason": reason], retryAfter: 5)
        }
    }

    /// EventBridge's header for the token of an HTTP target.
    static let eventBridgeTokenHeader = HTTPField.Name("x-eventbridge-signature-token")

    static func json(_ status: HTTPResponse.Status, _ fields: [String: String], retryAfter: Int? = nil) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])) ?? Data("{}".utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        if let retryAfter { headers[.retryAfter] = "\(retryAfter)" }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Where interruption events come from.
public enum EventChannel: String, Sendable, CaseIterable {
    /// `POST /events/cloudmonitor`.
    case cloudmonitor
    /// `POST /events/eventbridge`.
    case eventbridge
}

/// The port the server bound, once it has.
actor ListeningAddress {
    private var port: Int?
    private var failure: (any Error)?
    private var waiters: [UInt64: CheckedContinuation<Int, any Error>] = [:]
    private var nextWaiter: UInt64 = 0

    func set(port: Int) {
        self.port = port
        for waiter in waiters.values { waiter.resume(returning: port) }
        waiters.removeAll()
    }

    /// The server stopped or never bound: waiters get `error` (a port already reported stays).
    func fail(_ error: any Error) {
        guard port == nil else { return }
        failure = error
        for waiter in waiters.values { waiter.resume(throwing: error) }
        waiters.removeAll()
    }

    /// The port, once bound; throws the binding error, or `CancellationError` when the caller is cancelled.
    func wait() async throws -> Int {
        if let port { return port }
        if let failure { throw failure }
        nextWaiter += 1
        let id = nextWaiter
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiters[id] = continuation
                }
            }
        } onCancel: {
            Task { await self.cancel(id) }
        }
    }

    private func cancel(_ id: UInt64) {
        waiters.removeValue(forKey: id)?.resume(throwing: CancellationError())
    }
}
