import AliyunECS
import AliyunECSTesting
import Foundation
import SpotRecovery
import Testing

/// Launching the replacement: in the source's place, falling back on sold-out candidates, never twice.
@Suite("Relaunching from the image")
struct RelaunchTests {
    struct Prepared {
        let scenario: Scenario
        let source: ECSInstance
        let imageId: String
    }

    /// A spot instance in zone i with an available image of it.
    func prepare(_ configuration: SimulatedRegionConfiguration = SimulatedRegionConfiguration()) async throws -> Prepared {
        let scenario = try Scenario(configuration: configuration)
        let ids = scenario.region.addInstances(
            count: 1, zoneId: "cn-hangzhou-i", instanceType: "ecs.g7.large", securityGroupIds: ["sg-1"],
            tags: [ResourceTag(key: "team", value: "batch"), ResourceTag(key: "acs:system", value: "x")], namePrefix: "worker")
        let client = scenario.client
        let source = try #require(try await scenario.describe(ids[0]))
        var imaging = CreateImageRequest()
        imaging.instanceId = ids[0]
        imaging.imageName = "img"
        let imageId = try await client.createImage(imaging).imageId
        await scenario.clock.advance(by: .seconds(600))
        return Prepared(scenario: scenario, source: source, imageId: imageId)
    }

    @Test("By default the replacement takes the source's zone, type, vSwitch, groups, name and tags")
    func sameShape() async throws {
        let prepared = try await prepare()
        let recoverer = prepared.scenario.recoverer
        let relaunch = try await prepared.scenario.clock.run { try await recoverer.relaunch(from: prepared.imageId, source: prepared.source) }
        let replacement = try #require(prepared.scenario.region.instance(relaunch.instanceId))
        #expect(replacement.zoneId == "cn-hangzhou-i" && relaunch.zoneId == "cn-hangzhou-i")
        #expect(replacement.instanceType == "ecs.g7.large")
        #expect(replacement.vSwitchId == prepared.source.vSwitchId)
        #expect(replacement.securityGroupIds == ["sg-1"])
        #expect(replacement.imageId == prepared.imageId)
        #expect(replacement.spotStrategy == .spotAsPriceGo)
        #expect(replacement.name == prepared.source.instanceName)
        let tags = Dictionary(uniqueKeysWithValues: replacement.tags.map { ($0.key, $0.value) })
        #expect(tags[SpotRecoverer.sourceTagKey] == prepared.source.instanceId)
        #expect(tags[SpotRecoverer.imageTagKey] == prepared.imageId)
        #expect(tags["team"] == "batch")
        #expect(tags["acs:system"] == nil, "system tags are not copied")
        #expect(!relaunch.reusedExisting)
    }

    @Test("A sold-out zone falls back to the next placement; the sold-out one cools down for later relaunches")
    func fallbackAndCooldown() async throws {
        let prepared = try await prepare()
        let region = prepared.scenario.region
        region.setSoldOut(zoneId: "cn-hangzhou-i", instanceType: "ecs.g7.large")
        let options = RelaunchOptions(
            fallbackPlacements: [Placement(zoneId: "cn-hangzhou-j", vSwitchId: "vsw-sim-j")],
            fallbackInstanceTypes: ["ecs.g6.large"], soldOutCooldown: .seconds(300))
        let recoverer = prepared.scenario.recoverer
        let first = try await prepared.scenario.clock.run { try await recoverer.relaunch(from: prepared.imageId, source: prepared.source, options: options) }
        #expect(first.zoneId == "cn-hangzhou-i" && first.instanceType == "ecs.g6.large", "same zone, next type first")
        #expect(first.attempts.map(\.outcome) == [.capacityShortage(code: "OperationDenied.NoStock"), .launched(instanceId: first.instanceId)])

        // A second source in the same zone: the sold-out candidate is skipped without asking ECS.
        let other = region.addInstances(count: 1, zoneId: "cn-hangzhou-i", instanceType: "ecs.g7.large")
        let otherSource = try #require(try await prepared.scenario.describe(other[0]))
        region.resetCalls()
        let second = try await prepared.scenario.clock.run { try await recoverer.relaunch(from: prepared.imageId, source: otherSource, options: options) }
        #expect(second.attempts.first?.outcome == .coolingDown)
        #expect(region.calls(of: "RunInstances").count == 1)

        // After the cool-down the zone is tried again (and, stock back, used).
        region.clearSoldOut()
        await prepared.scenario.clock.advance(by: .seconds(301))
        let third = region.addInstances(count: 1, zoneId: "cn-hangzhou-i", instanceType: "ecs.g7.large")
        let thirdSource = try #require(try await prepared.scenario.describe(third[0]))
        let relaunched = try await prepared.scenario.clock.run { try await recoverer.relaunch(from: prepared.imageId, source: thirdSource, options: options) }
        #expect(relaunched.zoneId == "cn-hangzhou-i" && relaunched.instanceType == "ecs.g7.large")
    }

