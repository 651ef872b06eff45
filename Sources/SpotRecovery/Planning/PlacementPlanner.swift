import AliyunECS
import Foundation
import Logging

/// Ranks where a replacement should go: by stock (DescribeAvailableResource), by the latest spot price
/// (DescribeSpotPriceHistory) and by the recent interruption rate (DescribeSpotAdvice).
///
/// Candidates are the policy's zones (each with its vSwitch) crossed with its instance types. A candidate
/// is skipped when it is out of stock (`WithoutStock`, `ClosedWithoutStock`, `SoldOut`), not offered in the
/// zone, priced above the limit, just interrupted, or cooling down after a capacity error (stock data can
/// be stale: ECS still answers NoStock for types it lists as in stock). The rest rank by stock
/// (`WithStock` before `ClosedWithStock`, then unknown), then by `price × (1 + penalty × rate)`.
///
/// Answers are cached for ``PlacementPolicy/cacheLifetime``. When a query fails, planning goes on
/// without what it would have told (and says so in the log): a plan is advice, never a reason to fail a
/// recovery.
public actor PlacementPlanner {
    /// The policy the plans follow.
    public nonisolated let policy: PlacementPolicy
    /// The cool-downs shared with the relaunches that follow the plans.
    public nonisolated let cooldowns: CapacityCooldowns

    private let client: ECSClient
    private let clock: any ECSClock
    private let logger: Logger
    private var stock: Cached<StockTable>?
    private var prices: [String: Cached<[String: Double]>] = [:]
    private var advice: Cached<[String: Double]>?

    /// Creates a planner.
    /// - Parameters:
    ///   - policy: Where replacements may go and what they may be.
    ///   - client: The ECS client for the market queries.
    ///   - clock: The time source for the cache and the cool-downs.
    ///   - cooldowns: Shared with relaunches (usually the recoverer's ``SpotRecoverer/cooldowns``).
    ///   - logger: Where to log.
    public init(
        policy: PlacementPolicy, client: ECSClient, clock: (any ECSClock)? = nil,
        cooldowns: CapacityCooldowns = CapacityCooldowns(), logger: Logger = ECSClient.silentLogger
    ) {
        self.policy = policy
        self.client = client
        self.clock = clock ?? client.configuration.clock
        self.cooldowns = cooldowns
        self.logger = logger
    }

    /// Makes the zone and type of an interrupted instance sit out for the policy's interrupted cool-down.
    public func noteInterruption(zoneId: String, instanceType: String) async {
        await cooldowns.markInterrupted(
            zoneId: zoneId, instanceType: instanceType, until: clock.now.addingTimeInterval(policy.interruptedCooldown.inSeconds))
    }

    /// Makes a candidate that answered with a capacity error sit out for the policy's no-stock cool-down.
    public func noteNoCapacity(zoneId: String, instanceType: String) async {
        await cooldowns.markSoldOut(
            zoneId: zoneId, instanceType: instanceType, until: clock.now.addingTimeInterval(policy.noStockCooldown.inSeconds))
    }

    /// Ranks every candidate now.
    /// - Throws: `CancellationError` only; failed market queries make a plan with less information.
    public func plan() async throws -> PlacementPlan {
        try await plan(fallbackTypes: [], logger: logger)
    }

    /// Ranks every candidate now, logging to `logger` (the recovery's own, with its correlation ID).
    /// - Parameters:
    ///   - fallbackTypes: With ``InstanceTypeSelection/requirements(cores:memoryGiB:families:)``, the types
    ///     to rank when the stock query that would list the matching types fails (say, the interrupted
    ///     instance's own type), so that a failed query never leaves a plan without candidates.
    ///   - logger: Where this plan logs.
    /// - Throws: `CancellationError` only; failed market queries make a plan with less information.
    public func plan(fallbackTypes: [String], logger: Logger) async throws -> PlacementPlan {
        let now = clock.now
        let client = client.logging(to: logger)
        let stock = try await stockTable(now: now, client: client, logger: logger)
        var types = candidateTypes(stock: stock)
        if stock == nil, types.isEmpty {
            types = fallbackTypes
            if !types.isEmpty {
                logger.warning("No stock data to list the types matching the requirements; ranking the fallback types", metadata: [
                    "spot.types": "\(types.joined(separator: ","))",
                ])
            }
        }
        var prices: [String: [String: Double]] = [:]
        for type in types { prices[type] = try await latestPrices(of: type, now: now, client: client, logger: logger) }
        let rates = try await interruptionRates(now: now, client: client, logger: logger)

        var ranked: [(tier: Int, score: Double, order: Int, decision: PlacementDecision)] = []
        var skipped: [PlacementDecision] = []
        var order = 0
        for placement in policy.placements {
            for type in types {
                order += 1
                let candidate = LaunchCandidate(zoneId: placement.zoneId, vSwitchId: placement.vSwitchId, instanceType: type)
                let category = stock?.category(zoneId: placement.zoneId, instanceType: type)
                let price = prices[type]?[placement.zoneId]
                let rate = rates?[Self.key(placement.zoneId, type)]
                var decision = PlacementDecision(
                    candidate: candidate, verdict: .ranked(position: 0), stock: category.flatMap(\.category), price: price, interruptionRate: rate)
                if let cooldown = await cooldowns.cooldown(zoneId: placement.zoneId, instanceType: type, at: now) {
                    decision.verdict = .skipped(cooldown.reason == .interrupted
                        ? .recentlyInterrupted(until: cooldown.until) : .coolingDown(until: cooldown.until))
                } else if let category, let unavailable = category.unavailableReason {
                    decision.verdict = .skipped(unavailable)
                } else if let price, let limit = policy.maximumHourlyPrice, price > limit {
                    decision.verdict = .skipped(.priceAboveLimit(price: price, limit: limit))
                }
                if case .skipped = decision.verdict {
                    skipped.append(decision)
                    continue
                }
                let score = (price ?? .infinity) * (1 + policy.interruptionPenalty * (rate ?? 0))
                decision.score = price == nil ? nil : score
                let tier = switch decision.stock {
                case .withStock?: 0
                case .closedWithStock?: 1
                default: 2
                }
                ranked.append((tier, score, order, decision))
            }
        }
        ranked.sort { ($0.tier, $0.score, $0.order) < ($1.tier, $1.score, $1.order) }
        var decisions = ranked.enumerated().map { index, entry in
            var decision = entry.decision
            decision.verdict = .ranked(position: index + 1)
            return decision
        }
        decisions += skipped
        let plan = PlacementPlan(decisions: decisions, madeAt: now)
        logger.info("Placement planned", metadata: [
            "spot.ranked": "\(plan.ranked.count)", "spot.skipped": "\(plan.skipped.count)",
            "spot.first": "\(plan.ranked.first.map { "\($0.candidate)" } ?? "none")",
        ])
        return plan
    }

    // MARK: Market data, cached

    private static func key(_ zoneId: String, _ instanceType: String) -> String { zoneId + "\u{0}" + instanceType }

    private func stockTable(now: Date, client: ECSClient, logger: Logger) async throws -> StockTable? {
        if let stock, stock.isFresh(at: now) { return stock.value }
        var request = DescribeAvailableResourceRequest(destinationResource: .instanceType)
        request.instanceChargeType = .postPaid
        request.spotStrategy = .spotAsPriceGo
        switch policy.instanceTypes {
        case .types(let types) where types.count == 1:
            request.instanceType = types[0]
        case .requirements(let cores, let memory, _):
            request.cores = cores
            request.memory = memory
        default:
            break
        }
        guard let answer = try await attempt("DescribeAvailableResource", logger: logger, { try await client.describeAvailableResource(request) }) else {
            return nil
        }
        let table = StockTable(answer)
        stock = Cached(value: table, expires: now.addingTimeInterval(policy.cacheLifetime.inSeconds))
        return table
    }

    /// The policy's types, or, for requirements, the types in stock data that match them.
    private func candidateTypes(stock: StockTable?) -> [String] {
        switch policy.instanceTypes {
        case .types(let types):
            return types
        case .requirements(_, _, let families):
            let zones = Set(policy.placements.map(\.zoneId))
            let offered = stock?.instanceTypes(inZones: zones) ?? []
            return offered.filter { type in families.isEmpty || families.contains { type.hasPrefix($0 + ".") } }.sorted()
        }
    }

    private func latestPrices(of instanceType: String, now: Date, client: ECSClient, logger: Logger) async throws -> [String: Double]? {
        if let cached = prices[instanceType], cached.isFresh(at: now) { return cached.value }
        var request = DescribeSpotPriceHistoryRequest(instanceType: instanceType, networkType: policy.networkType)
        request.startTime = ECSTimestamp.string(from: now.addingTimeInterval(-3600))
        let pages = client.describeSpotPriceHistoryPages(request)
        guard let points = try await attempt("DescribeSpotPriceHistory", logger: logger, {
            var points: [DescribeSpotPriceHistoryResponse.SpotPrice] = []
            for try await page in pages { points += page.spotPrices }
            return points
        }) else { return nil }
        var latest: [String: (time: Date, price: Double)] = [:]
        for point in points {
            guard let zone = point.zoneId, let price = point.spotPrice else { continue }
            let time = point.timestamp ?? .distantPast
            if let current = latest[zone], current.time > time { continue }
            latest[zone] = (time, price)
        }
        let table = latest.mapValues(\.price)
        prices[instanceType] = Cached(value: table, expires: now.addingTimeInterval(policy.cacheLifetime.inSeconds))
        return table
    }

    private func interruptionRates(now: Date, client: ECSClient, logger: Logger) async throws -> [String: Double]? {
        if let advice, advice.isFresh(at: now) { return advice.value }
        var request = DescribeSpotAdviceRequest()
        switch policy.instanceTypes {
        case .types(let types): request.instanceTypes = types
        case .requirements(let cores, let memory, _):
            request.cores = cores
            request.memory = memory
        }
        guard let answer = try await attempt("DescribeSpotAdvice", logger: logger, { try await client.describeSpotAdvice(request) }) else { return nil }
        var rates: [String: Double] = [:]
        for zone in answer.availableSpotZones {
            guard let zoneId = zone.zoneId else { continue }
            for resource in zone.availableSpotResources {
                guard let type = resource.instanceType, let rate = resource.interruptionRate else { continue }
                rates[Self.key(zoneId, type)] = rate
            }
        }
        advice = Cached(value: rates, expires: now.addingTimeInterval(policy.cacheLifetime.inSeconds))
        return rates
    }

    /// Runs a market query; a failure other than cancellation is logged and gives `nil`.
    private func attempt<Value: Sendable>(_ action: String, logger: Logger, _ query: () async throws -> Value) async throws -> Value? {
        do {
            return try await query()
        } catch let error as CancellationError {
            throw error
        } catch {
            logger.warning("Market query failed; planning without it", metadata: ["spot.action": "\(action)", "spot.error": "\(error)"])
            return nil
        }
    }
}

