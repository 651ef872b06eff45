import AliyunECS
import AliyunECSTesting
import Foundation
import SpotRecovery
import Testing

/// The whole flow for a fleet: watch, image, relaunch, with events; bounded, concurrent and safe to run twice.
@Suite("Recovering a fleet")
struct RecoverTests {
    static func kind(_ event: RecoveryEvent) -> String {
        event.name
    }

    @Test("A marked instance is imaged at once and relaunched in the fallback zone when its own is sold out")
    func wholeFlow() async throws {
        let scenario = try Scenario()
        let fleet = scenario.region.addInstances(count: 5, zoneId: "cn-hangzhou-i", tags: [ResourceTag(key: "team", value: "batch")])
        scenario.region.scheduleInterruption(of: [fleet[2]], after: .seconds(40))
        scenario.region.setSoldOut(zoneId: "cn-hangzhou-i")
        let events = Collector<RecoveryEvent>()
        let recoverer = scenario.recoverer
        let options = RecoveryOptions(
            watch: WatchOptions(timeout: .seconds(90)),
            relaunch: RelaunchOptions(fallbackPlacements: [Placement(zoneId: "cn-hangzhou-j", vSwitchId: "vsw-sim-j")]))
        try await scenario.clock.run {
            try await recoverer.recover(.tagged(key: "team", value: "batch"), options: options) { events.append($0) }
        }

        let log = events.values
        let kinds = log.map(Self.kind)
        #expect(kinds.first == "detected")
        #expect(kinds.filter { $0 != "imageProgress" } == ["detected", "imageRequested", "imageAvailable", "relaunched"])
        #expect(kinds.contains("imageProgress"))
        #expect(log.allSatisfy { $0.instanceId == fleet[2] })
        #expect(zip(log.dropFirst(), log).allSatisfy { $0.time >= $1.time }, "events arrive in time order")

        let detected = log[0].time
        let create = try #require(scenario.region.calls(of: "CreateImage").first)
        #expect(create.time == detected, "CreateImage goes out the moment the lock is seen")
        #expect(scenario.elapsed(detected) - 40 <= 2.2)

        guard case .relaunched(let relaunch) = log.last?.kind else {
            Issue.record("the flow did not end with a relaunch")
            return
        }
        #expect(relaunch.zoneId == "cn-hangzhou-j")
        #expect(scenario.region.images.count == 1)
        #expect(scenario.region.allInstances.count == 6)
        #expect(scenario.region.instance(relaunch.instanceId)?.tags.contains(ResourceTag(key: "team", value: "batch")) == true)
    }

    @Test("Many instances marked at once are all imaged at once, then relaunched")
    func many() async throws {
        let scenario = try Scenario()
        let fleet = scenario.region.addInstances(count: 300)
        let marked = Array(fleet[100..<108])
        scenario.region.scheduleInterruption(of: marked, after: .seconds(10))
        let events = Collector<RecoveryEvent>()
        let recoverer = scenario.recoverer
        try await scenario.clock.run {
            try await recoverer.recover(.instances(fleet), options: RecoveryOptions(watch: WatchOptions(timeout: .seconds(30)))) { events.append($0) }
        }
        let creates = scenario.region.calls(of: "CreateImage")
        #expect(creates.count == 8)
        #expect(Set(creates.map(\.time)).count == 1, "every CreateImage at the same instant")
        let relaunched = events.values.filter { Self.kind($0) == "relaunched" }
        #expect(Set(relaunched.map(\.instanceId)) == Set(marked))
        #expect(scenario.region.images.count == 8)
        #expect(scenario.region.allInstances.count == 308)
        let polls = scenario.region.calls(of: "DescribeInstances").filter { $0.parameters["LockReason"] != nil }
        #expect(polls.count >= 3 && polls.count % 3 == 0, "300 instances cost three calls per poll (\(polls.count) calls)")
    }

