import AliyunECS
import AliyunECSTesting
import Foundation
import SpotRecovery
import Testing

/// Noticing the interruption: within a poll interval, batched, never busy, cancellable, bounded.
@Suite("Watching for the recycling mark")
struct WatchTests {
    @Test("One instance: noticed within one poll of the mark, with its last known description")
    func singleInstance() async throws {
        let scenario = try Scenario()
        let ids = scenario.region.addInstances(
            count: 1, zoneId: "cn-hangzhou-j", instanceType: "ecs.c7.large", securityGroupIds: ["sg-a", "sg-b"],
            tags: [ResourceTag(key: "team", value: "batch")])
        scenario.region.scheduleInterruption(of: ids, after: .seconds(31))
        let recoverer = scenario.recoverer
        let notices = try await scenario.clock.run { try await recoverer.waitForRecycling(.instances(ids)) }

        let notice = try #require(notices.first)
        #expect(notices.count == 1 && notice.instanceId == ids[0])
        let delay = scenario.elapsed(notice.detectedAt) - 31
        #expect(delay >= 0 && delay <= 2.2, "noticed \(delay) s after the mark")
        let instance = try #require(notice.instance)
        #expect(instance.zoneId == "cn-hangzhou-j")
        #expect(instance.instanceType == "ecs.c7.large")
        #expect(instance.vSwitchId == "vsw-sim-j")
        #expect(instance.securityGroupIds == ["sg-a", "sg-b"])
        #expect(instance.tags == [ResourceTag(key: "team", value: "batch")])
        #expect(instance.spotStrategy == .spotAsPriceGo)
        #expect(notice.source == .describeInstances)

        let calls = scenario.region.calls(of: "DescribeInstances")
        #expect(calls.allSatisfy { $0.parameters["LockReason"] == "Recycling" && $0.instanceIdCount == 1 })
        // Never a busy loop: consecutive polls are a poll interval (±10 %) apart.
        let gaps = zip(calls.dropFirst(), calls).map { $0.time.timeIntervalSince($1.time) }
        #expect(!gaps.isEmpty && gaps.allSatisfy { $0 >= 1.8 && $0 <= 2.2 })
    }

    @Test("10,000 instances by ID: 100 DescribeInstances calls per poll, answers carry only marked instances")
    func tenThousandByID() async throws {
        let scenario = try Scenario()
        let ids = scenario.region.addInstances(count: 10_000)
        let marked = [ids[17], ids[4_242], ids[9_999]]
        scenario.region.scheduleInterruption(of: marked, after: .seconds(5))
        let recoverer = scenario.recoverer
        let notices = try await scenario.clock.run {
            try await recoverer.waitForRecycling(.instances(ids), options: WatchOptions(pollInterval: .seconds(2), jitter: 0))
        }
        #expect(Set(notices.map(\.instanceId)) == Set(marked))
        let calls = scenario.region.calls(of: "DescribeInstances")
        #expect(calls.count % 100 == 0, "whole polls only")
        let polls = calls.count / 100
        #expect(polls == 4, "polls at 0 s, 2 s and 4 s see nothing; the one at 6 s sees the mark")
        #expect(calls.allSatisfy { $0.instanceIdCount == 100 && $0.parameters["LockReason"] == "Recycling" })
        #expect(Set(calls.compactMap { $0.parameters["InstanceIds"] }).count == 100, "every ID is asked about once per poll")
    }

    @Test("A tagged fleet of 10,000: described once up front, then one call per poll whatever its size")
    func taggedFleet() async throws {
        let scenario = try Scenario()
        let ids = scenario.region.addInstances(count: 10_000, tags: [ResourceTag(key: "team", value: "batch")])
        scenario.region.addInstances(count: 50, tags: [ResourceTag(key: "team", value: "web")])
        scenario.region.scheduleInterruption(of: [ids[5_000]], after: .seconds(21))
        let recoverer = scenario.recoverer
        let options = WatchOptions(pollInterval: .seconds(2), jitter: 0)
        let detector = recoverer.detector(for: .tagged(key: "team", value: "batch"), options: options)
        let notices = try await scenario.clock.run { try await recoverer.waitForRecycling(using: detector, options: options) }

        #expect(notices.map(\.instanceId) == [ids[5_000]])
        #expect(await detector.knownInstances.count == 10_000)
        let calls = scenario.region.calls(of: "DescribeInstances")
        let upFront = calls.filter { $0.parameters["LockReason"] == nil }
        let polls = calls.filter { $0.parameters["LockReason"] == "Recycling" }
        #expect(upFront.count == 100, "10,000 descriptions in pages of 100, once")
        #expect(polls.count == 12, "one call per poll: 0 s … 22 s")
        #expect(polls.allSatisfy { $0.parameters["Tag.1.Key"] == "team" && $0.parameters["Tag.1.Value"] == "batch" && $0.parameters["InstanceIds"] == nil })
    }