/// A value and when it stops being fresh.
struct Cached<Value: Sendable>: Sendable {
    var value: Value
    var expires: Date

    func isFresh(at time: Date) -> Bool { time < expires }
}

/// DescribeAvailableResource's answer, by zone and type.
struct StockTable: Sendable {
    /// A zone's or a type's stock.
    struct Entry: Sendable {
        var status: StockStatus?
        var category: StatusCategory?

        /// Why this entry is not on sale, if it is not.
        var unavailableReason: PlacementDecision.SkipReason? {
            if let category, category == .withoutStock || category == .closedWithoutStock {
                return .outOfStock(category.rawValue)
            }
            if status == .soldOut { return .outOfStock(StockStatus.soldOut.rawValue) }
            return nil
        }
    }

    private var zones: [String: Entry] = [:]
    private var types: [String: [String: Entry]] = [:]

    init(_ answer: DescribeAvailableResourceResponse) {
        for zone in answer.availableZones {
            guard let zoneId = zone.zoneId else { continue }
            zones[zoneId] = Entry(status: zone.status, category: zone.statusCategory)
            var offered: [String: Entry] = [:]
            for resource in zone.availableResources where resource.type == nil || resource.type == "InstanceType" {
                for supported in resource.supportedResources {
                    guard let value = supported.value else { continue }
                    offered[value] = Entry(status: supported.status, category: supported.statusCategory)
                }
            }
            types[zoneId] = offered
        }
    }

    /// The stock of a type in a zone: the zone's own when the whole zone is unavailable, the type's when the
    /// zone lists it, `.notOffered` (as an entry without data) when the zone is listed without the type, and
    /// `nil` when the zone is not in the answer at all.
    func category(zoneId: String, instanceType: String) -> CategoryLookup? {
        guard let zone = zones[zoneId] else { return nil }
        if zone.unavailableReason != nil { return CategoryLookup(entry: zone, offered: true) }
        guard let entry = types[zoneId]?[instanceType] else { return CategoryLookup(entry: Entry(), offered: false) }
        return CategoryLookup(entry: entry, offered: true)
    }

    /// Every type offered in these zones.
    func instanceTypes(inZones wanted: Set<String>) -> Set<String> {
        var result: Set<String> = []
        for (zone, offered) in types where wanted.contains(zone) { result.formUnion(offered.keys) }
        return result
    }

    /// A lookup's result.
    struct CategoryLookup: Sendable {
        var entry: Entry
        var offered: Bool

        var category: StatusCategory? { entry.category }

        var unavailableReason: PlacementDecision.SkipReason? {
            offered ? entry.unavailableReason : .notOffered
        }
    }
}