    @Test("Every image is requested at once; beyond the concurrency bound, the rest of a recovery waits its turn")
    func bounded() async throws {
        let scenario = try Scenario()
        let fleet = scenario.region.addInstances(count: 4)
        scenario.region.scheduleInterruption(of: fleet, after: .seconds(5))
        let recoverer = scenario.recoverer
        try await scenario.clock.run {
            try await recoverer.recover(.instances(fleet), options: RecoveryOptions(maximumConcurrentRecoveries: 2)) { _ in }
        }
        let creates = scenario.region.calls(of: "CreateImage")
        #expect(creates.count == 4)
        #expect(Set(creates.map(\.time)).count == 1, "every image at once: a source may be released while its recovery waits")
        let firstLaunch = try #require(scenario.region.calls(of: "RunInstances").map(\.sequence).min())
        let firstLook = Dictionary(grouping: scenario.region.calls(of: "DescribeImages").filter { $0.parameters["ImageId"] != nil }, by: { $0.parameters["ImageId"] ?? "" })
            .mapValues { $0.map(\.sequence).min() ?? 0 }
        #expect(firstLook.count == 4)
        #expect(firstLook.values.filter { $0 > firstLaunch }.count == 2, "two recoveries wait for a slot before they look at their image")
        #expect(scenario.region.images.count == 4 && scenario.region.allInstances.count == 8)
    }

