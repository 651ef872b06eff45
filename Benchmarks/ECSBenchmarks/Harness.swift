import Foundation

/// Runs an operation repeatedly for at least a minimum time and reports nanoseconds per operation.
struct Harness {
    let minimumTime: Duration
    let minimumIterations: Int

    /// Measures `operation` after one warm-up run.
    func measure(_ operation: () async throws -> Void) async throws -> Double {
        try await operation()
        let clock = ContinuousClock()
        var iterations = 0
        let start = clock.now
        var elapsed = Duration.zero
        repeat {
            try await operation()
            iterations += 1
            elapsed = clock.now - start
        } while elapsed < minimumTime || iterations < minimumIterations
        let (seconds, attoseconds) = elapsed.components
        let nanoseconds = Double(seconds) * 1e9 + Double(attoseconds) / 1e9
        return nanoseconds / Double(iterations)
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
