import AliyunECS
import AliyunECSTesting
import Foundation
import SpotRecovery
import Testing

/// The placement planner: stock, price and interruption rate, cool-downs, and what it says of each candidate.
@Suite("Placement planner")
struct PlacementTests {
    static let zones = [
        Placement(zoneId: "cn-hangzhou-i", vSwitchId: "vsw-sim-i"),
        Placement(zoneId: "cn-hangzhou-j", vSwitchId: "vsw-sim-j"),
        Placement(zoneId: "cn-hangzhou-k", vSwitchId: "vsw-sim-k"),
    ]

    static func policy(types: [String] = ["ecs.g7.large", "ecs.g8i.large"], limit: Double? = nil) -> PlacementPolicy {
        PlacementPolicy(placements: zones, instanceTypes: .types(types), maximumHourlyPrice: limit)
    }

    static func position(of zone: String, _ type: String, in plan: PlacementPlan) -> Int? {
        for decision in plan.decisions where decision.candidate.zoneId == zone && decision.candidate.instanceType == type {
            if case .ranked(let position) = decision.verdict { return position }
        }
        return nil
    }

    static func reason(of zone: String, _ type: String, in plan: PlacementPlan) -> PlacementDecision.SkipReason? {
        for decision in plan.decisions where decision.candidate.zoneId == zone && decision.candidate.instanceType == type {
            if case .skipped(let reason) = decision.verdict { return reason }
        }
        return nil
    }

    @Test("Candidates rank by stock first (WithStock before ClosedWithStock), then by price weighed by interruption rate")
    func ranking() async throws {
        let scenario = try Scenario()
        let region = scenario.region
        region.setSpotPrice(zoneId: "cn-hangzhou-i", instanceType: "ecs.g7.large", 0.09)
        region.setSpotPrice(zoneId: "cn-hangzhou-j", instanceType: "ecs.g7.large", 0.08)
        region.setStock(zoneId: "cn-hangzhou-j", instanceType: "ecs.g7.large", .closedWithStock)
        region.setSpotPrice(zoneId: "cn-hangzhou-k", instanceType: "ecs.g7.large", 0.07)
        region.setInterruptionRate(zoneId: "cn-hangzhou-k", instanceType: "ecs.g7.large", 0.5)
        let plan = try await scenario.recoverer.planner(for: Self.policy(types: ["ecs.g7.large"])).plan()
        // i: 0.09 × (1 + 2×0.03) = 0.095; k: 0.07 × (1 + 2×0.5) = 0.14; j is ClosedWithStock, after both.
        #expect(plan.ranked.map(\.candidate.zoneId) == ["cn-hangzhou-i", "cn-hangzhou-k", "cn-hangzhou-j"])
        #expect(plan.ranked.first?.price == 0.09 && plan.ranked.first?.stock == .withStock && plan.ranked.first?.interruptionRate == 0.03)
    }

    @Test("Sold-out, over-limit and unoffered candidates are skipped, each with its reason")
    func skipped() async throws {
        let scenario = try Scenario()
        let region = scenario.region
        region.setSoldOut(zoneId: "cn-hangzhou-i", instanceType: "ecs.g7.large")
        region.setStock(zoneId: "cn-hangzhou-j", instanceType: "ecs.g7.large", .closedWithoutStock)
        region.setSpotPrice(zoneId: "cn-hangzhou-k", instanceType: "ecs.g7.large", 0.5)
        let plan = try await scenario.recoverer.planner(for: Self.policy(types: ["ecs.g7.large", "ecs.unknown.large"], limit: 0.2)).plan()
        #expect(Self.reason(of: "cn-hangzhou-i", "ecs.g7.large", in: plan) == .outOfStock("WithoutStock"))
        #expect(Self.reason(of: "cn-hangzhou-j", "ecs.g7.large", in: plan) == .outOfStock("ClosedWithoutStock"))
        #expect(Self.reason(of: "cn-hangzhou-k", "ecs.g7.large", in: plan) == .priceAboveLimit(price: 0.5, limit: 0.2))
        #expect(Self.reason(of: "cn-hangzhou-i", "ecs.unknown.large", in: plan) == .notOffered)
        #expect(plan.ranked.isEmpty)
    }

    @Test("Requirements pick every type of the shape in the given families")
    func requirements() async throws {
        let scenario = try Scenario()
        let policy = PlacementPolicy(placements: Array(Self.zones.prefix(1)), instanceTypes: .requirements(cores: 2, memoryGiB: 8, families: ["ecs.g7", "ecs.g8i"]))
        let plan = try await scenario.recoverer.planner(for: policy).plan()
        #expect(Set(plan.ranked.compactMap(\.candidate.instanceType)) == ["ecs.g7.large", "ecs.g8i.large"])
    }

    @Test("Market answers are cached: a second plan within the cache lifetime costs no call")
    func cache() async throws {
        let scenario = try Scenario()
        let planner = await scenario.recoverer.planner(for: Self.policy())
        _ = try await planner.plan()
        let calls = scenario.region.calls.count
        #expect(calls == 4, "stock, two price histories, advice")
        _ = try await planner.plan()
        #expect(scenario.region.calls.count == calls)
        await scenario.clock.advance(by: .seconds(61))
        _ = try await planner.plan()
        #expect(scenario.region.calls.count == 2 * calls)
    }

