import AliyunECS
import AliyunECSTesting
import Foundation
import SpotRecovery
import Testing

/// A recovery killed at the worst moment, and a new process started only after ECS released the source:
/// what ECS holds (the notice image and its tags) is enough to finish it, with one faithful replacement.
@Suite("Resuming after the release")
struct ResumeAfterReleaseTests {
    static let fleet = WatchTarget.tagged(key: "team", value: "batch")

    /// A source launched through the API with what a replacement must copy, its fleet tag last among 20
    /// tags (so that a replacement that kept the first 20 of its tags would leave the fleet).
    static func launchSource(_ scenario: Scenario) async throws -> String {
        var launch = RunInstancesRequest()
        launch.zoneId = "cn-hangzhou-j"
        launch.vSwitchId = "vsw-sim-j"
        launch.imageId = "aliyun_3_9_x64_20G_alibase_20231219.vhd"
        launch.instanceType = "ecs.g7.large"
        launch.securityGroupIds = ["sg-sim0001", "sg-sim0002"]
        launch.instanceName = "worker-a"
        launch.spotStrategy = .spotWithPriceLimit
        launch.spotPriceLimit = 5
        launch.spotDuration = 0
        launch.spotInterruptionBehavior = .terminate
        launch.internetMaxBandwidthOut = 7
        launch.tags = (1...19).map { ECSTag(key: "extra-\($0)", value: "v\($0)") } + [ECSTag(key: "team", value: "batch")]
        let source = try #require(try await scenario.client.runInstances(launch).instanceIds.first)
        await scenario.clock.advance(by: .seconds(30))
        return source
    }

    /// A recovery of the fleet by the scenario's recoverer, killed right after the region handles `action`.
    static func recoverKilled(_ scenario: Scenario, after action: String) async {
        let first = scenario.recoverer
        await scenario.runKilled(after: { $0.action == action }) {
            try await first.recover(Self.fleet, options: RecoveryOptions(watch: WatchOptions(timeout: .seconds(3600)))) { _ in }
        }
    }

    /// The live instances launched to replace `source`.
    static func replacements(of source: String, in scenario: Scenario) -> [SimulatedInstance] {
        scenario.region.liveInstances.filter { $0.tags.contains { $0.key == SpotRecoverer.sourceTagKey && $0.value == source } }
    }

    @Test("Killed right after CreateImage, started again after the release: one replacement, from the notice image, a copy of its source")
    func killedAfterCreateImage() async throws {
        let scenario = try Scenario(configuration: SimulatedRegionConfiguration(imageCreationDuration: .seconds(60)))
        let source = try await Self.launchSource(scenario)
        scenario.region.scheduleInterruption(of: [source], after: .seconds(5))
        await Self.recoverKilled(scenario, after: "CreateImage")
        let noticeImage = try #require(scenario.region.images.first)
        #expect(Self.replacements(of: source, in: scenario).isEmpty, "killed before any replacement")

        // Past the release: the lock is gone with the instance, so no poll would ever see the interruption.
        await scenario.clock.advance(by: .seconds(400))
        #expect(scenario.region.instance(source)?.isReleased(at: scenario.clock.now) == true)

        let restarted = SpotRecoverer(client: try scenario.region.makeClient())
        let report = try await scenario.clock.run { try await restarted.reconcile(Self.fleet) }
        #expect(report.unfinished.map(\.instanceId) == [source])
        let replacements = Self.replacements(of: source, in: scenario)
        try #require(replacements.count == 1)
        let replacement = replacements[0]
        #expect(replacement.imageId == noticeImage.id, "launched from the notice image, not a checkpoint")
        #expect(replacement.zoneId == "cn-hangzhou-j" && replacement.vSwitchId == "vsw-sim-j" && replacement.instanceType == "ecs.g7.large")
        #expect(replacement.securityGroupIds == ["sg-sim0001", "sg-sim0002"])
        #expect(replacement.name == "worker-a")
        #expect(replacement.spotStrategy == .spotWithPriceLimit && replacement.spotPriceLimit == 5)
        #expect(replacement.spotInterruptionBehavior == .terminate && replacement.internetMaxBandwidthOut == 7)
        #expect(replacement.tags.count == 20, "ECS takes 20 tags")
        #expect(replacement.tags.contains { $0.key == "team" && $0.value == "batch" }, "the fleet's tag is never the one dropped")
        #expect(replacement.tags.contains { $0.key == SpotRecoverer.interruptionTagKey })
        #expect(scenario.region.image(noticeImage.id)?.tags.contains { $0.key == SpotRecoverer.replacementTagKey && $0.value == replacement.id } == true)

        // Started once more: nothing left to do, nothing launched.
        let again = try await scenario.clock.run { try await SpotRecoverer(client: try scenario.region.makeClient()).reconcile(Self.fleet) }
        #expect(again.unfinished.isEmpty)
        #expect(Self.replacements(of: source, in: scenario).count == 1)
        #expect(scenario.region.images.count == 1, "no second image")
    }

