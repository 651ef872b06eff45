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
