import AliyunECS
import AliyunECSTesting
import Foundation
import SpotRecovery
import Testing

/// Defects found reading the flow against the simulator, each pinned by a test that failed before its fix.
@Suite("Smaller defects")
struct SmallerDefectsTests {
    static let fleet = WatchTarget.tagged(key: "team", value: "batch")
    static let tag = ResourceTag(key: "team", value: "batch")

    static func relaunches(_ events: [RecoveryEvent]) -> [Relaunch] {
        events.compactMap { event in
            if case .relaunched(let relaunch) = event.kind { return relaunch }
            return nil
        }
    }

    @Test("With the checkpoint fallback on and no checkpoint, the only notice image is waited for past the expected release")
    func noCheckpointKeepsWaiting() async throws {
        // The release comes ten minutes after the mark, later than the usual five; the image needs seven.
        let scenario = try Scenario(configuration: SimulatedRegionConfiguration(imageCreationDuration: .seconds(420)))
        let id = try #require(scenario.region.addInstances(count: 1, zoneId: "cn-hangzhou-j", vSwitchId: "vsw-sim-j", tags: [Self.tag]).first)
        scenario.region.scheduleInterruption(of: [id], after: .seconds(5), releaseAfter: .seconds(600))
        let events = Collector<RecoveryEvent>()
        let recoverer = scenario.recoverer
        try await scenario.clock.run {
            try await recoverer.recover(Self.fleet, options: RecoveryOptions(watch: WatchOptions(timeout: .seconds(30)))) { events.append($0) }
        }
        #expect(!events.values.map(\.name).contains("noticeImageAbandoned"))
        #expect(Self.relaunches(events.values).first?.imageId == scenario.region.images.first?.id)
    }

    @Test("Requirements with a failed DescribeAvailableResource still rank candidates: the interrupted instance's type in the other zones")
    func requirementsWithoutStockData() async throws {
        let scenario = try Scenario()
        let id = try #require(scenario.region.addInstances(count: 1, zoneId: "cn-hangzhou-i", vSwitchId: "vsw-sim-i", tags: [Self.tag]).first)
        scenario.region.inject(.error(code: "Forbidden.RAM", status: 403, action: "DescribeAvailableResource", times: nil))
        scenario.region.scheduleInterruption(of: [id], after: .seconds(5))
        let policy = PlacementPolicy(
            placements: [Placement(zoneId: "cn-hangzhou-i", vSwitchId: "vsw-sim-i"), Placement(zoneId: "cn-hangzhou-k", vSwitchId: "vsw-sim-k")],
            instanceTypes: .requirements(cores: 2, memoryGiB: 8, families: ["ecs.g7"]))
        let events = Collector<RecoveryEvent>()
        let recoverer = scenario.recoverer
        try await scenario.clock.run {
            try await recoverer.recover(Self.fleet, options: RecoveryOptions(
                watch: WatchOptions(timeout: .seconds(30)), relaunch: RelaunchOptions(placement: policy))) { events.append($0) }
        }
        let relaunch = try #require(Self.relaunches(events.values).first)
        #expect(relaunch.zoneId == "cn-hangzhou-k" && relaunch.instanceType == "ecs.g7.large")
        #expect(!scenario.region.calls(of: "DescribeAvailableResource").isEmpty)
    }

