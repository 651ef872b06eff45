import AliyunECSTesting
import EventLoopTaskExecutor
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// Serves a ``SimulatedRegion`` over real HTTP/1.1: a local ECS emulator on SwiftNIO (Hummingbird 2).
///
/// Any ECS client can talk to it, signatures checked, with kept-alive connections. The region's faults
/// work over the wire: an error or a proxy's HTML page is the answer; a lost request or a response lost
/// after the effect closes the connection without an answer; latency waits on the region's clock, without
/// holding a thread. Malformed requests (a bad `Content-Length`, a garbage request line, oversized headers
/// or body, a client that stalls or leaves mid-body) get a 4xx or a closed connection, never a crash.
///
/// ```swift
/// let region = SimulatedRegion(clock: SystemClock())
/// try await ECSEmulatorServer.withRunningServer(region: region) { endpoint in
///     let ecs = try ECSClient(region: "cn-hangzhou", credentials: .static(accessKeyId: "testid", accessKeySecret: "testsecret"),
///                             endpoint: endpoint.url)
///     _ = try await ecs.describeInstances(DescribeInstancesRequest())
/// }
/// ```
///
/// It serves on one event-loop thread of its own, requests and region included: the region answers one
/// request at a time anyway (it holds one lock), so a single thread serves them without handing work from
/// thread to thread. A DescribeInstances of 100 instances keeps that thread about a millisecond.
///
/// It is a `Service`: run it in a `ServiceGroup` (its `run()` returns after a graceful shutdown), or use
/// ``withRunning(isolation:_:)``. A server runs once.
@available(macOS 14, iOS 17, tvOS 17, *)
public final class ECSEmulatorServer: Service, Sendable {
    /// The region being served.
    public let region: SimulatedRegion
    /// Where it listens and what it accepts.
    public let configuration: Configuration

    private let readiness = ServerReadiness()

    /// Creates a server; nothing listens until ``run()``.
    /// - Parameters:
    ///   - region: The region to serve.
    ///   - configuration: Address, port and limits. Default: `127.0.0.1`, a free port.
    public init(region: SimulatedRegion, configuration: Configuration = Configuration()) {
        self.region = region
        self.configuration = configuration
    }

    /// Binds, serves until a graceful shutdown (or cancellation), then returns once every connection is closed.
    /// - Throws: The binding error (a port in use), or ``ECSEmulatorError`` (`alreadyStarted`) on a second call.
    public func run() async throws {
        guard readiness.claimStart() else {
            throw ECSEmulatorError(kind: .alreadyStarted, message: "An ECSEmulatorServer runs once")
        }
        let readiness = readiness
        // One thread for the whole server: see the type's documentation.
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { group.shutdownGracefully { _ in } }
        let host = configuration.host
        let requestedPort = configuration.port
        let application = makeApplication(server: .http1(configuration: channelConfiguration), eventLoopGroup: group) { channel in
            readiness.running(at: ECSEmulatorEndpoint(host: host, port: channel.localAddress?.port ?? requestedPort))
        }
        do {
            if #available(macOS 15, iOS 18, tvOS 18, watchOS 11, *) {
                try await withTaskExecutorPreference(EventLoopTaskExecutor(eventLoop: group.next())) {
                    try await application.run()
                }
            } else {
                try await application.run()
            }
        } catch {
            readiness.ended(error)
            throw error
        }
        readiness.ended(ECSEmulatorError(kind: .notRunning, message: "The server has stopped"))
    }

    /// Where the server listens, once it does.
    /// - Throws: Why it stopped or failed to start (``ECSEmulatorError``, a binding error), or
    ///   `CancellationError` when the waiting task is cancelled.
    public func waitUntilRunning() async throws -> ECSEmulatorEndpoint {
        try await readiness.wait()
    }

    /// Runs the server around `body`: it starts, `body` gets its endpoint, then the server shuts down
    /// gracefully (open connections are closed once their request is answered; after five seconds the
    /// rest are cut) and this returns what `body` returned.
    /// - Parameters:
    ///   - isolation: The caller's isolation, kept for `body`.
    ///   - body: What to do while the server runs.
    /// - Returns: What `body` returned.
    /// - Throws: What `body` threw, or why the server could not start.
    public func withRunning<Result>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (ECSEmulatorEndpoint) async throws -> Result
    ) async throws -> Result {
        var groupConfiguration = ServiceGroupConfiguration(services: [.init(service: self)], logger: configuration.logger)
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(5)
        let group = ServiceGroup(configuration: groupConfiguration)
        return try await withThrowingTaskGroup(of: Void.self, returning: Result.self) { tasks in
            tasks.addTask { try await group.run() }
            let outcome: Swift.Result<Result, any Error>
            do {
                let endpoint = try await waitUntilRunning()
                outcome = .success(try await body(endpoint))
            } catch {
                outcome = .failure(error)
            }
            await group.triggerGracefulShutdown()
            do {
                try await tasks.waitForAll()
            } catch {
                // A failure to start is already the outcome; a failure to stop matters only after success.
                if case .success = outcome { throw error }
            }
            return try outcome.get()
        }
    }

    /// Serves `region` around `body` (see ``withRunning(isolation:_:)``).
    /// - Parameters:
    ///   - region: The region to serve.
    ///   - configuration: Address, port and limits.
    ///   - isolation: The caller's isolation, kept for `body`.
    ///   - body: What to do while the server runs; it gets the endpoint.
    /// - Returns: What `body` returned.
    public static func withRunningServer<Result>(
        region: SimulatedRegion,
        configuration: Configuration = Configuration(),
        isolation: isolated (any Actor)? = #isolation,
        _ body: (ECSEmulatorEndpoint) async throws -> Result
    ) async throws -> Result {
        try await ECSEmulatorServer(region: region, configuration: configuration).withRunning(body)
    }

    /// The Hummingbird application around the region's responder, bound to the configured address; `server`
    /// builds what serves each connection (``run()`` and ``connectionHandler(eventLoopGroup:)`` share it).
    func makeApplication(
        server: HTTPServerBuilder, eventLoopGroup: any EventLoopGroup,
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) -> Application<EmulatorResponder> {
        Application(
            responder: EmulatorResponder(region: region, maximumBodySize: configuration.maximumRequestBodySize),
            server: server,
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: nil, reuseAddress: true),
            onServerRunning: onServerRunning,
            eventLoopGroupProvider: .shared(eventLoopGroup),
            logger: configuration.logger)
    }

    /// HTTP/1.1 with the configured header limits and idle timeout, and a handler that closes the
    /// connection after a `Connection: close` refusal.
    var channelConfiguration: HTTP1Channel.Configuration {
        let limits = HTTP1Channel.Configuration.DecoderConfiguration(
            maxHeaderFieldSize: configuration.maximumHeaderSize, maxHeaderListSize: configuration.maximumHeaderSize,
            maxHeaderFieldCount: configuration.maximumHeaderCount)
        return HTTP1Channel.Configuration(
            additionalChannelHandlers: [CloseAfterResponseHandler()],
            idleTimeout: TimeAmount.nanoseconds(configuration.idleTimeout.nanoseconds),
            httpDecoderConfiguration: limits)
    }
}

extension Duration {
    /// Whole nanoseconds, saturated.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return seconds < 0 ? .min : .max }
        let (total, overflowTotal) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        return overflowTotal ? (seconds < 0 ? .min : .max) : total
    }
}
