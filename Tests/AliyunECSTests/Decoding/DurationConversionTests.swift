import Foundation
import Testing
import AliyunECS

/// Seconds as a `Double` (from configurations, `Retry-After`, responses) become durations without trapping.
@Suite("Durations from seconds")
struct DurationConversionTests {
    @Test("Ordinary values convert exactly to the nanosecond")
    func ordinary() {
        #expect(Duration.seconds(fractional: 1.5) == .milliseconds(1500))
        #expect(Duration.seconds(fractional: 0) == .zero)
        #expect(Duration.seconds(fractional: -2) == .seconds(-2))
        #expect(Duration.seconds(fractional: 0.000_000_001) == .nanoseconds(1))
    }

    @Test("Values a duration cannot hold are clamped, NaN is zero: nothing traps", arguments: [1e300, -1e300, Double.infinity, -Double.infinity, Double.nan, 9.3e9])
    func extremes(seconds: Double) {
        let duration = Duration.seconds(fractional: seconds)
        if seconds.isNaN {
            #expect(duration == .zero)
        } else if seconds > 0 {
            #expect(duration == .nanoseconds(Int64.max))
        } else {
            #expect(duration == .nanoseconds(Int64.min))
        }
    }
}
