import AliyunECS
import Foundation

/// The launch candidates of one relaunch, ranked, with why every other candidate was left out.
public struct PlacementPlan: Sendable, Hashable {
    /// Every candidate considered, ranked ones first in the order to try them, then the skipped ones.
    public var decisions: [PlacementDecision]
    /// When the plan was made.
    public var madeAt: Date

    /// Creates a plan.
    public init(decisions: [PlacementDecision], madeAt: Date) {
        self.decisions = decisions
        self.madeAt = madeAt
    }

    /// The candidates to try, best first.
    public var ranked: [PlacementDecision] {
        decisions.filter { if case .ranked = $0.verdict { return true } else { return false } }
    }

    /// The candidates left out.
    public var skipped: [PlacementDecision] {
        decisions.filter { if case .skipped = $0.verdict { return true } else { return false } }
    }

    /// The candidates left out only for a cool-down (just interrupted, or no capacity lately), in plan order:
    /// tried last, when every ranked one failed. A cool-down orders the candidates; it never leaves a
    /// recovery without a launch to try.
    public var lastResort: [PlacementDecision] {
        skipped.filter { decision in
            switch decision.verdict {
            case .skipped(.recentlyInterrupted), .skipped(.coolingDown): true
            default: false
            }
        }
    }
}

/// One candidate (a zone with its vSwitch, and a type) and what the planner made of it.
public struct PlacementDecision: Sendable, Hashable, CustomStringConvertible {
    /// Whether the candidate is in the running, and why not when it is not.
    public enum Verdict: Sendable, Hashable {
        /// To be tried, at this place in the order (1 for the first).
        case ranked(position: Int)
        /// Left out.
        case skipped(SkipReason)
    }

    /// Why a candidate was left out.
    public enum SkipReason: Sendable, Hashable, CustomStringConvertible {
        /// DescribeAvailableResource reports no stock (`WithoutStock`, `ClosedWithoutStock`, `SoldOut`).
        case outOfStock(String)
        /// DescribeAvailableResource does not list the type in the zone.
        case notOffered
        /// The latest spot price is above the policy's limit.
        case priceAboveLimit(price: Double, limit: Double)
        /// The zone and type were just interrupted; they sit out until then.
        case recentlyInterrupted(until: Date)
        /// A launch there answered that it had no capacity; it sits out until then.
        case coolingDown(until: Date)

        /// A short reason.
        public var description: String {
            switch self {
            case .outOfStock(let category): "out of stock (\(category))"
            case .notOffered: "not offered"
            case .priceAboveLimit(let price, let limit): "price \(price) above the limit \(limit)"
            case .recentlyInterrupted(let until): "just interrupted; sits out until \(ECSTimestamp.string(from: until))"
            case .coolingDown(let until): "no capacity lately; sits out until \(ECSTimestamp.string(from: until))"
            }
        }
    }

    /// The candidate.
    public var candidate: LaunchCandidate
    /// The verdict.
    public var verdict: Verdict
    /// Its stock, as DescribeAvailableResource reported it (`nil` when unknown).
    public var stock: StatusCategory?
    /// Its latest hourly spot price, when known.
    public var price: Double?
    /// Its recent interruption rate (0 to 1), when known.
    public var interruptionRate: Double?
    /// The price weighed by the interruption rate, which the ranking sorts on.
    public var score: Double?

    /// Creates a decision.
    public init(
        candidate: LaunchCandidate, verdict: Verdict, stock: StatusCategory? = nil, price: Double? = nil,
        interruptionRate: Double? = nil, score: Double? = nil
    ) {
        self.candidate = candidate
        self.verdict = verdict
        self.stock = stock
        self.price = price
        self.interruptionRate = interruptionRate
        self.score = score
    }

    /// `#1 cn-hangzhou-j/vsw-…/ecs.g7.large WithStock 0.101/h (rate 3%)` or `skipped … : reason`.
    public var description: String {
        var facts: [String] = []
        if let stock { facts.append(stock.rawValue) }
        if let price { facts.append("\(price)/h") }
        if let interruptionRate { facts.append("rate \(Int((interruptionRate * 100).rounded()))%") }
        let detail = facts.isEmpty ? "" : " " + facts.joined(separator: " ")
        switch verdict {
        case .ranked(let position): return "#\(position) \(candidate)\(detail)"
        case .skipped(let reason): return "skipped \(candidate)\(detail): \(reason)"
        }
    }
}
