import AliyunECS
import AliyunECSTesting
import Foundation
import Testing

/// Stock, prices and interruption rates: what the placement planner reads.
@Suite("Simulator: market")
struct MarketTests {
    @Test("DescribeAvailableResource reports stock per zone and type; sold-out candidates answer NoStock")
    func stock() async throws {
        let (region, _) = try Sim.region()
        region.setStock(zoneId: "cn-hangzhou-j", instanceType: "ecs.g7.large", .closedWithStock)
        region.setSoldOut(zoneId: "cn-hangzhou-k", instanceType: "ecs.g7.large")
        let client = try Sim.client(for: region)
        let answer = try await client.describeAvailableResource(DescribeAvailableResourceRequest(destinationResource: .instanceType).with {
            $0.instanceType = "ecs.g7.large"
            $0.spotStrategy = .spotAsPriceGo
        })
        let byZone = Dictionary(uniqueKeysWithValues: answer.availableZones.map { zone in
            (zone.zoneId ?? "", zone.availableResources.first?.supportedResources.first)
        })
        #expect(byZone["cn-hangzhou-i"]??.statusCategory == .withStock)
        #expect(byZone["cn-hangzhou-j"]??.statusCategory == .closedWithStock)
        #expect(byZone["cn-hangzhou-k"]??.statusCategory == .withoutStock)
        #expect(byZone["cn-hangzhou-k"]??.status == .soldOut)
        let error = await #expect(throws: ECSServiceError.self) {
            try await client.runInstances(Sim.launch(zoneId: "cn-hangzhou-k", vSwitchId: "vsw-sim-k"))
        }
        #expect(error?.code == "OperationDenied.NoStock")
    }

    @Test("Stale stock data: a type listed WithStock can still answer NoStock")
    func staleStock() async throws {
        let (region, _) = try Sim.region()
        region.setSoldOut(zoneId: "cn-hangzhou-i", instanceType: "ecs.g7.large", reportedAs: .withStock)
        let client = try Sim.client(for: region)
        let answer = try await client.describeAvailableResource(DescribeAvailableResourceRequest(destinationResource: .instanceType).with {
            $0.zoneId = "cn-hangzhou-i"
            $0.instanceType = "ecs.g7.large"
        })
        #expect(answer.availableZones.first?.availableResources.first?.supportedResources.first?.statusCategory == .withStock)
        await #expect(throws: ECSServiceError.self) { try await client.runInstances(Sim.launch()) }
    }

    @Test("Cores and memory select types; the zone list follows the region")
    func requirements() async throws {
        let (region, _) = try Sim.region()
        let client = try Sim.client(for: region)
        let answer = try await client.describeAvailableResource(DescribeAvailableResourceRequest(destinationResource: .instanceType).with {
            $0.cores = 2
            $0.memory = 8
        })
        #expect(answer.availableZones.map(\.zoneId) == ["cn-hangzhou-i", "cn-hangzhou-j", "cn-hangzhou-k"])
        #expect(Set(answer.availableZones[0].availableResources[0].supportedResources.compactMap(\.value)) == ["ecs.g7.large", "ecs.g8i.large"])
    }

    @Test("Spot prices: the latest point is the current price, per zone; RunInstances trades at it")
    func prices() async throws {
        let (region, clock) = try Sim.region()
        region.setSpotPrice(zoneId: "cn-hangzhou-j", instanceType: "ecs.g7.large", 0.08)
        let client = try Sim.client(for: region)
        let history = try await client.describeSpotPriceHistory(DescribeSpotPriceHistoryRequest(instanceType: "ecs.g7.large", networkType: "vpc"))
        let latest = Dictionary(grouping: history.spotPrices, by: { $0.zoneId ?? "" })
            .mapValues { $0.max { ($0.timestamp ?? .distantPast) < ($1.timestamp ?? .distantPast) } }
        #expect(latest["cn-hangzhou-j"]??.spotPrice == 0.08)
        #expect(latest["cn-hangzhou-j"]??.timestamp == clock.now)
        #expect(latest["cn-hangzhou-i"]??.spotPrice == 0.101)
        #expect(latest["cn-hangzhou-i"]??.originPrice == 0.505)
        let launched = try await client.runInstances(Sim.launch(zoneId: "cn-hangzhou-j", vSwitchId: "vsw-sim-j"))
        #expect(launched.tradePrice == 0.08)
    }

    @Test("DescribeSpotAdvice reports the interruption rates set per zone and type")
    func advice() async throws {
        let (region, _) = try Sim.region()
        region.setInterruptionRate(zoneId: "cn-hangzhou-i", instanceType: "ecs.c7.large", 0.18)
        let client = try Sim.client(for: region)
        let advice = try await client.describeSpotAdvice(DescribeSpotAdviceRequest().with { $0.instanceTypes = ["ecs.c7.large"] })
        let zoneI = try #require(advice.availableSpotZones.first { $0.zoneId == "cn-hangzhou-i" })
        #expect(zoneI.availableSpotResources.map(\.instanceType) == ["ecs.c7.large"])
        #expect(zoneI.availableSpotResources.first?.interruptionRate == 0.18)
        #expect(zoneI.availableSpotResources.first?.interruptRateDesc == "15-20%")
        #expect(advice.availableSpotZones.first { $0.zoneId == "cn-hangzhou-j" }?.availableSpotResources.first?.interruptionRate == 0.03)
    }
}