    @Test("A plan made while a slow image was made is made again before the launch: prices moved meanwhile")
    func stalePlanIsRemade() async throws {
        let scenario = try Scenario(configuration: SimulatedRegionConfiguration(imageCreationDuration: .seconds(600)))
        let id = try #require(scenario.region.addInstances(count: 1, zoneId: "cn-hangzhou-i", vSwitchId: "vsw-sim-i", tags: [Self.tag]).first)
        scenario.region.setSpotPrice(zoneId: "cn-hangzhou-j", instanceType: "ecs.g7.large", 0.05)
        scenario.region.setSpotPrice(zoneId: "cn-hangzhou-k", instanceType: "ecs.g7.large", 0.09)
        // A long notice, so that the ten-minute image finishes before the release.
        scenario.region.scheduleInterruption(of: [id], after: .seconds(5), releaseAfter: .seconds(900))
        let region = scenario.region
        let clock = scenario.clock
        let policy = PlacementPolicy(
            placements: ["i", "j", "k"].map { Placement(zoneId: "cn-hangzhou-\($0)", vSwitchId: "vsw-sim-\($0)") },
            instanceTypes: .types(["ecs.g7.large"]))
        let events = Collector<RecoveryEvent>()
        let recoverer = scenario.recoverer
        try await scenario.clock.run {
            async let reprice: Void = {
                try? await clock.sleep(for: .seconds(300))
                region.setSpotPrice(zoneId: "cn-hangzhou-j", instanceType: "ecs.g7.large", 0.2)
            }()
            try await recoverer.recover(Self.fleet, options: RecoveryOptions(
                watch: WatchOptions(timeout: .seconds(30)), relaunch: RelaunchOptions(placement: policy))) { events.append($0) }
            await reprice
        }
        let relaunch = try #require(Self.relaunches(events.values).first, "\(events.values.map(\.summary))")
        #expect(relaunch.zoneId == "cn-hangzhou-k", "j was cheapest when the image was requested, k when it was ready")
        #expect(relaunch.plan?.madeAt ?? .distantPast > scenario.start.addingTimeInterval(600))
    }

    @Test("A snapshot whose deletion failed after its image's is found and deleted later")
    func orphanedSnapshotRetried() async throws {
        let scenario = try Scenario()
        let id = try #require(scenario.region.addInstances(count: 1).first)
        let recoverer = scenario.recoverer
        _ = try await recoverer.checkpoint(instanceId: id, period: 1, interval: .seconds(3600))
        await scenario.clock.advance(by: .seconds(120))
        _ = try await recoverer.checkpoint(instanceId: id, period: 2, interval: .seconds(3600))
        await scenario.clock.advance(by: .seconds(120))
        scenario.region.inject(.error(code: "OperationDenied", status: 403, action: "DeleteSnapshot", times: 1))
        let report = try await scenario.clock.run { try await recoverer.prune(sourceInstanceId: id, retention: RetentionPolicy(keep: 1)) }
        #expect(report.deletedImages.count == 1)
        #expect(report.failures.count == 1)
        #expect(scenario.region.orphanedSnapshots.count == 1, "the image is gone, its snapshot left, billed")

        let deleted = try await scenario.clock.run { try await SpotRecoverer(client: try scenario.region.makeClient()).deleteOrphanedSnapshots() }
        #expect(deleted.count == 1)
        #expect(scenario.region.orphanedSnapshots.isEmpty)
        // A snapshot SpotRecovery did not tag is never touched.
        #expect(scenario.region.calls(of: "DeleteSnapshot").filter { $0.outcome == .success }.count == 1)
    }

    @Test("A checkpoint round leaves alone an instance already under a Recycling lock")
    func checkpointSkipsMarked() async throws {
        let scenario = try Scenario()
        let fleet = scenario.region.addInstances(count: 2, tags: [Self.tag])
        scenario.region.scheduleInterruption(of: [fleet[0]], after: .seconds(5))
        await scenario.clock.advance(by: .seconds(10))
        let events = try await scenario.recoverer.checkpointFleet(Self.fleet, interval: .seconds(3600))
        #expect(events.map(\.instanceId) == [fleet[1]])
        #expect(scenario.region.calls(of: "CreateImage").map { $0.parameters["InstanceId"] } == [fleet[1]])
    }
}

/// Interruption events through the library's detector: nothing dropped silently.
@Suite("Event detector, nothing dropped")
struct EventDetectorDurabilityTests {
    /// A backstop that answers as told.
    final class Backstop: RecyclingDetector, @unchecked Sendable {
        private let lock = NSLock()
        private var failing = false
        var notices: [RecyclingNotice] = []

        func fail(_ failing: Bool) { lock.withLock { self.failing = failing } }

        func poll() async throws -> [RecyclingNotice] {
            if lock.withLock({ failing }) { throw ECSClientError(kind: .connectionFailed, message: "the backstop's call was lost") }
            return lock.withLock { notices }
        }
    }

