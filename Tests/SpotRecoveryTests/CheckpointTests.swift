import AliyunECS
import AliyunECSTesting
import Foundation
import SpotRecovery
import Testing

/// Checkpoint images on a schedule, retention without orphaned snapshots, and the fallback to the newest
/// checkpoint when the notice image will not do.
@Suite("Checkpoints and retention")
struct CheckpointTests {
    static let team = ResourceTag(key: "team", value: "ckpt")

    static func images(of instanceId: String, in region: SimulatedRegion) -> [SimulatedImage] {
        region.liveImages.filter { $0.sourceInstanceId == instanceId }
    }

    @Test("Each period images every running instance once, tagged with its source and kind; a repeat in the period is the same image")
    func schedule() async throws {
        let scenario = try Scenario()
        let fleet = scenario.region.addInstances(count: 3, tags: [Self.team])
        let recoverer = scenario.recoverer
        let first = try await recoverer.checkpointFleet(.tagged(key: "team", value: "ckpt"), interval: .seconds(3600))
        let again = try await recoverer.checkpointFleet(.tagged(key: "team", value: "ckpt"), interval: .seconds(3600))
        #expect(first.count == 3 && again.count == 3)
        #expect(scenario.region.images.count == 3, "one image per instance and period, whoever asks")
        let image = try #require(scenario.region.images.first)
        #expect(image.tags.contains(ResourceTag(key: SpotRecoverer.sourceTagKey, value: fleet[0])))
        #expect(image.tags.contains(ResourceTag(key: SpotRecoverer.imageKindTagKey, value: SpotRecoverer.checkpointImageKind)))
        await scenario.clock.advance(by: .seconds(3600))
        _ = try await recoverer.checkpointFleet(.instances(fleet), interval: .seconds(3600))
        #expect(scenario.region.images.count == 6)
    }

