import Foundation

/// The time source for signing dates, retry waits and every wait in SpotRecovery.
///
/// The default, ``SystemClock``, reads the wall clock and sleeps for real. Tests inject a virtual clock
/// (`VirtualClock` in `AliyunECSTesting`) so that a scenario of many minutes runs in milliseconds.
public protocol ECSClock: Sendable {
    /// The current time.
    var now: Date { get }

    /// Suspends for `duration`; throws `CancellationError` at once if the task is cancelled.
    func sleep(for duration: Duration) async throws
}

/// The real wall clock.
public struct SystemClock: ECSClock {
    /// Creates the clock.
    public init() {}

    /// `Date()`.
    public var now: Date { Date() }

    /// `Task.sleep(for:)`, which ends at once with `CancellationError` when the task is cancelled.
    public func sleep(for duration: Duration) async throws {
        guard duration > .zero else {
            try Task.checkCancellation()
            return
        }
        try await Task.sleep(for: duration)
    }
}

extension ECSClock where Self == SystemClock {
    /// The real wall clock.
    public static var system: SystemClock { SystemClock() }
}

extension Duration {
    /// Makes a duration from seconds expressed as a `Double` (fractions allowed).
    public static func seconds(fractional seconds: Double) -> Duration {
        let nanoseconds = (seconds * 1e9).rounded()
        // Clamped (NaN as zero) rather than trapping: durations come from configurations and responses.
        guard nanoseconds.isFinite else { return nanoseconds.isNaN ? .zero : nanoseconds > 0 ? .nanoseconds(Int64.max) : .nanoseconds(Int64.min) }
        guard nanoseconds < 9.2e18 else { return .nanoseconds(Int64.max) }
        guard nanoseconds > -9.2e18 else { return .nanoseconds(Int64.min) }
        return .nanoseconds(Int64(nanoseconds))
    }

    /// The duration in seconds as a `Double`.
    public var inSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
