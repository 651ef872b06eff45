import AliyunECS
import AliyunECSTesting
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import SpotGuardian
import SpotRecovery
import Testing

/// spot-guardian in process: a simulated region on a virtual clock, the service with its real HTTP
/// endpoints on 127.0.0.1 (a free port), captured logs, and stop requests the test sends.
final class GuardianHarness: Sendable {
    static let token = "test-event-token-0123456789abcdef"
    static let fleetTag = ResourceTag(key: "team", value: "batch")

    let clock: VirtualClock
    let region: SimulatedRegion
    let guardian: SpotGuardian
    let logs: CapturedLogs
    let port: Int
    let fleet: [String]
    private let stopRequests: AsyncStream<String>.Continuation
    private let outcome: Completion<GuardianExit>
    private let running: Task<Void, Never>

    /// The queue name a harness with an event queue consumes.
    static let queueName = "spot-events"

    /// A fleet of two tagged instances (and one untagged bystander), watched by tag; `configure` adjusts the
    /// configuration before the service starts.
    /// - Parameters:
    ///   - queue: An MNS service whose ``queueName`` queue the region consumes (`eventQueue`), if any.
    ///   - ownClock: A clock of the service's own (another replica's), instead of the region's.
    static func start(
        region existing: SimulatedRegion? = nil, fleet existingFleet: [String]? = nil, accessKeySecret: String = "testsecret",
        queue: SimulatedMNSService? = nil, ownClock: VirtualClock? = nil,
        waitUntilReady: Bool = true, configure: (inout GuardianConfiguration) -> Void = { _ in }
    ) async throws -> GuardianHarness {
        let region = existing ?? SimulatedRegion()
        let clock = try ownClock ?? #require(region.virtualClock)
        let fleet = existingFleet ?? region.addInstances(count: 2, zoneId: "cn-hangzhou-j", vSwitchId: "vsw-sim-j", tags: [fleetTag])
        if existing == nil { region.addInstances(count: 1, zoneId: "cn-hangzhou-j", vSwitchId: "vsw-sim-j", namePrefix: "bystander") }
        var configuration = GuardianConfiguration(
            regions: [RegionConfiguration(regionId: "cn-hangzhou", fleets: [
                FleetConfiguration(name: "batch", selector: .tagged(key: fleetTag.key, value: fleetTag.value)),
            ])],
            http: HTTPConfiguration(address: "127.0.0.1", port: 0), pollInterval: .seconds(2), backstopInterval: .seconds(3600),
            shutdownGracePeriod: .seconds(600), eventToken: EventToken(token))
        if let queue { configuration.regions[0].eventQueue = EventQueueConfiguration(endpoint: queue.endpoint, queue: queueName) }
        configure(&configuration)
        let logs = CapturedLogs()
        let guardian = try SpotGuardian(configuration: configuration, connection: { _ in
            SpotGuardian.Connection(
                credentials: StaticCredentialProvider(ECSCredentials(accessKeyId: "testid", accessKeySecret: accessKeySecret)),
                transport: region.transport, endpoint: "https://ecs.cn-hangzhou.simulated.invalid",
                configuration: ECSClient.Configuration(clock: clock, environment: [:]), queueTransport: queue?.transport)
        }, logger: logs.logger)
        let (requests, continuation) = AsyncStream<String>.makeStream()
        let outcome = Completion<GuardianExit>()
        let running = Task {
            outcome.set(await guardian.run(until: requests, logger: logs.logger))
        }
        let port = try await guardian.listeningPort()
        let harness = GuardianHarness(
            clock: clock, region: region, guardian: guardian, logs: logs, port: port, fleet: fleet, stopRequests: continuation,
            outcome: outcome, running: running)
        // Ready once the first poll of the fleet has been answered.
        if waitUntilReady {
            try #require(await harness.advance(until: { await harness.get("/readyz").status == 200 }))
            await harness.quiesce()
        }
        return harness
    }

    private init(
        clock: VirtualClock, region: SimulatedRegion, guardian: SpotGuardian, logs: CapturedLogs, port: Int, fleet: [String],
        stopRequests: AsyncStream<String>.Continuation, outcome: Completion<GuardianExit>, running: Task<Void, Never>
    ) {
        self.running = running
        self.clock = clock
        self.region = region
        self.guardian = guardian
        self.logs = logs
        self.port = port
        self.fleet = fleet
        self.stopRequests = stopRequests
        self.outcome = outcome
    }

    // MARK: Time

