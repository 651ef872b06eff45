import AliyunECS
import AliyunECSTesting
import Foundation
import SpotRecovery
import Testing

/// Imaging a marked instance: one image per interruption, watched with backoff until Available.
@Suite("Snapshotting the instance")
struct SnapshotTests {
    func markedNotice(_ scenario: Scenario, after delay: Duration = .seconds(1)) async throws -> RecyclingNotice {
        let ids = scenario.region.addInstances(count: 1, tags: [ResourceTag(key: "team", value: "batch")])
        scenario.region.scheduleInterruption(of: ids, after: delay)
        let recoverer = scenario.recoverer
        return try #require(try await scenario.clock.run { try await recoverer.waitForRecycling(.instances(ids)) }.first)
    }

    @Test("The image becomes Available, progress rises, polls back off from 2 s to 30 s with an explicit Status filter")
    func happyPath() async throws {
        // Four minutes: well inside the five-minute notice.
        let scenario = try Scenario(configuration: SimulatedRegionConfiguration(imageCreationDuration: .seconds(240)))
        let notice = try await markedNotice(scenario)
        scenario.region.resetCalls()
        let progress = Collector<ImageProgress>()
        let recoverer = scenario.recoverer
        let image = try await scenario.clock.run {
            try await recoverer.snapshotImage(of: notice) { progress.append($0) }
        }
        #expect(image.status == .available)
        #expect(image.tags.contains(ResourceTag(key: SpotRecoverer.sourceTagKey, value: notice.instanceId)))
        let percents = progress.values.map(\.percent)
        #expect(percents.last == 100)
        #expect(zip(percents.dropFirst(), percents).allSatisfy { $0 > $1 }, "reported only when it rises: \(percents)")

        let create = try #require(scenario.region.calls(of: "CreateImage").first)
        let looks = scenario.region.calls(of: "DescribeImages")
        #expect(looks.allSatisfy { $0.parameters["Status"] == "Creating,Waiting,Available,UnAvailable,CreateFailed,Deprecated" })
        let firstLook = try #require(looks.first).time.timeIntervalSince(create.time)
        #expect(firstLook <= 0.001, "the first look comes at once, not six minutes later")
        let gaps = zip(looks.dropFirst(), looks).map { $0.time.timeIntervalSince($1.time) }
        #expect(gaps.first.map { abs($0 - 2) < 0.001 } == true)
        #expect(gaps.allSatisfy { $0 <= 30.001 })
        #expect(zip(gaps.dropFirst(), gaps).allSatisfy { $0 >= $1 - 0.001 }, "the waits never shrink: \(gaps)")
        #expect(looks.count < 20, "backoff keeps a four-minute image to a handful of looks")
    }

    @Test("Repeating the snapshot — a retry, a restart, a second replica — makes one image")
    func idempotent() async throws {
        let scenario = try Scenario()
        let notice = try await markedNotice(scenario)
        let first = scenario.recoverer
        let restarted = SpotRecoverer(client: try scenario.region.makeClient())
        let images = try await scenario.clock.run {
            async let a = first.snapshotImage(of: notice)
            async let b = restarted.snapshotImage(of: notice)
            return try await [a, b]
        }
        let again = try await scenario.clock.run { try await first.snapshotImage(of: notice) }
        #expect(Set(images.map(\.imageId) + [again.imageId]).count == 1)
        #expect(scenario.region.images.count == 1)
        #expect(Set(scenario.region.calls(of: "CreateImage").compactMap(\.clientToken)).count == 1)
    }

