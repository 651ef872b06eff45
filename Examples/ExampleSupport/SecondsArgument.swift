import ArgumentParser

/// A number of seconds given on the command line; fractions are accepted (`--poll-interval 0.5`).
public struct Seconds: ExpressibleByArgument, Sendable, Hashable, CustomStringConvertible {
    /// The value in seconds.
    public var value: Double

    /// Creates a value.
    public init(_ value: Double) {
        self.value = value
    }

    /// Parses a non-negative decimal number.
    public init?(argument: String) {
        guard let value = Double(argument), value.isFinite, value >= 0 else { return nil }
        self.value = value
    }

    /// The value as a `Duration`.
    public var duration: Duration { .nanoseconds(Int64((value * 1e9).rounded())) }

    /// The number as typed.
    public var description: String { String(value) }
}