    @Test("runCheckpoints keeps going period after period, and pruning keeps K")
    func runSchedule() async throws {
        let scenario = try Scenario()
        let id = try #require(scenario.region.addInstances(count: 1, tags: [Self.team]).first)
        let events = Collector<CheckpointEvent>()
        let recoverer = scenario.recoverer
        await #expect(throws: VirtualClockTimeout.self) {
            try await scenario.clock.run(timeout: .seconds(5 * 3600 + 60)) {
                try await recoverer.runCheckpoints(.instances([id]), every: .seconds(3600), retention: RetentionPolicy(keep: 2)) {
                    events.append($0)
                }
            }
        }
        let requested = events.values.filter { if case .imageRequested = $0.kind { return true } else { return false } }
        #expect(requested.count == 6)
        #expect(Self.images(of: id, in: scenario.region).count <= 3, "two kept, plus at most one still being made")
        #expect(scenario.region.orphanedSnapshots.isEmpty)
    }

    @Test("Pruning with K=2 over ten recoveries leaves exactly two images per source and no snapshot without an image")
    func pruningOverTenRecoveries() async throws {
        let scenario = try Scenario()
        let fleet = scenario.region.addInstances(count: 10, zoneId: "cn-hangzhou-i", tags: [Self.team])
        let recoverer = scenario.recoverer
        // Three checkpoints of everyone, an hour apart.
        for _ in 0..<3 {
            _ = try await recoverer.checkpointFleet(.tagged(key: "team", value: "ckpt"), interval: .seconds(3600))
            await scenario.clock.advance(by: .seconds(3600))
        }
        // Then every instance is interrupted, one after the other, and recovered with retention K=2.
        for (index, id) in fleet.enumerated() {
            scenario.region.scheduleInterruption(of: [id], after: .seconds(Int64(30 + index * 600)))
        }
        let options = RecoveryOptions(watch: WatchOptions(timeout: .seconds(10 * 600 + 120)), retention: RetentionPolicy(keep: 2))
        let events = Collector<RecoveryEvent>()
        try await scenario.clock.run {
            try await recoverer.recover(.instances(fleet), options: options) { events.append($0) }
        }
        #expect(events.values.filter { $0.name == "relaunched" }.count == 10)
        #expect(events.values.filter { $0.name == "pruned" }.count == 10)
        for id in fleet {
            let kept = Self.images(of: id, in: scenario.region)
            #expect(kept.count == 2, "\(id) keeps \(kept.count)")
            // The notice image (in use by the replacement) and the newest checkpoint.
            #expect(kept.contains { $0.tags.contains(ResourceTag(key: SpotRecoverer.imageKindTagKey, value: SpotRecoverer.noticeImageKind)) })
        }
        #expect(scenario.region.orphanedSnapshots.isEmpty)
        #expect(scenario.region.snapshots.count == 20)
    }

    @Test("Pruning never deletes an image in use, one of the newest K, or an image SpotRecovery did not tag")
    func pruneSafety() async throws {
        let scenario = try Scenario()
        let id = try #require(scenario.region.addInstances(count: 1).first)
        let recoverer = scenario.recoverer
        var checkpoints: [String] = []
        for _ in 0..<4 {
            checkpoints.append(try await recoverer.checkpoint(
                instanceId: id, period: SpotRecoverer.checkpointPeriod(at: scenario.clock.now, interval: .seconds(3600)), interval: .seconds(3600)))
            await scenario.clock.advance(by: .seconds(3600))
        }
        // Someone's own image of the same instance, untagged; and an instance running from the oldest checkpoint.
        let own = try await scenario.client.createImage(CreateImageRequest().with { $0.instanceId = id; $0.imageName = "mine" }).imageId
        await scenario.clock.advance(by: .seconds(600))
        _ = try await scenario.client.runInstances(RunInstancesRequest().with {
            $0.imageId = checkpoints[0]
            $0.instanceType = "ecs.g7.large"
            $0.securityGroupId = "sg-1"
            $0.vSwitchId = "vsw-sim-i"
        })
        let report = try await recoverer.prune(sourceInstanceId: id, retention: RetentionPolicy(keep: 2))
        #expect(Set(report.kept) == [checkpoints[3], checkpoints[2], checkpoints[0]])
        #expect(report.deletedImages == [checkpoints[1]])
        #expect(report.deletedSnapshots.count == 1 && report.failures.isEmpty)
        #expect(scenario.region.liveImages.map(\.id).contains(own))
        #expect(scenario.region.orphanedSnapshots.isEmpty)
    }

    @Test("A notice image that fails: the relaunch uses the newest available checkpoint, and the events say so")
    func fallbackOnFailure() async throws {
        let scenario = try Scenario()
        let id = try #require(scenario.region.addInstances(count: 1, tags: [Self.team]).first)
        let recoverer = scenario.recoverer
        _ = try await recoverer.checkpointFleet(.instances([id]), interval: .seconds(3600))
        await scenario.clock.advance(by: .seconds(3600))
        let newest = try #require(try await recoverer.checkpointFleet(.instances([id]), interval: .seconds(3600)).compactMap { event -> String? in
            if case .imageRequested(let imageId, _) = event.kind { return imageId }
            return nil
        }.first)
        await scenario.clock.advance(by: .seconds(600))
        scenario.region.scheduleInterruption(of: [id], after: .seconds(10))
        scenario.region.failImages(ofInstance: id)
        let events = Collector<RecoveryEvent>()
        try await scenario.clock.run {
            try await recoverer.recover(.instances([id]), options: RecoveryOptions(watch: WatchOptions(timeout: .seconds(30)))) { events.append($0) }
        }
        let names = events.values.map(\.name)
        #expect(names.contains("noticeImageAbandoned"))
        let used = try #require(events.values.compactMap { event -> ECSImage? in
            if case .usingCheckpoint(let image) = event.kind { return image }
            return nil
        }.first)
        #expect(used.imageId == newest)
        let relaunch = try #require(events.values.compactMap { event -> Relaunch? in
            if case .relaunched(let relaunch) = event.kind { return relaunch }
            return nil
        }.first)
        #expect(relaunch.imageId == newest)
    }

    @Test("A notice image that cannot finish before the release: the checkpoint is used shortly after the release")
    func fallbackOnRelease() async throws {
        // Images take 20 minutes; the notice is 5.
        let scenario = try Scenario(configuration: SimulatedRegionConfiguration(imageCreationDuration: .seconds(1200)))
        let id = try #require(scenario.region.addInstances(count: 1).first)
        let recoverer = scenario.recoverer
        _ = try await recoverer.checkpointFleet(.instances([id]), interval: .seconds(3600))
        await scenario.clock.advance(by: .seconds(1300))
        scenario.region.scheduleInterruption(of: [id], after: .seconds(10))
        let events = Collector<RecoveryEvent>()
        try await scenario.clock.run {
            try await recoverer.recover(.instances([id]), options: RecoveryOptions(watch: WatchOptions(timeout: .seconds(30)))) { events.append($0) }
        }
        let abandoned = try #require(events.values.first { $0.name == "noticeImageAbandoned" })
        let detected = try #require(events.values.first { $0.name == "detected" })
        #expect(abandoned.time.timeIntervalSince(detected.time) <= 300 + 60 + 30, "no later than a minute past the release")
        #expect(events.values.last?.name == "relaunched")
    }

    @Test("Without a checkpoint, a failed notice image fails the recovery at the waiting step")
    func noCheckpoint() async throws {
        let scenario = try Scenario()
        let id = try #require(scenario.region.addInstances(count: 1).first)
        scenario.region.scheduleInterruption(of: [id], after: .seconds(10))
        scenario.region.failImages(ofInstance: id)
        let events = Collector<RecoveryEvent>()
        let recoverer = scenario.recoverer
        try await scenario.clock.run {
            try await recoverer.recover(.instances([id]), options: RecoveryOptions(watch: WatchOptions(timeout: .seconds(30)))) { events.append($0) }
        }
        guard case .failed(let error) = try #require(events.values.last).kind else {
            Issue.record("the recovery should fail")
            return
        }
        #expect(error.kind == .imageFailed && error.step == .waitingForImage)
    }
}
