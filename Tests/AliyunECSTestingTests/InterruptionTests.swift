import AliyunECS
import AliyunECSTesting
import Foundation
import Testing

/// Spot interruptions: the `Recycling` lock at a chosen time, then the release some minutes later.
@Suite("Simulator: spot interruptions", .timeLimit(.minutes(1)))
struct InterruptionTests {
    @Test("The lock appears exactly at the chosen time and the instance disappears at the release time")
    func lockThenRelease() async throws {
        let (region, clock) = try Sim.region()
        let ids = region.addInstances(count: 2)
        let victim = ids[0]
        let start = clock.now
        region.scheduleInterruption(of: [victim], after: .seconds(600), releaseAfter: .seconds(120))
        let client = try region.makeClient(retryPolicy: .none)

        await clock.advance(by: .seconds(599))
        let before = try #require(try await Sim.describe(victim, with: client))
        #expect(before.operationLocks.isEmpty, "no lock one second early")
        #expect(try await client.describeInstances(DescribeInstancesRequest().with {
            $0.lockReason = .recycling
        }).instances.isEmpty)

        await clock.advance(by: .seconds(1))
        #expect(clock.now == start.plus(600))
        let marked = try #require(try await Sim.describe(victim, with: client))
        #expect(marked.operationLocks.map(\.lockReason) == [.recycling])
        #expect(marked.status == .running, "still running during the notice")
        #expect(try await client.describeInstances(DescribeInstancesRequest().with {
            $0.lockReason = .recycling
        }).instances.map(\.instanceId) == [victim])

        await clock.advance(by: .seconds(119))
        #expect(try await Sim.describe(victim, with: client) != nil, "not released one second early")

        await clock.advance(by: .seconds(1))
        #expect(try await Sim.describe(victim, with: client) == nil)
        #expect(try await client.describeInstances(DescribeInstancesRequest().with {
            $0.lockReason = .recycling
        }).instances.isEmpty)
        #expect(region.liveInstances.map(\.id) == [ids[1]], "the other instance is untouched")
        #expect(region.instance(victim)?.isReleased(at: clock.now) == true)
        #expect(region.allInstances.count == 2, "the record of a released instance is kept")
    }

    @Test("Without releaseAfter the configured notice applies")
    func defaultNotice() async throws {
        let (region, clock) = try Sim.region(SimulatedRegionConfiguration(interruptionNotice: .seconds(180)))
        let id = try #require(region.addInstances(count: 1).first)
        let start = clock.now
        region.scheduleInterruption(of: [id], after: .seconds(60))
        #expect(region.instance(id)?.recyclingMarkedAt == start.plus(60))
        #expect(region.instance(id)?.releasedAt == start.plus(240))
        let client = try region.makeClient(retryPolicy: .none)
        await clock.advance(by: .seconds(239))
        #expect(try await Sim.describe(id, with: client) != nil)
        await clock.advance(by: .seconds(1))
        #expect(try await Sim.describe(id, with: client) == nil)
    }

    @Test("An instance launched through the API can be interrupted; the Stop behaviour leaves it Stopped")
    func stopBehaviour() async throws {
        let (region, clock) = try Sim.region()
        let client = try region.makeClient(retryPolicy: .none)
        var request = Sim.launch()
        request.spotInterruptionBehavior = .stop
        let id = try #require(try await client.runInstances(request).instanceIds.first)
        region.scheduleInterruption(of: [id], after: .seconds(60), releaseAfter: .seconds(60))
        await clock.advance(by: .seconds(60))
        #expect(try await Sim.describe(id, with: client)?.operationLocks.count == 1)
        await clock.advance(by: .seconds(60))
        let stopped = try #require(try await Sim.describe(id, with: client))
        #expect(stopped.status == .stopped)
        #expect(stopped.operationLocks.isEmpty)
    }

    @Test("An image still Creating when its source is released ends CreateFailed at the release")
    func imageOfReleasedInstance() async throws {
        let (region, clock) = try Sim.region(SimulatedRegionConfiguration(imageCreationDuration: .seconds(600)))
        let ids = region.addInstances(count: 2)
        let client = try region.makeClient(retryPolicy: .none)
        let start = clock.now
        let doomed = try await client.createImage(CreateImageRequest().with {
            $0.instanceId = ids[0]
            $0.imageName = "doomed"
        }).imageId
        let safe = try await client.createImage(CreateImageRequest().with {
            $0.instanceId = ids[1]
            $0.imageName = "safe"
        }).imageId
        region.scheduleInterruption(of: [ids[0]], after: .seconds(60), releaseAfter: .seconds(120))

        await clock.advance(by: .seconds(179))
        #expect(try await Sim.describeImage(doomed, with: client)?.status == .creating)
        await clock.advance(by: .seconds(1))
        let failed = try #require(try await Sim.describeImage(doomed, with: client))
        #expect(failed.status == .createFailed)
        #expect(failed.progressPercent == 30, "progress stops where the release cut it off")

        await clock.advance(to: start.plus(600))
        #expect(try await Sim.describeImage(doomed, with: client)?.status == .createFailed, "it never recovers")
        #expect(try await Sim.describeImage(safe, with: client)?.status == .available)
    }

    @Test("With the Stop behaviour the disks survive the interruption, so an unfinished image still completes")
    func imageOfStoppedInstance() async throws {
        let (region, clock) = try Sim.region(SimulatedRegionConfiguration(imageCreationDuration: .seconds(600)))
        let client = try region.makeClient(retryPolicy: .none)
        var request = Sim.launch()
        request.spotInterruptionBehavior = .stop
        let id = try #require(try await client.runInstances(request).instanceIds.first)
        await clock.advance(by: .seconds(20))
        let before = try await client.createImage(CreateImageRequest().with {
            $0.instanceId = id
            $0.imageName = "before-notice"
        }).imageId
        region.scheduleInterruption(of: [id], after: .seconds(60), releaseAfter: .seconds(60))
        await clock.advance(by: .seconds(60))
        let during = try await client.createImage(CreateImageRequest().with {
            $0.instanceId = id
            $0.imageName = "during-notice"
        }).imageId
        await clock.advance(by: .seconds(600))
        #expect(try await Sim.describe(id, with: client)?.status == .stopped)
        #expect(try await Sim.describeImage(before, with: client)?.status == .available)
        #expect(try await Sim.describeImage(during, with: client)?.status == .available)
    }

    @Test("An image started during the notice fails at the release too; one that finishes first does not")
    func imageDuringNotice() async throws {
        let (region, clock) = try Sim.region(SimulatedRegionConfiguration(imageCreationDuration: .seconds(120)))
        let ids = region.addInstances(count: 1)
        let client = try region.makeClient(retryPolicy: .none)
        region.scheduleInterruption(of: ids, after: .seconds(10), releaseAfter: .seconds(300))
        await clock.advance(by: .seconds(10))
        // Finishes at 130 s, before the release at 310 s.
        let quick = try await client.createImage(CreateImageRequest().with {
            $0.instanceId = ids[0]
            $0.imageName = "quick"
        }).imageId
        await clock.advance(by: .seconds(200))
        // Would finish at 330 s, after the release.
        let late = try await client.createImage(CreateImageRequest().with {
            $0.instanceId = ids[0]
            $0.imageName = "late"
        }).imageId
        await clock.advance(by: .seconds(100))
        #expect(try await Sim.describeImage(quick, with: client)?.status == .available)
        #expect(try await Sim.describeImage(late, with: client)?.status == .createFailed)
        let missing = await #expect(throws: ECSServiceError.self) {
            try await client.createImage(CreateImageRequest().with {
                $0.instanceId = ids[0]
                $0.imageName = "too-late"
            })
        }
        #expect(missing?.code == "InvalidInstanceId.NotFound")
    }

    @Test("interruptSpotInstances(afterLaunch:) marks every spot instance launched afterwards")
    func interruptAfterLaunch() async throws {
        let (region, clock) = try Sim.region(SimulatedRegionConfiguration(interruptionNotice: .seconds(120)))
        region.interruptSpotInstances(afterLaunch: .seconds(300))
        let client = try region.makeClient(retryPolicy: .none)
        let spot = try #require(try await client.runInstances(Sim.launch()).instanceIds.first)
        var regular = Sim.launch()
        regular.spotStrategy = .noSpot
        regular.spotDuration = nil
        let onDemand = try #require(try await client.runInstances(regular).instanceIds.first)
        await clock.advance(by: .seconds(300))
        let marked = try await client.describeInstances(DescribeInstancesRequest().with { $0.lockReason = .recycling })
        #expect(marked.instances.map(\.instanceId) == [spot])
        await clock.advance(by: .seconds(120))
        #expect(region.liveInstances.map(\.id) == [onDemand])
    }
}
