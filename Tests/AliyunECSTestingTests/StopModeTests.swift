import AliyunECS
import AliyunECSTesting
import Foundation
import Testing

/// Spot instances with `SpotInterruptionBehavior` `Stop`, and the instance lifecycle actions.
@Suite("Simulator: stop mode and lifecycle")
struct StopModeTests {
    @Test("An interrupted stop-mode instance is locked, then Stopped in StopCharging mode with the same ID")
    func interruptedStopsInEconomicalMode() async throws {
        let (region, clock) = try Sim.region()
        let id = try #require(region.addInstances(count: 1, spotInterruptionBehavior: .stop).first)
        region.scheduleInterruption(of: [id], after: .seconds(10))
        let client = try Sim.client(for: region)
        await clock.advance(by: .seconds(20))
        let locked = try #require(try await Sim.describe(id, with: client))
        #expect(locked.isMarkedForRecycling && locked.status == .running)
        await clock.advance(by: .seconds(300))
        let stopped = try #require(try await Sim.describe(id, with: client))
        #expect(stopped.status == .stopped)
        #expect(stopped.stoppedMode == .stopCharging)
        #expect(stopped.spotInterruptionBehavior == .stop)
        #expect(!stopped.isMarkedForRecycling)
    }

    @Test("StartInstance answers NoStock while the zone is sold out, then starts the instance in place")
    func startWaitsForStock() async throws {
        let (region, clock) = try Sim.region()
        let id = try #require(region.addInstances(count: 1, zoneId: "cn-hangzhou-i", spotInterruptionBehavior: .stop).first)
        region.scheduleInterruption(of: [id], after: .seconds(1))
        region.setSoldOut(zoneId: "cn-hangzhou-i", until: clock.now.plus(900))
        let client = try Sim.client(for: region)
        await clock.advance(by: .seconds(400))
        let error = await #expect(throws: ECSServiceError.self) { try await client.startInstance(StartInstanceRequest(instanceId: id)) }
        #expect(error?.code == "OperationDenied.NoStock")
        await clock.advance(by: .seconds(600))
        _ = try await client.startInstance(StartInstanceRequest(instanceId: id))
        #expect(try await Sim.describe(id, with: client)?.status == .starting)
        await clock.advance(by: .seconds(30))
        #expect(try await Sim.describe(id, with: client)?.status == .running)
        #expect(region.instance(id)?.restarts == 1)
    }

    @Test("Started again and interrupted again, an instance is listed once by the LockReason filter, and each interruption announced once")
    func secondInterruptionListedOnce() async throws {
        let (region, clock) = try Sim.region()
        let id = try #require(region.addInstances(count: 1, spotInterruptionBehavior: .stop).first)
        region.scheduleInterruption(of: [id], after: .seconds(1), releaseAfter: .seconds(5))
        await clock.advance(by: .seconds(10))
        let client = try Sim.client(for: region)
        _ = try await client.startInstance(StartInstanceRequest(instanceId: id))
        await clock.advance(by: .seconds(60))
        region.scheduleInterruption(of: [id], after: .seconds(10))
        await clock.advance(by: .seconds(20))
        let marked = try await client.describeInstances(DescribeInstancesRequest().with { $0.lockReason = .recycling })
        #expect(marked.instances.map(\.instanceId) == [id])
        let announced = region.announcedInterruptions
        #expect(announced.map(\.instanceId) == [id, id], "the first interruption and the second")
        #expect(Set(announced.map(\.eventId)).count == 2)
    }

    @Test("A price limit below the market price is refused on start")
    func priceLimit() async throws {
        let (region, clock) = try Sim.region()
        let client = try Sim.client(for: region)
        var launch = Sim.launch()
        launch.spotStrategy = .spotWithPriceLimit
        launch.spotPriceLimit = 0.2
        launch.spotInterruptionBehavior = .stop
        let id = try #require(try await client.runInstances(launch).instanceIds.first)
        await clock.advance(by: .seconds(30))
        region.scheduleInterruption(of: [id], after: .seconds(1), releaseAfter: .seconds(10))
        await clock.advance(by: .seconds(20))
        region.setSpotPrice(zoneId: "cn-hangzhou-i", instanceType: "ecs.g7.large", 0.3)
        let error = await #expect(throws: ECSServiceError.self) { try await client.startInstance(StartInstanceRequest(instanceId: id)) }
        #expect(error?.code == "OperationDenied.SpotPriceLowerThanPublicPrice")
    }

    @Test("StartInstances reports each instance; a running one is IncorrectInstanceStatus")
    func startInstances() async throws {
        let (region, clock) = try Sim.region()
        let ids = region.addInstances(count: 2, spotInterruptionBehavior: .stop)
        region.scheduleInterruption(of: [ids[0]], after: .seconds(1), releaseAfter: .seconds(5))
        await clock.advance(by: .seconds(10))
        let client = try Sim.client(for: region)
        let answer = try await client.startInstances(StartInstancesRequest(instanceIds: ids))
        #expect(answer.instanceResponses.map(\.code) == ["200", "IncorrectInstanceStatus"])
        #expect(answer.instanceResponses.first?.currentStatus == .starting)
    }

    @Test("StopInstance, then DeleteInstance releases; a running instance needs Force")
    func stopAndDelete() async throws {
        let (region, _) = try Sim.region()
        let ids = region.addInstances(count: 2)
        let client = try Sim.client(for: region)
        let error = await #expect(throws: ECSServiceError.self) { try await client.deleteInstance(DeleteInstanceRequest(instanceId: ids[0])) }
        #expect(error?.code == "IncorrectInstanceStatus")
        _ = try await client.stopInstance(StopInstanceRequest(instanceId: ids[0]).with { $0.stoppedMode = "StopCharging" })
        #expect(try await Sim.describe(ids[0], with: client)?.stoppedMode == .stopCharging)
        _ = try await client.deleteInstance(DeleteInstanceRequest(instanceId: ids[0]))
        _ = try await client.deleteInstances(DeleteInstancesRequest(instanceIds: [ids[1]]).with { $0.force = true })
        #expect(region.liveInstances.isEmpty)
        let gone = await #expect(throws: ECSServiceError.self) { try await client.deleteInstance(DeleteInstanceRequest(instanceId: ids[0])) }
        #expect(gone?.code == "InvalidInstanceId.NotFound")
    }
}
