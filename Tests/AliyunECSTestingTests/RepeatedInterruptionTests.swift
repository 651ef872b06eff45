import AliyunECS
import AliyunECSTesting
import Foundation
import Testing

/// A stop-mode instance that StartInstance brings back can be interrupted again, by hand or by
/// `interruptSpotInstances(afterLaunch:)`, and each interruption is announced once.
@Suite("Simulator: repeated interruptions of a stop-mode instance")
struct RepeatedInterruptionTests {
    @Test("A restarted instance is interrupted again, with a new StartTime; each interruption is announced and locked once")
    func interruptedAgain() async throws {
        let (region, clock) = try Sim.region()
        let id = try #require(region.addInstances(count: 1, spotInterruptionBehavior: .stop).first)
        let client = try Sim.client(for: region)
        let firstStart = try #require(try await Sim.describe(id, with: client)?.startTime)
        region.scheduleInterruption(of: [id], after: .seconds(10), releaseAfter: .seconds(60))
        await clock.advance(by: .seconds(100))
        #expect(try await Sim.describe(id, with: client)?.status == .stopped)
        _ = try await client.startInstance(StartInstanceRequest(instanceId: id))
        await clock.advance(by: .seconds(30))
        let restarted = try #require(try await Sim.describe(id, with: client))
        #expect(restarted.status == .running && !restarted.isMarkedForRecycling)
        let secondStart = try #require(restarted.startTime)
        #expect(secondStart > firstStart)

        region.scheduleInterruption(of: [id], after: .seconds(10), releaseAfter: .seconds(60))
        await clock.advance(by: .seconds(15))
        let locked = try await client.describeInstances(DescribeInstancesRequest().with { $0.lockReason = .recycling })
        #expect(locked.instances.map(\.instanceId) == [id], "listed once under the lock, not once per interruption")
        await clock.advance(by: .seconds(60))
        #expect(try await Sim.describe(id, with: client)?.status == .stopped)
        let announced = region.announcedInterruptions
        #expect(announced.map(\.instanceId) == [id, id])
        #expect(Set(announced.map(\.eventId)).count == 2)
        #expect(announced.map(\.action) == ["stop", "stop"])
    }

    @Test("interruptSpotInstances(afterLaunch:) also counts from each restart: interrupted twice, restarted twice")
    func interruptAfterEachStart() async throws {
        let (region, clock) = try Sim.region(SimulatedRegionConfiguration(pendingDuration: .seconds(5), interruptionNotice: .seconds(30)))
        region.interruptSpotInstances(afterLaunch: .seconds(60))
        let client = try Sim.client(for: region)
        let id = try #require(try await client.runInstances(Sim.launch().with { $0.spotInterruptionBehavior = .stop }).instanceIds.first)
        for round in 1...2 {
            await clock.advance(by: .seconds(59))
            #expect(try await Sim.describe(id, with: client)?.isMarkedForRecycling == false, "round \(round): not yet")
            await clock.advance(by: .seconds(1))
            #expect(try await Sim.describe(id, with: client)?.isMarkedForRecycling == true, "round \(round): marked")
            await clock.advance(by: .seconds(30))
            #expect(try await Sim.describe(id, with: client)?.status == .stopped, "round \(round): stopped")
            _ = try await client.startInstance(StartInstanceRequest(instanceId: id))
        }
        #expect(region.instance(id)?.restarts == 2)
        #expect(region.announcedInterruptions.count == 2)
        await clock.advance(by: .seconds(60))
        #expect(try await Sim.describe(id, with: client)?.isMarkedForRecycling == true, "the third start is interrupted too")
    }

    @Test("A lost StartInstance answer: the instance starts, the retry is IncorrectInstanceStatus, nothing else is launched")
    func lostStartAnswer() async throws {
        let (region, clock) = try Sim.region()
        let id = try #require(region.addInstances(count: 1, spotInterruptionBehavior: .stop).first)
        region.scheduleInterruption(of: [id], after: .seconds(1), releaseAfter: .seconds(10))
        await clock.advance(by: .seconds(20))
        region.inject(.responseLostAfterEffect(action: "StartInstance", times: 1))
        let client = try Sim.client(for: region)
        await #expect(throws: (any Error).self) { try await client.startInstance(StartInstanceRequest(instanceId: id)) }
        let retry = await #expect(throws: ECSServiceError.self) { try await client.startInstance(StartInstanceRequest(instanceId: id)) }
        #expect(retry?.code == "IncorrectInstanceStatus")
        await clock.advance(by: .seconds(30))
        #expect(try await Sim.describe(id, with: client)?.status == .running)
        #expect(region.liveInstances.count == 1)
    }
}