    static func event(_ id: String, instance: String) -> [UInt8] {
        Array(#"{"id":"\#(id)","name":"Instance:PreemptibleInstanceInterruption","product":"ECS","content":{"instanceId":"\#(instance)"}}"#.utf8)
    }

    @Test("A confirmed event survives a failing backstop; a failing confirmation does not stop the backstop; an event counts as seen only once decided")
    func failuresDropNothing() async throws {
        let scenario = try Scenario()
        let fleet = scenario.region.addInstances(count: 2)
        scenario.region.scheduleInterruption(of: fleet, after: .seconds(5))
        await scenario.clock.advance(by: .seconds(6))
        let backstop = Backstop()
        let detector = EventRecyclingDetector(client: scenario.client, backstop: backstop, backstopInterval: .seconds(1))

        // The backstop fails: the confirmed event is still reported.
        backstop.fail(true)
        #expect(await detector.submit(Self.event("e-1", instance: fleet[0])) != .overloaded)
        #expect(try await detector.poll().map(\.instanceId) == [fleet[0]])

        // The confirmation fails: the backstop's notice still comes, and the event waits for the next poll.
        backstop.fail(false)
        backstop.notices = [RecyclingNotice(instanceId: fleet[1], detectedAt: scenario.clock.now, source: .describeInstances)]
        scenario.region.inject(.error(code: "Forbidden.RAM", status: 403, action: "DescribeInstances", times: 1))
        #expect(await detector.submit(Self.event("e-2", instance: fleet[1])) == .accepted(InterruptionEvent(id: "e-2", instanceId: fleet[1], source: .cloudMonitor)))
        await scenario.clock.advance(by: .seconds(2))
        #expect(try await detector.poll().map(\.instanceId) == [fleet[1]], "the backstop's notice")
        #expect(await detector.submit(Self.event("e-2", instance: fleet[1])) == .duplicate(eventId: "e-2"), "still waiting, not dropped")
        backstop.notices = []
        #expect(try await detector.poll().map(\.instanceId) == [fleet[1]], "confirmed on the next poll")
        #expect(await detector.submit(Self.event("e-2", instance: fleet[1])) == .duplicate(eventId: "e-2"), "decided: seen")
    }

    @Test("At most maximumPending events wait; beyond it the sender is told to come back")
    func bounded() async throws {
        let scenario = try Scenario()
        let detector = EventRecyclingDetector(client: scenario.client, maximumPending: 2)
        #expect(await detector.submit(Self.event("a", instance: "i-a")) != .overloaded)
        #expect(await detector.submit(Self.event("b", instance: "i-b")) != .overloaded)
        #expect(await detector.submit(Self.event("c", instance: "i-c")) == .overloaded)
        _ = try await detector.poll()
        #expect(await detector.submit(Self.event("c", instance: "i-c")) != .overloaded, "room again once decided")
    }
}

/// What the recovery study found the flow did to users (Performance.md, Recovery outcomes), each pinned.
@Suite("Capacity and cool-downs")
struct CapacityTests {
    static let fleet = WatchTarget.tagged(key: "team", value: "batch")
    static let tag = ResourceTag(key: "team", value: "batch")

    @Test("A candidate cooling down after a sold-out answer is still tried when it is the only one left")
    func coolingDownIsLastResort() async throws {
        let scenario = try Scenario()
        let id = try #require(scenario.region.addInstances(count: 1, zoneId: "cn-hangzhou-j", vSwitchId: "vsw-sim-j", tags: [Self.tag]).first)
        let source = try #require(try await scenario.describe(id))
        let recoverer = scenario.recoverer
        // An earlier relaunch found the zone sold out; stock is back now, but the cool-down has 5 minutes to run.
        await recoverer.cooldowns.markSoldOut(zoneId: "cn-hangzhou-j", instanceType: "ecs.g7.large", until: scenario.clock.now.addingTimeInterval(300))
        let relaunch = try await scenario.clock.run {
            try await recoverer.relaunch(from: "aliyun_3_9_x64_20G_alibase_20231219.vhd", source: source)
        }
        #expect(relaunch.zoneId == "cn-hangzhou-j")
        #expect(relaunch.attempts.map(\.outcome).first == .coolingDown, "held back first, then tried")
    }

