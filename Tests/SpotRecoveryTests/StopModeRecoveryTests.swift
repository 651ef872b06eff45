import AliyunECS
import AliyunECSTesting
import Foundation
import SpotRecovery
import Testing

/// Instances launched with `SpotInterruptionBehavior` `Stop`: restarted in place, or imaged and relaunched
/// once the restart deadline passes.
@Suite("Stop-mode recovery")
struct StopModeRecoveryTests {
    static func run(_ scenario: Scenario, options: RecoveryOptions) async throws -> [RecoveryEvent] {
        let events = Collector<RecoveryEvent>()
        let recoverer = scenario.recoverer
        try await scenario.clock.run {
            try await recoverer.recover(.tagged(key: "team", value: "stop"), options: options) { events.append($0) }
        }
        return events.values
    }

    @Test("A stop-mode instance is restarted in place once stock returns: same ID, no image, no new instance")
    func restartedInPlace() async throws {
        let scenario = try Scenario()
        let id = try #require(scenario.region.addInstances(
            count: 1, zoneId: "cn-hangzhou-i", tags: [ResourceTag(key: "team", value: "stop")], spotInterruptionBehavior: .stop).first)
        scenario.region.scheduleInterruption(of: [id], after: .seconds(10))
        // No stock for a while after the stop.
        scenario.region.setSoldOut(zoneId: "cn-hangzhou-i", until: scenario.start.addingTimeInterval(10 + 300 + 100))
        let events = try await Self.run(scenario, options: RecoveryOptions(watch: WatchOptions(timeout: .seconds(30))))
        let names = events.map(\.name)
        #expect(names.first == "detected")
        #expect(names.contains("waitingForStop") && names.contains("stopped"))
        #expect(names.filter { $0 == "restartDeferred" }.count >= 2, "NoStock is retried with backoff")
        #expect(names.last == "restarted")
        #expect(!names.contains("imageRequested") && scenario.region.images.isEmpty)
        #expect(scenario.region.allInstances.count == 1)
        #expect(scenario.region.instance(id)?.restarts == 1)
        await scenario.clock.advance(by: .seconds(30))
        #expect(try await scenario.describe(id)?.status == .running)
        // The retries back off: waits grow (15 s, 30 s, 60 s …).
        let retries = events.compactMap { event -> Date? in
            if case .restartDeferred(_, let retryAt) = event.kind { return retryAt }
            return nil
        }
        let gaps = zip(retries.dropFirst(), retries).map { $0.timeIntervalSince($1) }
        #expect(gaps.count >= 2, "enough retries to see the backoff")
        #expect(gaps == gaps.sorted() && Set(gaps).count > 1, "backoff grows")
    }

    @Test("Past the restart deadline the stopped instance is imaged and relaunched through the planner")
    func deadlineThenRelaunch() async throws {
        let scenario = try Scenario()
        let id = try #require(scenario.region.addInstances(
            count: 1, zoneId: "cn-hangzhou-i", tags: [ResourceTag(key: "team", value: "stop")], spotInterruptionBehavior: .stop).first)
        scenario.region.scheduleInterruption(of: [id], after: .seconds(10))
        scenario.region.setSoldOut(zoneId: "cn-hangzhou-i", instanceType: "ecs.g7.large")
        let placement = PlacementPolicy(
            placements: [Placement(zoneId: "cn-hangzhou-i", vSwitchId: "vsw-sim-i"), Placement(zoneId: "cn-hangzhou-j", vSwitchId: "vsw-sim-j")],
            instanceTypes: .types(["ecs.g7.large"]))
        let options = RecoveryOptions(
            watch: WatchOptions(timeout: .seconds(30)), relaunch: RelaunchOptions(placement: placement),
            stopMode: StopModeOptions(restartDeadline: .seconds(300)))
        let events = try await Self.run(scenario, options: options)
        let names = events.map(\.name)
        #expect(names.contains("restartAbandoned"))
        #expect(names.contains("imageAvailable") && names.last == "relaunched")
        let relaunch = try #require(events.compactMap { event -> Relaunch? in
            if case .relaunched(let relaunch) = event.kind { return relaunch }
            return nil
        }.first)
        #expect(relaunch.zoneId == "cn-hangzhou-j")
        #expect(scenario.region.images.count == 1, "the stopped instance's disks make the image")
    }

    @Test("restartInPlace reports released when the instance is gone instead of stopped")
    func released() async throws {
        let scenario = try Scenario()
        let id = try #require(scenario.region.addInstances(count: 1).first)
        scenario.region.scheduleInterruption(of: [id], after: .seconds(1), releaseAfter: .seconds(2))
        await scenario.clock.advance(by: .seconds(5))
        let recoverer = scenario.recoverer
        let result = try await scenario.clock.run { try await recoverer.restartInPlace(id) }
        #expect(result == .released)
    }

    @Test("Another StartInstance error fails the recovery at the restarting step")
    func otherErrorFails() async throws {
        let scenario = try Scenario(retryPolicy: .none)
        let id = try #require(scenario.region.addInstances(
            count: 1, tags: [ResourceTag(key: "team", value: "stop")], spotInterruptionBehavior: .stop).first)
        scenario.region.scheduleInterruption(of: [id], after: .seconds(5))
        scenario.region.inject(.error(code: "QuotaExceed.ElasticQuota", status: 403, action: "StartInstance", times: nil))
        let events = try await Self.run(scenario, options: RecoveryOptions(watch: WatchOptions(timeout: .seconds(20))))
        guard case .failed(let error) = try #require(events.last).kind else {
            Issue.record("the recovery should fail")
            return
        }
        #expect(error.kind == .restartFailed && error.step == .restarting)
        #expect((error.underlying as? ECSServiceError)?.code == "QuotaExceed.ElasticQuota")
    }
}