    @Test("A tagged fleet's descriptions are refreshed at the refresh interval, not every poll")
    func taggedRefresh() async throws {
        let scenario = try Scenario()
        scenario.region.addInstances(count: 150, tags: [ResourceTag(key: "team", value: "batch")])
        let recoverer = scenario.recoverer
        let options = WatchOptions(pollInterval: .seconds(10), jitter: 0, timeout: .seconds(125), descriptionRefreshInterval: .seconds(60))
        await #expect(throws: SpotRecoveryError.self) {
            try await scenario.clock.run { try await recoverer.waitForRecycling(.tagged(key: "team", value: "batch"), options: options) }
        }
        let describes = scenario.region.calls(of: "DescribeInstances").filter { $0.parameters["LockReason"] == nil }
        #expect(describes.count == 2 * 3, "up front, then at 60 s and 120 s: two pages each time")
    }

    @Test("The watch times out with a typed error")
    func timeout() async throws {
        let scenario = try Scenario()
        let ids = scenario.region.addInstances(count: 3)
        let recoverer = scenario.recoverer
        let error = await #expect(throws: SpotRecoveryError.self) {
            try await scenario.clock.run {
                try await recoverer.waitForRecycling(.instances(ids), options: WatchOptions(pollInterval: .seconds(2), timeout: .seconds(30)))
            }
        }
        #expect(error?.kind == .watchTimedOut)
        #expect(abs(scenario.elapsed(scenario.clock.now) - 30) < 0.001)
    }

    @Test("Cancelling a watch ends it at once")
    func cancellation() async throws {
        let scenario = try Scenario()
        let ids = scenario.region.addInstances(count: 2)
        let recoverer = scenario.recoverer
        let task = Task { try await recoverer.waitForRecycling(.instances(ids), options: WatchOptions(pollInterval: .seconds(60))) }
        while scenario.clock.sleeperCount == 0 { await Task.yield() }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(scenario.clock.sleeperCount == 0)
        #expect(scenario.region.calls.count == 1)
    }

    @Test("A throttling storm slows the watch down but does not end it")
    func throttlingStorm() async throws {
        let scenario = try Scenario()
        let ids = scenario.region.addInstances(count: 1)
        scenario.region.scheduleInterruption(of: ids, after: .seconds(3))
        scenario.region.inject(.throttling(action: "DescribeInstances", times: 9))
        let recoverer = scenario.recoverer
        let notices = try await scenario.clock.run { try await recoverer.waitForRecycling(.instances(ids)) }
        #expect(notices.map(\.instanceId) == ids)
        #expect(scenario.region.calls.filter { $0.outcome == .error(code: "Throttling.User") }.count == 9)
    }

    @Test("A permanent error (a bad key) ends the watch instead of polling for ever")
    func permanentError() async throws {
        let scenario = try Scenario(configuration: SimulatedRegionConfiguration(credentials: [ECSCredentials(accessKeyId: "other", accessKeySecret: "x")]))
        let recoverer = SpotRecoverer(client: try ECSClient(
            region: "cn-hangzhou", credentials: .static(accessKeyId: "testid", accessKeySecret: "testsecret"),
            transport: scenario.region.transport, endpoint: "https://ecs.example",
            configuration: .init(clock: scenario.clock, environment: [:])))
        let error = await #expect(throws: ECSServiceError.self) {
            try await scenario.clock.run { try await recoverer.waitForRecycling(.instances(["i-1"])) }
        }
        #expect(error?.code == "InvalidAccessKeyId.NotFound")
        #expect(scenario.region.calls.count == 1)
    }

    @Test("The notice stream reports each instance once and ends when every watched instance is reported")
    func stream() async throws {
        let scenario = try Scenario()
        let ids = scenario.region.addInstances(count: 3)
        scenario.region.scheduleInterruption(of: [ids[0]], after: .seconds(10))
        scenario.region.scheduleInterruption(of: [ids[1], ids[2]], after: .seconds(50))
        let recoverer = scenario.recoverer
        let collected = Collector<RecyclingNotice>()
        try await scenario.clock.run {
            for try await notice in recoverer.recyclingNotices(.instances(ids)) { collected.append(notice) }
        }
        let notices = collected.values
        #expect(notices.map(\.instanceId).sorted() == ids.sorted())
        #expect(notices.first?.instanceId == ids[0])
        #expect(scenario.elapsed(notices[0].detectedAt) < 13)
        #expect(notices.dropFirst().allSatisfy { scenario.elapsed($0.detectedAt) >= 50 })
    }
}
