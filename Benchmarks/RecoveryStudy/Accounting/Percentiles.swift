/// Percentiles by the nearest-rank rule: the smallest value with at least `p` of the values at or below it.
public struct Percentiles: Sendable, Hashable {
    /// The values, sorted.
    public let sorted: [Double]

    /// Sorts `values`.
    public init(_ values: [Double]) {
        sorted = values.sorted()
    }

    /// The `p`-th percentile (0 to 100), or `nil` when there are no values.
    public func value(at p: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}
