import Foundation

/// Runs an operation repeatedly and reports nanoseconds per operation.
///
/// The time is split into rounds and the fastest round is reported: on a shared two-core machine a round
/// can be slowed by other work, never sped up, so the fastest round is the most repeatable figure.
struct Harness {
    let minimumTime: Duration
    let minimumIterations: Int
    let rounds: Int

    /// Measures `operation` after one warm-up run.
    func measure(_ operation: () async throws -> Void) async throws -> Double {
        try await operation()
        let clock = ContinuousClock()
        let roundTime = minimumTime / rounds
        var best = Double.infinity
        for _ in 0..<rounds {
            var iterations = 0
            let start = clock.now
            var elapsed = Duration.zero
            repeat {
                try await operation()
                iterations += 1
                elapsed = clock.now - start
            } while elapsed < roundTime || iterations < minimumIterations
            let (seconds, attoseconds) = elapsed.components
            let nanoseconds = Double(seconds) * 1e9 + Double(attoseconds) / 1e9
            best = min(best, nanoseconds / Double(iterations))
        }
        return best
    }
}

/// The process's peak resident set size in MiB.
func peakResidentMegabytes() -> Double {
    var usage = rusage()
    // Linux reports kilobytes; macOS reports bytes.
    #if os(Linux)
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
    #else
    getrusage(RUSAGE_SELF, &usage)
    return Double(usage.ru_maxrss) / 1_048_576
    #endif
}