    @Test("When every planned candidate just saw an interruption, they are tried anyway rather than not at all")
    func interruptedCandidatesAreLastResort() async throws {
        let scenario = try Scenario()
        let fleet = scenario.region.addInstances(count: 2, zoneId: "cn-hangzhou-i", vSwitchId: "vsw-sim-i", tags: [Self.tag])
        let policy = PlacementPolicy(placements: [Placement(zoneId: "cn-hangzhou-i", vSwitchId: "vsw-sim-i")], instanceTypes: .types(["ecs.g7.large"]))
        scenario.region.scheduleInterruption(of: fleet, after: .seconds(5))
        let events = Collector<RecoveryEvent>()
        let recoverer = scenario.recoverer
        try await scenario.clock.run {
            try await recoverer.recover(Self.fleet, options: RecoveryOptions(
                watch: WatchOptions(timeout: .seconds(30)), relaunch: RelaunchOptions(placement: policy))) { events.append($0) }
        }
        #expect(SmallerDefectsTests.relaunches(events.values).count == 2, "\(events.values.map(\.summary))")
    }

    @Test("Every candidate out of capacity: the launch is tried again until stock returns, within the retry timeout")
    func capacityRetry() async throws {
        let scenario = try Scenario()
        let id = try #require(scenario.region.addInstances(count: 1, zoneId: "cn-hangzhou-j", vSwitchId: "vsw-sim-j", tags: [Self.tag]).first)
        scenario.region.scheduleInterruption(of: [id], after: .seconds(5))
        // The reclaimed zone is short for ten minutes after the mark.
        scenario.region.setSoldOut(zoneId: "cn-hangzhou-j", until: scenario.start.addingTimeInterval(5 + 600))
        let events = Collector<RecoveryEvent>()
        let recoverer = scenario.recoverer
        try await scenario.clock.run {
            try await recoverer.recover(Self.fleet, options: RecoveryOptions(watch: WatchOptions(timeout: .seconds(30)))) { events.append($0) }
        }
        let relaunch = try #require(SmallerDefectsTests.relaunches(events.values).first, "\(events.values.map(\.summary))")
        #expect(relaunch.zoneId == "cn-hangzhou-j")
        let deferred = events.values.filter { $0.name == "relaunchDeferred" }
        #expect(deferred.count >= 2)
        let launched = try #require(events.values.first { $0.name == "relaunched" })
        #expect(launched.time.timeIntervalSince(scenario.start) >= 605)

        // With no retry allowed, the same shortage fails the recovery.
        let strict = try Scenario()
        let other = try #require(strict.region.addInstances(count: 1, zoneId: "cn-hangzhou-j", vSwitchId: "vsw-sim-j", tags: [Self.tag]).first)
        strict.region.scheduleInterruption(of: [other], after: .seconds(5))
        strict.region.setSoldOut(zoneId: "cn-hangzhou-j", until: strict.start.addingTimeInterval(5 + 600))
        let strictEvents = Collector<RecoveryEvent>()
        let strictRecoverer = strict.recoverer
        try await strict.clock.run {
            try await strictRecoverer.recover(Self.fleet, options: RecoveryOptions(
                watch: WatchOptions(timeout: .seconds(30)), relaunch: RelaunchOptions(capacityRetryTimeout: .zero))) { strictEvents.append($0) }
        }
        #expect(SmallerDefectsTests.relaunches(strictEvents.values).isEmpty)
    }

    @Test("An event is acted on as it arrives, not at the next poll")
    func eventWakesTheWatch() async throws {
        let scenario = try Scenario()
        let id = try #require(scenario.region.addInstances(count: 1, zoneId: "cn-hangzhou-j", vSwitchId: "vsw-sim-j", tags: [Self.tag]).first)
        scenario.region.scheduleInterruption(of: [id], after: .seconds(5))
        let detector = EventRecyclingDetector(client: scenario.client)
        let region = scenario.region
        let clock = scenario.clock
        let recoverer = scenario.recoverer
        let submitted = Collector<Date>()
        try await scenario.clock.run {
            async let deliver: Void = {
                try? await clock.sleep(for: .milliseconds(5300))
                guard let event = region.announcedInterruptions.first else { return }
                submitted.append(clock.now)
                await detector.submit(event.cloudMonitorPayload)
            }()
            try await recoverer.recover(using: detector, options: RecoveryOptions(watch: WatchOptions(pollInterval: .seconds(10), timeout: .seconds(20)))) { _ in }
            await deliver
        }
        let delivered = try #require(submitted.values.first)
        let created = try #require(scenario.region.calls(of: "CreateImage").first?.time)
        #expect(created.timeIntervalSince(delivered) < 1, "CreateImage \(created.timeIntervalSince(delivered)) s after the event, with a 10 s poll")
    }
}
