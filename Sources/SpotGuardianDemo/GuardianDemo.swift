import AliyunECS
import AliyunECSAsyncHTTPClient
import AliyunECSEmulator
import AliyunECSTesting
import Foundation
import Logging
import SpotGuardian
import SpotRecovery

/// `spot-guardian --demo`: the service against an embedded ECS emulator on real time, with a tagged fleet
/// of three spot instances whose interruption events CloudMonitor delivers into an MNS queue the emulator
/// serves too. It prints its base URL and the event token it made up, interrupts one instance a few seconds
/// later, takes that interruption's event from the queue, recovers it, and serves until stopped, so that
/// `/metrics` can be scraped and more events posted by hand.
@available(macOS 14, iOS 17, tvOS 17, *)
public struct GuardianDemo: Sendable {
    /// The tag that marks the demo fleet.
    public static let fleetTag = ResourceTag(key: "spot-guardian", value: "demo")

    /// The port of the HTTP endpoints (0 picks a free one).
    public var port: Int
    /// How long after start one instance is interrupted.
    public var interruptAfter: Duration
    /// The simulated region behind the emulator (tests look at it).
    public let region: SimulatedRegion
    /// The MNS queues the emulator serves beside the region, with the fleet's events in ``queueName``.
    public let messageQueues: SimulatedMNSService
    /// The queue the region's interruption events go into.
    public static let queueName = "spot-guardian-demo"
    private let logger: Logger
    private let output: @Sendable (String) -> Void
    private let eventToken: String

    /// Creates the demo.
    /// - Parameters:
    ///   - port: The port of the HTTP endpoints, 0 for a free one.
    ///   - interruptAfter: When the demo interrupts an instance. Default: 5 seconds.
    ///   - logger: Where the service logs.
    ///   - output: Where the demo's own lines go (base URL, token, what it posted).
    public init(port: Int, interruptAfter: Duration = .seconds(5), logger: Logger, output: @escaping @Sendable (String) -> Void) {
        self.port = port
        self.interruptAfter = interruptAfter
        self.logger = logger
        self.output = output
        var generator = SystemRandomNumberGenerator()
        eventToken = (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        region = SimulatedRegion(
            configuration: SimulatedRegionConfiguration(
                credentials: [Self.credentials], pendingDuration: .seconds(3), imageCreationDuration: .seconds(8),
                interruptionNotice: .seconds(300),
                // The demo serves until it is stopped: the latest calls are enough to look at.
                callHistoryLimit: 10_000),
            clock: SystemClock())
        region.addInstances(
            count: 3, zoneId: "cn-hangzhou-j", vSwitchId: "vsw-sim-j", tags: [Self.fleetTag], namePrefix: "demo-worker")
        messageQueues = SimulatedMNSService(region: region)
        messageQueues.createQueue(named: Self.queueName, visibilityTimeout: .seconds(60))
        messageQueues.publishInterruptions(of: region, to: Self.queueName)
    }

    /// The key the embedded emulator accepts: a made-up test value, not a real key.
    static let credentials = ECSCredentials(accessKeyId: "demo-key-id", accessKeySecret: "demo-key-secret")

    /// The configuration the demo runs: one fleet by tag, planned placement over three zones and two
    /// types, checkpoints every two minutes keeping two images.
    func configuration(endpoint: String) -> GuardianConfiguration {
        var placement = PlacementPolicy(
            placements: ["i", "j", "k"].map { Placement(zoneId: "cn-hangzhou-\($0)", vSwitchId: "vsw-sim-\($0)") },
            instanceTypes: .types(["ecs.g7.large", "ecs.c7.large"]))
        placement.cacheLifetime = .seconds(30)
        let fleet = FleetConfiguration(
            name: "demo", selector: .tagged(key: Self.fleetTag.key, value: Self.fleetTag.value), placement: placement,
            checkpointInterval: .seconds(120), retention: RetentionPolicy(keep: 2))
        let queue = EventQueueConfiguration(endpoint: endpoint, queue: Self.queueName, waitSeconds: 5, visibilityTimeout: .seconds(60))
        return GuardianConfiguration(
            regions: [RegionConfiguration(regionId: "cn-hangzhou", endpoint: endpoint, fleets: [fleet], eventQueue: queue)],
            http: HTTPConfiguration(address: "127.0.0.1", port: port), pollInterval: .seconds(1), backstopInterval: .seconds(30),
            shutdownGracePeriod: .seconds(30), eventToken: EventToken(eventToken))
    }

    /// Runs the emulator and the service until a stop request (see ``SpotGuardian/run(until:logger:)``).
    public func run<Requests: AsyncSequence & Sendable>(until stopRequests: Requests) async -> GuardianExit
    where Requests.Element: CustomStringConvertible & Sendable {
        let emulator = ECSEmulatorServer(region: region, messageQueues: messageQueues)
        let serving = Task { try await emulator.run() }
        defer { serving.cancel() }
        let guardian: SpotGuardian
        do {
            let endpoint = try await emulator.waitUntilRunning().url
            let credentials = Self.credentials
            guardian = try SpotGuardian(configuration: configuration(endpoint: endpoint), connection: { region in
                SpotGuardian.Connection(credentials: StaticCredentialProvider(credentials), transport: .asyncHTTPClient(), endpoint: region.endpoint)
            }, logger: logger)
        } catch {
            return .failed("the embedded emulator did not start: \(error)")
        }
        let script = Task { await narrate(guardian) }
        defer { script.cancel() }
        return await guardian.run(until: stopRequests, logger: logger)
    }

    /// The demo's script: announce, interrupt, say when the event has been taken from the queue.
    private func narrate(_ guardian: SpotGuardian) async {
        guard let port = try? await guardian.listeningPort() else { return }
        let base = "http://127.0.0.1:\(port)"
        output("spot-guardian demo: \(base)")
        output("event token: \(eventToken)")
        output("  curl \(base)/metrics")
        output("  curl -X POST '\(base)/events/cloudmonitor?token=\(eventToken)' --data-binary @event.json")
        output("Interrupting one instance of the fleet in \(interruptAfter); its event goes into the MNS queue \(Self.queueName); stop with Ctrl-C.")
        do {
            try await Task.sleep(for: interruptAfter)
            guard let victim = region.liveInstances.first?.id else { return }
            region.scheduleInterruption(of: [victim], after: .zero)
            output("Interrupted \(victim): its CloudMonitor event is in the queue")
            // The message is deleted once the guardian has recorded its recovery.
            while !Task.isCancelled {
                try await Task.sleep(for: .milliseconds(200))
                let waiting = messageQueues.messages(in: Self.queueName)
                if waiting.isEmpty, !messageQueues.calls(of: "DeleteMessage").isEmpty || !messageQueues.calls(of: "BatchDeleteMessage").isEmpty {
                    output("The guardian took the event from the queue and recorded the recovery of \(victim)")
                    break
                }
            }
        } catch {
            if !(error is CancellationError) { output("The demo stopped narrating: \(error)") }
        }
    }
}
