import AliyunECSTesting
import Logging
import NIOCore
import NIOExtras
import NIOPosix
import ServiceLifecycle

/// Serves a `SimulatedRegion` over real HTTP/1.1: a local ECS emulator on SwiftNIO; with a
/// `SimulatedMNSService` beside it, the MNS queue API too (requests to `/queues/…`, signatures checked,
/// long polls waiting on the service's clock).
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
/// It serves on one event-loop thread of its own, requests and region included: each request is answered on
/// that thread as soon as it is read, with no task or other thread in between. The region answers one request
/// at a time anyway (it holds one lock), so more threads would only hand work to one another. A
/// DescribeInstances of 100 instances keeps that thread about half a millisecond.
///
/// It is a `Service`: run it in a `ServiceGroup` (its `run()` returns after a graceful shutdown), or use
/// ``withRunning(isolation:_:)``. A server runs once.
@available(macOS 14, iOS 17, tvOS 17, *)
public final class ECSEmulatorServer: Service, Sendable {
    /// The region being served.
    public let region: SimulatedRegion
    /// The MNS queues served beside the region (`/queues/<name>/messages`), if any.
    public let messageQueues: SimulatedMNSService?
    /// Where it listens and what it accepts.
    public let configuration: Configuration

    private let readiness = ServerReadiness()
    /// The latency faults being waited out, on every connection.
    let latencyWaits = LatencyWaits()

    /// Creates a server; nothing listens until ``run()``.
    /// - Parameters:
    ///   - region: The region to serve.
    ///   - messageQueues: An MNS service to serve beside it (paths `/queues/…`). Default: none.
    ///   - configuration: Address, port and limits. Default: `127.0.0.1`, a free port.
    public init(region: SimulatedRegion, messageQueues: SimulatedMNSService? = nil, configuration: Configuration = Configuration()) {
        self.region = region
        self.messageQueues = messageQueues
        self.configuration = configuration
    }

    /// Binds, serves until a graceful shutdown (or cancellation), then returns once every connection is closed.
    /// - Throws: The binding error (a port in use), or ``ECSEmulatorError`` (`alreadyStarted`) on a second call.
    public func run() async throws {
        guard readiness.claimStart() else {
            throw ECSEmulatorError(kind: .alreadyStarted, message: "An ECSEmulatorServer runs once")
        }
        // One thread for the whole server: see the type's documentation.
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let outcome: Result<Void, any Error>
        do {
            try await serve(on: group)
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }
        // Nothing may be scheduled on the loop once it stops: the latency waits end first.
        await latencyWaits.stop()
        try? await group.shutdownGracefully()
        switch outcome {
        case .success:
            readiness.ended(ECSEmulatorError(kind: .notRunning, message: "The server has stopped"))
        case .failure(let error):
            readiness.ended(error)
            throw error
        }
    }

    /// Binds on `group`, then serves until a graceful shutdown has closed every connection, or until the
    /// task is cancelled (stopping the loop then closes what is still open).
    private func serve(on group: MultiThreadedEventLoopGroup) async throws {
        // Ends with this call, before the loop stops (it completes a promise of the loop when it goes).
        let quiescing = ServerQuiescingHelper(group: group)
        let listener = try await ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(quiescing.makeServerChannelHandler(channel: channel))
                }
            }
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try self.configureConnection(channel) }
            }
            .bind(host: configuration.host, port: configuration.port)
            .get()
        let endpoint = ECSEmulatorEndpoint(host: configuration.host, port: listener.localAddress?.port ?? configuration.port)
        configuration.logger.info("Listening", metadata: ["url": "\(endpoint.url)"])
        readiness.running(at: endpoint)
        let closed = listener.eventLoop.makePromise(of: Void.self)
        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                try? await closed.futureResult.get()
            } onCancel: {
                closed.succeed()
            }
        } onGracefulShutdown: {
            // No new connections; each open one closes once its request is answered, idle ones at once.
            quiescing.initiateShutdown(promise: closed)
        }
        configuration.logger.info("Stopped serving", metadata: ["url": "\(endpoint.url)"])
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
    ///   - messageQueues: An MNS service to serve beside it. Default: none.
    ///   - configuration: Address, port and limits.
    ///   - isolation: The caller's isolation, kept for `body`.
    ///   - body: What to do while the server runs; it gets the endpoint.
    /// - Returns: What `body` returned.
    public static func withRunningServer<Result>(
        region: SimulatedRegion,
        messageQueues: SimulatedMNSService? = nil,
        configuration: Configuration = Configuration(),
        isolation: isolated (any Actor)? = #isolation,
        _ body: (ECSEmulatorEndpoint) async throws -> Result
    ) async throws -> Result {
        try await ECSEmulatorServer(region: region, messageQueues: messageQueues, configuration: configuration).withRunning(body)
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
