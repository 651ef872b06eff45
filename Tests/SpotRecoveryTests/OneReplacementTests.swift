import AliyunECS
import AliyunECSTesting
import Foundation
import SpotRecovery
import Testing

/// One replacement per interruption, whatever the replicas do: separate clocks, diverging candidates,
/// diverging answers from ECS.
@Suite("One replacement per interruption")
struct OneReplacementTests {
    static let fleet = WatchTarget.tagged(key: "team", value: "batch")
    static let tag = ResourceTag(key: "team", value: "batch")

    static func candidates(_ zones: [String]) -> RelaunchOptions {
        RelaunchOptions(candidates: zones.map { LaunchCandidate(zoneId: "cn-hangzhou-\($0)", vSwitchId: "vsw-sim-\($0)") })
    }

    @Test(
        "Two replicas on separate clocks, with different candidates, the first launch sold out: one image, one replacement",
        arguments: [0, 1, 3, -2, 7])
    func divergingReplicas(offsetSeconds: Int) async throws {
        let scenario = try Scenario(configuration: SimulatedRegionConfiguration(imageCreationDuration: .seconds(60)))
        let id = try #require(scenario.region.addInstances(count: 1, zoneId: "cn-hangzhou-i", vSwitchId: "vsw-sim-i", tags: [Self.tag]).first)
        let replicaA = scenario.recoverer
        let (replicaB, clockB) = try scenario.replica(clockOffset: .seconds(offsetSeconds))
        scenario.region.scheduleInterruption(of: [id], after: .seconds(10))
        // Whichever replica launches first is told there is no stock; every later launch succeeds, so each
        // replica has a candidate of its own that would work (a token per candidate would launch two).
        scenario.region.inject(.error(code: "OperationDenied.NoStock", status: 403, action: "RunInstances", times: 1))
        let relaunches = Collector<Relaunch>()
        let collect: @Sendable (RecoveryEvent) -> Void = { event in
            if case .relaunched(let relaunch) = event.kind { relaunches.append(relaunch) }
        }
        let watch = WatchOptions(timeout: .seconds(600))
        let runA = Task {
            try await replicaA.recover(Self.fleet, options: RecoveryOptions(watch: watch, relaunch: Self.candidates(["i", "k"])), onEvent: collect)
        }
        let runB = Task {
            try await replicaB.recover(Self.fleet, options: RecoveryOptions(watch: watch, relaunch: Self.candidates(["j", "k"])), onEvent: collect)
        }
        let finished = Completions()
        Task { _ = await runA.result; finished.add() }
        Task { _ = await runB.result; finished.add() }
        #expect(await advanceTogether([scenario.clock, clockB], limit: .seconds(900)) { finished.count == 2 })
        try await runA.value
        try await runB.value

        #expect(scenario.region.images.count == 1, "one image")
        let replacements = scenario.region.liveInstances.filter { $0.tags.contains { $0.key == SpotRecoverer.sourceTagKey && $0.value == id } }
        #expect(replacements.count == 1, "one replacement (offset \(offsetSeconds) s)")
        #expect(relaunches.values.count == 2, "each replica reports the recovery")
        #expect(Set(relaunches.values.map(\.instanceId)) == Set(replacements.map(\.id)), "and both name the same replacement")
    }

    @Test("A replica whose look for an existing replacement misses it is refused by the interruption's ClientToken and adopts the replacement")
    func tokenGuardsTheRace() async throws {
        let scenario = try Scenario(configuration: SimulatedRegionConfiguration(imageCreationDuration: .seconds(60)))
        let id = try #require(scenario.region.addInstances(count: 1, zoneId: "cn-hangzhou-i", vSwitchId: "vsw-sim-i", tags: [Self.tag]).first)
        scenario.region.scheduleInterruption(of: [id], after: .seconds(5))
        await scenario.clock.advance(by: .seconds(6))
        let source = try #require(try await scenario.describe(id))
        let notice = RecyclingNotice(instanceId: id, detectedAt: scenario.clock.now, instance: source, source: .describeInstances)
        let recoverer = scenario.recoverer
        let image = try await scenario.clock.run { try await recoverer.snapshotImage(of: notice) }

        let other = SpotRecoverer(client: try scenario.region.makeClient())
        let first = try await scenario.clock.run {
            try await other.relaunch(from: image.imageId, source: source, options: Self.candidates(["j"]))
        }
        // This replica's look before its candidate sees an empty answer (the other launch is not visible yet).
        let empty = #"{"RequestId":"stale","Instances":{"Instance":[]},"TotalCount":0,"NextToken":""}"#
        scenario.region.inject(SimulatedFault(action: "DescribeInstances", times: 1, effect: .rawBody(status: 200, contentType: "application/json", body: empty)))
        let second = try await scenario.clock.run {
            try await recoverer.relaunch(from: image.imageId, source: source, options: Self.candidates(["k"]))
        }
        #expect(second.instanceId == first.instanceId)
        #expect(second.reusedExisting)
        let runs = scenario.region.calls(of: "RunInstances")
        #expect(runs.count == 2)
        #expect(runs.last.map { $0.outcome == .error(code: "IdempotentParameterMismatch") } == true, "the second launch was refused, not performed")
        #expect(scenario.region.liveInstances.filter { $0.tags.contains { $0.key == SpotRecoverer.sourceTagKey } }.count == 1)
    }

    @Test("The release a notice image is waited for counts from the first sighting recorded on the image, not from each replica's own")
    func deadlineFromTheNotice() async throws {
        let scenario = try Scenario(configuration: SimulatedRegionConfiguration(imageCreationDuration: .seconds(1000)))
        let id = try #require(scenario.region.addInstances(count: 1, zoneId: "cn-hangzhou-i", vSwitchId: "vsw-sim-i", tags: [Self.tag]).first)
        let checkpoint = try await scenario.recoverer.checkpoint(instanceId: id, period: 1, interval: .seconds(3600))
        await scenario.clock.advance(by: .seconds(1100))
        scenario.region.scheduleInterruption(of: [id], after: .seconds(5), releaseAfter: .seconds(600))
        await scenario.clock.advance(by: .seconds(6))
        let markedSeen = scenario.clock.now
        let source = try #require(try await scenario.describe(id))
        // The first replica noticed at once and asked for the image.
        let first = scenario.recoverer
        _ = try await scenario.clock.run {
            try await first.requestImage(of: RecyclingNotice(instanceId: id, detectedAt: markedSeen, instance: source, source: .describeInstances))
        }
        // The second noticed 100 s later.
        await scenario.clock.advance(by: .seconds(100))
        let second = SpotRecoverer(client: try scenario.region.makeClient())
        let late = RecyclingNotice(instanceId: id, detectedAt: scenario.clock.now, instance: source, source: .describeInstances)
        let events = Collector<RecoveryEvent>()
        let outcome = try await scenario.clock.run { try await second.recoverInstance(late) { events.append($0) } }
        #expect(outcome?.relaunch?.imageId == checkpoint)
        let abandoned = try #require(events.values.first { $0.name == "noticeImageAbandoned" })
        // Release expected at the first sighting + 5 minutes; abandoned a minute after that.
        #expect(abandoned.time.timeIntervalSince(markedSeen) == 360, "abandoned at \(abandoned.time.timeIntervalSince(markedSeen)) s")
        #expect(scenario.region.images.filter { $0.tags.contains { $0.value == SpotRecoverer.noticeImageKind } }.count == 1)
    }
}

/// Counts finished tasks.
final class Completions: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func add() { lock.withLock { value += 1 } }
    var count: Int { lock.withLock { value } }
}