    @Test("A failed image ends with imageFailed")
    func imageFailure() async throws {
        let scenario = try Scenario()
        let notice = try await markedNotice(scenario)
        scenario.region.failImages(ofInstance: notice.instanceId, atProgress: 0.4)
        let recoverer = scenario.recoverer
        let error = await #expect(throws: SpotRecoveryError.self) {
            try await scenario.clock.run { try await recoverer.snapshotImage(of: notice) }
        }
        #expect(error?.kind == .imageFailed)
        #expect(error?.imageId == scenario.region.images.first?.id)
        #expect(error?.instanceId == notice.instanceId)
    }

    @Test("An image that outlives its source's release fails: the disk took the snapshot with it")
    func sourceReleased() async throws {
        let scenario = try Scenario(configuration: SimulatedRegionConfiguration(imageCreationDuration: .seconds(600)))
        let notice = try await markedNotice(scenario)
        let recoverer = scenario.recoverer
        let error = await #expect(throws: SpotRecoveryError.self) {
            try await scenario.clock.run { try await recoverer.snapshotImage(of: notice) }
        }
        #expect(error?.kind == .imageFailed)
        #expect(scenario.elapsed(scenario.clock.now) >= 300, "it failed when the instance was released")
    }

    @Test("A slow image times out with imageTimedOut")
    func timeout() async throws {
        let scenario = try Scenario(configuration: SimulatedRegionConfiguration(imageCreationDuration: .seconds(200)))
        let notice = try await markedNotice(scenario)
        let recoverer = scenario.recoverer
        let error = await #expect(throws: SpotRecoveryError.self) {
            try await scenario.clock.run { try await recoverer.snapshotImage(of: notice, options: SnapshotOptions(timeout: .seconds(60))) }
        }
        #expect(error?.kind == .imageTimedOut)
    }

    @Test("A request ECS refuses is imageRequestFailed with the ECS error inside")
    func refused() async throws {
        let scenario = try Scenario()
        let recoverer = scenario.recoverer
        // A description ECS no longer stands behind: CreateImage is sent, and refused.
        var gone = ECSInstance(instanceId: "i-missing")
        gone.startTime = scenario.clock.now
        let notice = RecyclingNotice(instanceId: "i-missing", detectedAt: scenario.clock.now, instance: gone, source: .describeInstances)
        let error = await #expect(throws: SpotRecoveryError.self) {
            try await scenario.clock.run { try await recoverer.snapshotImage(of: notice) }
        }
        #expect(error?.kind == .imageRequestFailed)
        #expect((error?.underlying as? ECSServiceError)?.code == "InvalidInstanceId.NotFound")
    }

    @Test("Without a description the instance is described first: the image token never depends on a guess")
    func describedFirst() async throws {
        let scenario = try Scenario()
        let recoverer = scenario.recoverer
        let unknown = RecyclingNotice(instanceId: "i-missing", detectedAt: scenario.clock.now, source: .instanceMetadata)
        let error = await #expect(throws: SpotRecoveryError.self) {
            try await scenario.clock.run { try await recoverer.snapshotImage(of: unknown) }
        }
        #expect(error?.kind == .sourceUnknown)
        #expect(scenario.region.calls(of: "CreateImage").isEmpty, "no CreateImage without the start time the token is derived from")

        let id = try #require(scenario.region.addInstances(count: 1).first)
        let bare = RecyclingNotice(instanceId: id, detectedAt: scenario.clock.now, source: .instanceMetadata)
        let described = try #require(try await scenario.describe(id))
        let imageId = try await scenario.clock.run { try await recoverer.requestImage(of: bare) }
        let token = try #require(scenario.region.calls(of: "CreateImage").last?.clientToken)
        #expect(token == SpotRecoverer.imageClientToken(for: try #require(InterruptionIdentity(described))))
        let again = try await scenario.clock.run { try await recoverer.requestImage(of: RecyclingNotice(
            instanceId: id, detectedAt: scenario.clock.now, instance: described, source: .describeInstances)) }
        #expect(again == imageId, "a notice with the description gets the same image")
    }

    @Test("An instance that cannot be imaged yet (Pending) is retried until it can")
    func notReadyYet() async throws {
        let scenario = try Scenario()
        let client = scenario.client
        var launch = RunInstancesRequest()
        launch.imageId = "img"
        launch.instanceType = "ecs.g7.large"
        launch.securityGroupId = "sg"
        launch.vSwitchId = "vsw-sim-i"
        let launched = try await client.runInstances(launch)
        let id = try #require(launched.instanceIds.first)
        let notice = RecyclingNotice(instanceId: id, detectedAt: scenario.clock.now, source: .describeInstances)
        let recoverer = scenario.recoverer
        let image = try await scenario.clock.run { try await recoverer.snapshotImage(of: notice) }
        #expect(image.status == .available)
        #expect(scenario.region.calls(of: "CreateImage").contains { $0.outcome == .error(code: "IncorrectInstanceStatus") })
    }
}