    @Test("Every capacity code moves on to the next candidate", arguments: [
        "OperationDenied.NoStock", "Zone.NotOnSale", "InvalidResourceType.NotSupported", "InstanceType.Offline", "InvalidInstanceType.ZoneNotSupported",
    ])
    func capacityCodes(code: String) async throws {
        let prepared = try await prepare()
        prepared.scenario.region.setSoldOut(zoneId: "cn-hangzhou-i", code: code)
        let recoverer = prepared.scenario.recoverer
        let relaunch = try await prepared.scenario.clock.run {
            try await recoverer.relaunch(from: prepared.imageId, source: prepared.source, options: RelaunchOptions(
                fallbackPlacements: [Placement(zoneId: "cn-hangzhou-k", vSwitchId: "vsw-sim-k")]))
        }
        #expect(relaunch.zoneId == "cn-hangzhou-k")
        #expect(relaunch.attempts.first?.outcome == .capacityShortage(code: code))
    }

    @Test("When every candidate is sold out the error is noCapacity with every attempt")
    func noCapacity() async throws {
        let prepared = try await prepare()
        prepared.scenario.region.setSoldOut(zoneId: nil)
        let recoverer = prepared.scenario.recoverer
        let error = await #expect(throws: SpotRecoveryError.self) {
            try await prepared.scenario.clock.run {
                try await recoverer.relaunch(from: prepared.imageId, source: prepared.source, options: RelaunchOptions(
                    fallbackPlacements: [Placement(zoneId: "cn-hangzhou-j", vSwitchId: "vsw-sim-j")]))
            }
        }
        #expect(error?.kind == .noCapacity)
        #expect(error?.attempts.count == 2)
        #expect(prepared.scenario.region.allInstances.count == 1)
    }

    @Test("A refused price is reported separately from capacity")
    func priceRejected() async throws {
        let prepared = try await prepare()
        let recoverer = prepared.scenario.recoverer
        let error = await #expect(throws: SpotRecoveryError.self) {
            try await prepared.scenario.clock.run {
                try await recoverer.relaunch(from: prepared.imageId, source: prepared.source, options: RelaunchOptions(
                    spotStrategy: .spotWithPriceLimit, spotPriceLimit: 0.0001))
            }
        }
        #expect(error?.kind == .priceRejected)
        #expect(error?.attempts.first?.outcome == .priceRejected(code: "InvalidSpotPriceLimit.LowerThanPublicPrice"))
    }

    @Test("Relaunching twice, even from two recoverers at once, launches one replacement")
    func neverTwice() async throws {
        let prepared = try await prepare()
        let first = prepared.scenario.recoverer
        let second = SpotRecoverer(client: try prepared.scenario.region.makeClient())
        let relaunches = try await prepared.scenario.clock.run {
            async let a = first.relaunch(from: prepared.imageId, source: prepared.source)
            async let b = second.relaunch(from: prepared.imageId, source: prepared.source)
            return try await [a, b]
        }
        let again = try await prepared.scenario.clock.run { try await first.relaunch(from: prepared.imageId, source: prepared.source) }
        #expect(Set(relaunches.map(\.instanceId) + [again.instanceId]).count == 1)
        #expect(again.reusedExisting)
        #expect(prepared.scenario.region.allInstances.count == 2, "the source and one replacement")
    }

    @Test("A lost RunInstances answer is retried with the same token: one replacement")
    func lostAnswer() async throws {
        let prepared = try await prepare()
        prepared.scenario.region.inject(.responseLostAfterEffect(action: "RunInstances", times: 1))
        let recoverer = prepared.scenario.recoverer
        let relaunch = try await prepared.scenario.clock.run { try await recoverer.relaunch(from: prepared.imageId, source: prepared.source) }
        #expect(prepared.scenario.region.allInstances.map(\.id).contains(relaunch.instanceId))
        #expect(prepared.scenario.region.allInstances.count == 2)
    }

    @Test("Waiting until Running returns a running replacement")
    func waitUntilRunning() async throws {
        let prepared = try await prepare()
        let recoverer = prepared.scenario.recoverer
        let started = prepared.scenario.clock.now
        let relaunch = try await prepared.scenario.clock.run {
            try await recoverer.relaunch(from: prepared.imageId, source: prepared.source, options: RelaunchOptions(waitUntilRunning: true))
        }
        #expect(relaunch.status == .running)
        #expect(prepared.scenario.clock.now.timeIntervalSince(started) >= 20, "the simulator keeps instances Pending for 20 s")
    }

    @Test("A source known only by ID is described first; a vanished one needs explicit placement")
    func sourceById() async throws {
        let prepared = try await prepare()
        let recoverer = prepared.scenario.recoverer
        let relaunch = try await prepared.scenario.clock.run { try await recoverer.relaunch(from: prepared.imageId, sourceInstanceId: prepared.source.instanceId) }
        #expect(relaunch.instanceType == "ecs.g7.large")
        let error = await #expect(throws: SpotRecoveryError.self) {
            try await prepared.scenario.clock.run { try await recoverer.relaunch(from: prepared.imageId, sourceInstanceId: "i-gone") }
        }
        #expect(error?.kind == .sourceUnknown)
    }
}