    @Test("A failed market query plans without it instead of failing")
    func degraded() async throws {
        let scenario = try Scenario(retryPolicy: .none)
        scenario.region.inject(.error(code: "Forbidden.RAM", status: 403, message: "denied", action: "DescribeSpotAdvice", times: nil))
        let plan = try await scenario.recoverer.planner(for: Self.policy(types: ["ecs.g7.large"])).plan()
        #expect(plan.ranked.count == 3)
        #expect(plan.ranked.allSatisfy { $0.interruptionRate == nil && $0.price != nil })
    }

    @Test("The planner never picks a sold-out or cooling-down candidate; NoStock cools a candidate the stock data called WithStock")
    func relaunchFollowsThePlan() async throws {
        let scenario = try Scenario()
        let region = scenario.region
        let source = try #require(region.addInstances(count: 1, zoneId: "cn-hangzhou-i", instanceType: "ecs.g7.large").first)
        let imageId = try await scenario.client.createImage(CreateImageRequest().with { $0.instanceId = source }).imageId
        await scenario.clock.advance(by: .seconds(200))
        // Cheapest: j/g7, but it answers NoStock although the stock data says WithStock.
        region.setSpotPrice(zoneId: "cn-hangzhou-j", instanceType: "ecs.g7.large", 0.05)
        region.setSoldOut(zoneId: "cn-hangzhou-j", instanceType: "ecs.g7.large", reportedAs: .withStock)
        region.setSoldOut(zoneId: "cn-hangzhou-k", instanceType: "ecs.g7.large")
        region.setSpotPrice(zoneId: "cn-hangzhou-i", instanceType: "ecs.g8i.large", 0.06)
        let options = RelaunchOptions(placement: Self.policy())
        let described = try #require(try await scenario.describe(source))
        let relaunch = try await scenario.recoverer.relaunch(from: imageId, source: described, options: options)
        #expect(relaunch.zoneId == "cn-hangzhou-i" && relaunch.instanceType == "ecs.g8i.large")
        let outcomes = relaunch.attempts.map { "\($0.candidate.zoneId ?? "")/\($0.candidate.instanceType ?? ""): \($0.outcome)" }
        #expect(outcomes.contains("cn-hangzhou-j/ecs.g7.large: capacityShortage(code: \"OperationDenied.NoStock\")"))
        #expect(relaunch.attempts.contains { $0.candidate.zoneId == "cn-hangzhou-k" && $0.outcome == .skipped(.outOfStock("WithoutStock")) })
        #expect(region.calls(of: "RunInstances").allSatisfy { $0.parameters["ZoneId"] != "cn-hangzhou-k" }, "a sold-out candidate is never tried")

        // The next plan skips j/g7 for the cool-down, whatever the stock data says.
        let plan = try await scenario.recoverer.planner(for: Self.policy()).plan()
        guard case .coolingDown = try #require(Self.reason(of: "cn-hangzhou-j", "ecs.g7.large", in: plan)) else {
            Issue.record("j/g7 should be cooling down")
            return
        }
    }

    @Test("The zone and type just interrupted sit out; an explicit fallback list overrides the planner")
    func interruptedAndExplicit() async throws {
        let scenario = try Scenario()
        let ids = scenario.region.addInstances(count: 1, zoneId: "cn-hangzhou-i", instanceType: "ecs.g7.large", tags: [ResourceTag(key: "team", value: "a")])
        scenario.region.scheduleInterruption(of: ids, after: .seconds(5))
        let events = Collector<RecoveryEvent>()
        let recoverer = scenario.recoverer
        let options = RecoveryOptions(watch: WatchOptions(timeout: .seconds(30)), relaunch: RelaunchOptions(placement: Self.policy(types: ["ecs.g7.large"])))
        try await scenario.clock.run {
            try await recoverer.recover(.tagged(key: "team", value: "a"), options: options) { events.append($0) }
        }
        let planned = try #require(events.values.compactMap { event -> PlacementPlan? in
            if case .planned(let plan) = event.kind { return plan }
            return nil
        }.first)
        guard case .recentlyInterrupted = try #require(Self.reason(of: "cn-hangzhou-i", "ecs.g7.large", in: planned)) else {
            Issue.record("the interrupted zone and type should sit out")
            return
        }
        let relaunch = try #require(events.values.compactMap { event -> Relaunch? in
            if case .relaunched(let relaunch) = event.kind { return relaunch }
            return nil
        }.first)
        #expect(relaunch.zoneId != "cn-hangzhou-i")
        #expect(relaunch.plan == planned)

        var explicit = RelaunchOptions(fallbackPlacements: [Placement(zoneId: "cn-hangzhou-k", vSwitchId: "vsw-sim-k")], placement: Self.policy())
        #expect(explicit.plannedPlacement == nil, "an explicit list overrides the planner")
        explicit.fallbackPlacements = []
        #expect(explicit.plannedPlacement != nil)
    }
}