    @Test("Killed after RunInstances acted but before its answer arrived, started again after the release: the replacement is found, not doubled")
    func killedAfterRunInstances() async throws {
        let scenario = try Scenario(configuration: SimulatedRegionConfiguration(imageCreationDuration: .seconds(60)))
        let source = try await Self.launchSource(scenario)
        scenario.region.scheduleInterruption(of: [source], after: .seconds(5))
        scenario.region.inject(.responseLostAfterEffect(action: "RunInstances", times: 1))
        let launches = scenario.region.calls(of: "RunInstances").count
        await Self.recoverKilled(scenario, after: "RunInstances")
        #expect(scenario.region.calls(of: "RunInstances").count == launches + 1)
        #expect(Self.replacements(of: source, in: scenario).count == 1, "ECS made it; the process never heard")
        let noticeImage = try #require(scenario.region.images.first)
        #expect(scenario.region.image(noticeImage.id)?.tags.contains { $0.key == SpotRecoverer.replacementTagKey } == false)

        await scenario.clock.advance(by: .seconds(400))
        let restarted = SpotRecoverer(client: try scenario.region.makeClient())
        let report = try await scenario.clock.run { try await restarted.reconcile(Self.fleet) }
        #expect(report.unfinished.isEmpty, "its replacement is found by the interruption's tag")
        #expect(scenario.region.calls(of: "RunInstances").count == launches + 1, "nothing launched again")
        #expect(Self.replacements(of: source, in: scenario).count == 1)
        #expect(scenario.region.image(noticeImage.id)?.tags.contains { $0.key == SpotRecoverer.replacementTagKey } == true, "and the image now says so")
    }

    @Test("An event for an instance ECS has already released finishes its recovery from the notice image")
    func eventAfterRelease() async throws {
        let scenario = try Scenario(configuration: SimulatedRegionConfiguration(imageCreationDuration: .seconds(60)))
        let source = try await Self.launchSource(scenario)
        scenario.region.scheduleInterruption(of: [source], after: .seconds(5))
        await Self.recoverKilled(scenario, after: "CreateImage")
        await scenario.clock.advance(by: .seconds(400))
        // The event comes back (an MNS message redelivered, a retried callback): it names an instance ECS no longer knows.
        let restarted = SpotRecoverer(client: try scenario.region.makeClient())
        let notice = RecyclingNotice(instanceId: source, detectedAt: scenario.clock.now, source: .cloudMonitor)
        let events = Collector<RecoveryEvent>()
        let outcome = try await scenario.clock.run { try await restarted.recoverInstance(notice) { events.append($0) } }
        let relaunch = try #require(outcome?.relaunch)
        #expect(relaunch.imageId == scenario.region.images.first?.id)
        #expect(events.values.map(\.name).contains("resuming"))
        #expect(Self.replacements(of: source, in: scenario).count == 1)
    }

    @Test("A recovery whose image failed after a kill resumes from the newest checkpoint")
    func failedImageAfterKill() async throws {
        let scenario = try Scenario(configuration: SimulatedRegionConfiguration(imageCreationDuration: .seconds(600)))
        let source = try await Self.launchSource(scenario)
        let checkpoint = try await scenario.recoverer.checkpoint(instanceId: source, period: 1, interval: .seconds(3600))
        await scenario.clock.advance(by: .seconds(700))
        scenario.region.scheduleInterruption(of: [source], after: .seconds(5))
        await Self.recoverKilled(scenario, after: "CreateImage")
        // The notice image needs ten minutes; the disk goes with the release at five.
        await scenario.clock.advance(by: .seconds(900))
        let restarted = SpotRecoverer(client: try scenario.region.makeClient())
        let report = try await scenario.clock.run { try await restarted.reconcile(Self.fleet) }
        #expect(report.outcomes.first?.relaunch?.imageId == checkpoint)
        #expect(Self.replacements(of: source, in: scenario).map(\.imageId) == [checkpoint])
    }

    @Test("A recovery whose image failed after a kill, with no checkpoint to fall back to, fails and launches nothing")
    func failedImageWithoutCheckpoint() async throws {
        let scenario = try Scenario(configuration: SimulatedRegionConfiguration(imageCreationDuration: .seconds(600)))
        let source = try await Self.launchSource(scenario)
        scenario.region.scheduleInterruption(of: [source], after: .seconds(5))
        await Self.recoverKilled(scenario, after: "CreateImage")
        await scenario.clock.advance(by: .seconds(900))
        let restarted = SpotRecoverer(client: try scenario.region.makeClient())
        let events = Collector<RecoveryEvent>()
        let report = try await scenario.clock.run { try await restarted.reconcile(Self.fleet) { events.append($0) } }
        #expect(report.unfinished.map(\.instanceId) == [source])
        #expect(report.outcomes.isEmpty)
        #expect(Self.replacements(of: source, in: scenario).isEmpty)
        let failure = try #require(events.values.compactMap { event -> SpotRecoveryError? in
            if case .failed(let error) = event.kind { return error }
            return nil
        }.first)
        #expect(failure.kind == .imageFailed)
    }
}
