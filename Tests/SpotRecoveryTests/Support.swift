import AliyunECS
import AliyunECSTesting
import Foundation
import SpotRecovery

/// A simulated region, a client and a recoverer on one virtual clock.
struct Scenario {
    let region: SimulatedRegion
    let clock: VirtualClock
    let client: ECSClient
    let recoverer: SpotRecoverer

    init(configuration: SimulatedRegionConfiguration = SimulatedRegionConfiguration(), retryPolicy: RetryPolicy = .default) throws {
        clock = VirtualClock()
        region = SimulatedRegion(configuration: configuration, clock: clock)
        client = try region.makeClient(retryPolicy: retryPolicy)
        recoverer = SpotRecoverer(client: client)
    }

    var start: Date { Date(timeIntervalSince1970: 1_795_680_000) }

    /// Seconds of virtual time since the scenario began.
    func elapsed(_ date: Date) -> Double { date.timeIntervalSince(start) }

    /// The description ECS would give of an instance now.
    func describe(_ id: String) async throws -> ECSInstance? {
        try await client.describeInstances(DescribeInstancesRequest(instanceIds: [id])).instances.first
    }
}

/// Collects values from concurrent callbacks.
final class Collector<Value: Sendable>: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var storage: [Value] = []

    func append(_ value: Value) {
        lock.withLock { storage.append(value) }
    }

    var values: [Value] { lock.withLock { storage } }
}

extension SimulatedCall {
    /// The number of IDs in a DescribeInstances call's InstanceIds parameter.
    var instanceIdCount: Int {
        guard let text = parameters["InstanceIds"] else { return 0 }
        return text.split(separator: ",").count
    }
}

/// A task to cancel from a callback that runs before the task exists (the region's call observer): the
/// "kill" of a recovery at the moment the region handles a given call.
final class Killer: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var task: Task<Void, Never>?
    private var requested = false

    /// Kills the task (at once if it is known, else as soon as it is).
    func kill() {
        let target: Task<Void, Never>? = lock.withLock {
            requested = true
            return task
        }
        target?.cancel()
    }

    /// The task to kill.
    func watch(_ task: Task<Void, Never>) {
        let killNow = lock.withLock {
            self.task = task
            return requested
        }
        if killNow { task.cancel() }
    }

    var wasRequested: Bool { lock.withLock { requested } }
}

extension Scenario {
    /// Runs `body` on the scenario's clock and kills it right after the region handles the first call
    /// for which `when` is true; returns once it has ended.
    func runKilled(after when: @escaping @Sendable (SimulatedCall) -> Bool, _ body: @escaping @Sendable () async throws -> Void) async {
        let killer = Killer()
        region.observeCalls { call in if when(call) { killer.kill() } }
        let clock = clock
        let task = Task { _ = try? await clock.run { try await body() } }
        killer.watch(task)
        await task.value
        region.observeCalls { _ in }
    }

    /// A second recoverer on its own client and its own clock, which starts `offset` from the region's
    /// clock: another replica, or the same service started again.
    func replica(clockOffset offset: Duration = .zero) throws -> (recoverer: SpotRecoverer, clock: VirtualClock) {
        let replicaClock = VirtualClock(start: clock.now.addingTimeInterval(offset.inSeconds))
        guard let credentials = region.configuration.credentials.first else { throw ScenarioError.noKeyPair }
        let client = try ECSClient(
            region: region.regionId, credentials: StaticCredentialProvider(credentials), transport: region.transport,
            endpoint: "https://ecs.\(region.regionId).simulated.invalid",
            configuration: ECSClient.Configuration(clock: replicaClock, environment: [:]))
        return (SpotRecoverer(client: client, clock: replicaClock), replicaClock)
    }
}

/// Moves several virtual clocks forward together, a step at a time (each its own time, so replicas keep
/// their offsets), until `condition` holds; `false` when it never did within `limit`.
func advanceTogether(_ clocks: [VirtualClock], step: Duration = .seconds(1), limit: Duration, until condition: () async -> Bool) async -> Bool {
    var elapsed = Duration.zero
    while elapsed <= limit {
        if await condition() { return true }
        for clock in clocks { await clock.advance(by: step) }
        elapsed += step
    }
    return await condition()
}

/// What a scenario helper could not set up.
enum ScenarioError: Error {
    case noKeyPair
}