    @Test("Two recoverers of the same fleet at once make one image and one replacement per interrupted instance")
    func twoReplicas() async throws {
        let scenario = try Scenario()
        let fleet = scenario.region.addInstances(count: 20, tags: [ResourceTag(key: "team", value: "batch")])
        scenario.region.scheduleInterruption(of: [fleet[3], fleet[11]], after: .seconds(15))
        let replicaA = scenario.recoverer
        let replicaB = SpotRecoverer(client: try scenario.region.makeClient())
        let options = RecoveryOptions(watch: WatchOptions(timeout: .seconds(60)))
        let relaunches = Collector<Relaunch>()
        try await scenario.clock.run {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for recoverer in [replicaA, replicaB] {
                    group.addTask {
                        try await recoverer.recover(.tagged(key: "team", value: "batch"), options: options) { event in
                            if case .relaunched(let relaunch) = event.kind { relaunches.append(relaunch) }
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        #expect(scenario.region.images.count == 2)
        #expect(scenario.region.allInstances.count == 22)
        #expect(relaunches.values.count == 4, "each replica reports both replacements")
        #expect(Set(relaunches.values.map(\.instanceId)).count == 2)
    }

    @Test("A failed image is reported as a failed event; the rest of the fleet is still recovered")
    func partialFailure() async throws {
        let scenario = try Scenario()
        let fleet = scenario.region.addInstances(count: 3)
        scenario.region.scheduleInterruption(of: [fleet[0], fleet[1]], after: .seconds(5))
        scenario.region.failImages(ofInstance: fleet[0])
        let events = Collector<RecoveryEvent>()
        let recoverer = scenario.recoverer
        try await scenario.clock.run {
            try await recoverer.recover(.instances(fleet), options: RecoveryOptions(watch: WatchOptions(timeout: .seconds(20)))) { events.append($0) }
        }
        let failed = events.values.filter { Self.kind($0) == "failed" }
        #expect(failed.map(\.instanceId) == [fleet[0]])
        guard case .failed(let error) = try #require(failed.first).kind else {
            Issue.record("not a failure")
            return
        }
        #expect(error.kind == .imageFailed)
        #expect(events.values.contains { Self.kind($0) == "relaunched" && $0.instanceId == fleet[1] })
    }

    @Test("A throttling storm and lost answers during recovery still end with one image and one replacement")
    func stormy() async throws {
        let scenario = try Scenario()
        let fleet = scenario.region.addInstances(count: 2)
        scenario.region.scheduleInterruption(of: [fleet[0]], after: .seconds(5))
        scenario.region.inject(.throttling(action: nil, times: 12))
        scenario.region.inject(.responseLostAfterEffect(action: "CreateImage", times: 1))
        scenario.region.inject(.responseLostAfterEffect(action: "RunInstances", times: 1))
        scenario.region.inject(.serviceUnavailableHTML(action: "DescribeImages", times: 2))
        let events = Collector<RecoveryEvent>()
        let recoverer = scenario.recoverer
        try await scenario.clock.run {
            try await recoverer.recover(.instances(fleet), options: RecoveryOptions(watch: WatchOptions(timeout: .seconds(30)))) { events.append($0) }
        }
        #expect(events.values.contains { Self.kind($0) == "relaunched" })
        #expect(scenario.region.images.count == 1)
        #expect(scenario.region.allInstances.count == 3)
    }

    @Test("Cancelling the flow stops it: no calls after the cancellation")
    func cancellation() async throws {
        let scenario = try Scenario(configuration: SimulatedRegionConfiguration(imageCreationDuration: .seconds(3600)))
        let fleet = scenario.region.addInstances(count: 2)
        scenario.region.scheduleInterruption(of: fleet, after: .seconds(4))
        let recoverer = scenario.recoverer
        let task = Task { try await recoverer.recover(.instances(fleet)) { _ in } }
        // Let it detect and start imaging, then cancel while it waits on the image.
        while scenario.region.calls(of: "DescribeImages").isEmpty {
            await scenario.clock.advance(by: .seconds(1))
        }
        task.cancel()
        let result = await task.result
        #expect(throws: CancellationError.self, "cancellation ends the flow with CancellationError") { try result.get() }
        let count = scenario.region.calls.count
        await scenario.clock.advance(by: .seconds(600))
        #expect(scenario.region.calls.count == count)
        #expect(scenario.clock.sleeperCount == 0)
    }

    @Test("Cancelling the stream's consumer ends the stream and the recoveries, never with a failed event")
    func cancellationIsNotAFailure() async throws {
        let scenario = try Scenario(configuration: SimulatedRegionConfiguration(imageCreationDuration: .seconds(3600)))
        let fleet = scenario.region.addInstances(count: 1)
        scenario.region.scheduleInterruption(of: fleet, after: .seconds(2))
        let recoverer = scenario.recoverer
        let events = Collector<RecoveryEvent>()
        let task = Task {
            for try await event in recoverer.recover(.instances(fleet)) { events.append(event) }
        }
        while scenario.region.calls(of: "DescribeImages").isEmpty {
            await scenario.clock.advance(by: .seconds(1))
        }
        task.cancel()
        _ = await task.result
        let count = scenario.region.calls.count
        await scenario.clock.advance(by: .seconds(600))
        #expect(scenario.region.calls.count == count, "the recovery stopped with its consumer")
        #expect(!events.values.contains { $0.name == "failed" })
    }

    @Test("A cancelled recovery of one instance throws CancellationError and reports no failure")
    func recoverInstanceCancellation() async throws {
        let scenario = try Scenario(configuration: SimulatedRegionConfiguration(imageCreationDuration: .seconds(3600)))
        let id = try #require(scenario.region.addInstances(count: 1).first)
        scenario.region.scheduleInterruption(of: [id], after: .seconds(1))
        await scenario.clock.advance(by: .seconds(2))
        let notice = RecyclingNotice(instanceId: id, detectedAt: scenario.clock.now, instance: try await scenario.describe(id), source: .describeInstances)
        let recoverer = scenario.recoverer
        let events = Collector<RecoveryEvent>()
        let task = Task { try await recoverer.recoverInstance(notice) { events.append($0) } }
        while scenario.region.calls(of: "DescribeImages").isEmpty {
            await scenario.clock.advance(by: .seconds(1))
        }
        task.cancel()
        let result = await task.result
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(events.values.map(\.name) == ["imageRequested", "imageProgress"])
    }

    @Test("A failure names the step it came from", arguments: [
        ("CreateImage", "requestingImage"), ("RunInstances", "launching"),
    ])
    func failureNamesItsStep(action: String, step: String) async throws {
        let scenario = try Scenario(retryPolicy: .none)
        let fleet = scenario.region.addInstances(count: 1)
        scenario.region.scheduleInterruption(of: fleet, after: .seconds(2))
        scenario.region.inject(.error(code: "Forbidden.RAM", status: 403, action: action, times: nil))
        let events = Collector<RecoveryEvent>()
        let recoverer = scenario.recoverer
        try await scenario.clock.run {
            try await recoverer.recover(.instances(fleet), options: RecoveryOptions(watch: WatchOptions(timeout: .seconds(10)))) { events.append($0) }
        }
        guard case .failed(let error) = try #require(events.values.last).kind else {
            Issue.record("the recovery should fail")
            return
        }
        #expect(error.step?.description == step)
        #expect((error.underlying as? ECSServiceError)?.code == "Forbidden.RAM")
    }

    @Test("A source description that cannot be read is a failure at describingSource, not swallowed")
    func describingSourceFailure() async throws {
        let scenario = try Scenario(retryPolicy: .none)
        let id = try #require(scenario.region.addInstances(count: 1).first)
        scenario.region.inject(.throttling(action: "DescribeInstances", times: nil))
        let notice = RecyclingNotice(instanceId: id, detectedAt: scenario.clock.now, source: .instanceMetadata)
        let events = Collector<RecoveryEvent>()
        let recoverer = scenario.recoverer
        let outcome = try await scenario.clock.run { try await recoverer.recoverInstance(notice) { events.append($0) } }
        #expect(outcome == nil)
        guard case .failed(let error) = try #require(events.values.last).kind else {
            Issue.record("the recovery should fail")
            return
        }
        #expect(error.kind == .sourceUnknown && error.step == .describingSource)
        #expect((error.underlying as? ECSServiceError)?.code == "Throttling.User")
        #expect(scenario.region.calls(of: "CreateImage").isEmpty)
    }

    @Test("Poll jitter comes from the configured random source, so runs repeat exactly")
    func jitterFromConfiguredSource() async throws {
        let clock = VirtualClock()
        let region = SimulatedRegion(clock: clock)
        let fleet = region.addInstances(count: 1)
        let client = try ECSClient(
            region: "cn-hangzhou", credentials: .static(accessKeyId: "testid", accessKeySecret: "testsecret"),
            transport: region.transport, endpoint: "https://ecs.cn-hangzhou.simulated.invalid",
            configuration: .init(clock: clock, environment: [:], randomUnit: { 0 }))
        let recoverer = SpotRecoverer(client: client)
        _ = try? await clock.run {
            try await recoverer.waitForRecycling(.instances(fleet), options: WatchOptions(pollInterval: .seconds(10), jitter: 0.5, timeout: .seconds(40)))
        }
        let times = region.calls.map { $0.time.timeIntervalSince(region.calls[0].time) }
        #expect(times == [0, 5, 10, 15, 20, 25, 30, 35, 40], "random 0 with ±50 % jitter: every 5 s exactly")
    }

    @Test("The event stream carries the same flow")
    func stream() async throws {
        let scenario = try Scenario()
        let fleet = scenario.region.addInstances(count: 2)
        scenario.region.scheduleInterruption(of: [fleet[1]], after: .seconds(3))
        let recoverer = scenario.recoverer
        let kinds = Collector<String>()
        try await scenario.clock.run {
            for try await event in recoverer.recover(.instances(fleet), options: RecoveryOptions(watch: WatchOptions(timeout: .seconds(10)))) {
                kinds.append(Self.kind(event))
            }
        }
        #expect(kinds.values.filter { $0 != "imageProgress" } == ["detected", "imageRequested", "imageAvailable", "relaunched"])
    }
}