    /// Moves virtual time a second at a time until `condition` holds (`false` when it never did within
    /// `limit`). Between steps it lets real I/O (the HTTP exchanges) make progress.
    func advance(until condition: () async -> Bool, limit: Duration = .seconds(1800)) async -> Bool {
        var elapsed = Duration.zero
        while elapsed <= limit {
            if await condition() { return true }
            await clock.advance(by: .seconds(1))
            elapsed += .seconds(1)
            await Task.yield()
        }
        return await condition()
    }

    /// Waits (on real time, virtual time standing still) until the service makes no more calls: its
    /// start-up work (the first reconciliation, the catalog reading each member's RAM role and user data)
    /// has settled, so that a test counting calls counts its own.
    func quiesce() async {
        var quiet = 0
        var seen = region.calls.count
        for _ in 0..<500 where quiet < 5 {
            try? await Task.sleep(for: .milliseconds(10))
            let now = region.calls.count
            quiet = now == seen ? quiet + 1 : 0
            seen = now
        }
    }

    // MARK: Interruptions

    /// Marks `instanceId` for recycling now and returns its interruption event.
    func interrupt(_ instanceId: String) async throws -> SimulatedInterruptionEvent {
        region.scheduleInterruption(of: [instanceId], after: .zero)
        await clock.advance(by: .milliseconds(100))
        return try #require(region.announcedInterruptions.first { $0.instanceId == instanceId })
    }

    /// Calls that change something in the region (anything but a read).
    var mutatingCalls: [SimulatedCall] {
        region.calls.filter { !$0.action.hasPrefix("Describe") }
    }

    /// Instances launched by RunInstances.
    var replacements: [SimulatedInstance] {
        region.allInstances.filter { !fleet.contains($0.id) && $0.name?.hasPrefix("bystander") != true }
    }

    /// Images made from `instanceId`.
    func images(of instanceId: String) -> [SimulatedImage] {
        region.images.filter { $0.sourceInstanceId == instanceId }
    }

    // MARK: Stopping

    /// Sends a stop request, as a signal would.
    func requestStop(_ name: String = "SIGTERM") {
        stopRequests.yield(name)
    }

    /// Stops everything at once, as SIGKILL would: no graceful shutdown, tasks just end.
    func kill() {
        running.cancel()
    }

    /// How the run ended, or `nil` while it runs.
    var exit: GuardianExit? { outcome.value }

    /// Waits on real time, virtual time standing still, for the run to end: what ends it then is not
    /// the clock (a kill, a grace period already over), and a recovery that needed more virtual time
    /// would keep it from ending.
    func waitForExit(timeout: Duration = .seconds(10)) async -> GuardianExit? {
        let deadline = ContinuousClock.now + timeout
        while exit == nil, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(5)) }
        return exit
    }

    /// Stops the service (gracefully) and waits for it, moving time along.
    @discardableResult
    func stop() async -> GuardianExit? {
        requestStop()
        _ = await advance(until: { exit != nil })
        return exit
    }

    // MARK: HTTP

    struct Reply: Sendable {
        var status: Int
        var body: String
        var contentType: String?
    }

    func get(_ path: String) async -> Reply {
        await send(HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)"))
    }

    /// Posts an event body; `token` goes in the query, or in EventBridge's header when `asHeader`.
    func post(_ channel: String, body: Data, token: String? = GuardianHarness.token, asHeader: Bool = false) async -> Reply {
        var url = "http://127.0.0.1:\(port)/events/\(channel)"
        if let token, !asHeader { url += "?token=\(token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? token)" }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        if let token, asHeader { request.headers.add(name: "x-eventbridge-signature-token", value: token) }
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: body))
        return await send(request)
    }

    private func send(_ request: HTTPClientRequest) async -> Reply {
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            let body = try await response.body.collect(upTo: 1 << 20)
            return Reply(status: Int(response.status.code), body: String(buffer: body), contentType: response.headers.first(name: "content-type"))
        } catch {
            return Reply(status: 0, body: "\(error)")
        }
    }

    // MARK: Metrics

    /// The value of one sample of `/metrics` (`name{labels}`), `nil` when it is absent: a test that means
    /// "never counted" says `== nil`, so a typo in a sample's name cannot pass as a zero.
    func metric(_ sample: String) -> Double? {
        Self.metric(sample, in: guardian.metrics.prometheusText())
    }

    static func metric(_ sample: String, in text: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(sample + " ") {
            return Double(line.dropFirst(sample.count + 1)) ?? .nan
        }
        return nil
    }
}

/// A value set once from another task.
final class Completion<Value: Sendable>: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var stored: Value?

    var value: Value? { lock.withLock { stored } }

    func set(_ value: Value) {
        lock.withLock { stored = value }
    }
}
