import Foundation

/// Why an interruption's workload did not run again. The raw values are the names `--json` uses.
public enum UnrecoveredCause: String, Sendable, Hashable, CaseIterable, Comparable {
    /// The flow never noticed the mark before the release.
    case notDetected = "not_detected"
    /// The notice image was unfinished when the release took the disk, and there was no checkpoint.
    case imageTooSlow = "image_too_slow"
    /// The notice image failed for another reason, and there was no checkpoint.
    case imageFailed = "image_failed"
    /// No place to launch had capacity.
    case noCapacity = "no_capacity"
    /// A call failed (after the flow's retries, if it retries).
    case apiError = "api_error"
    /// Stop mode could not bring the instance back.
    case restartFailed = "restart_failed"
    /// The study ended while the recovery was still under way (a bug of the study if it ever shows).
    case unfinished
    /// Anything else.
    case other

    /// Sorts by declaration order, so reports list causes the same way every time.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}

/// How one interruption ended for the workload.
public enum InterruptionOutcome: Sendable, Hashable {
    /// The workload runs again.
    /// - downtime: seconds from the release (or the stop) to `Running`; negative when the replacement ran
    ///   before the release.
    /// - dataLoss: seconds of work lost: how old the state it resumed from was at the release.
    case recovered(downtime: Double, dataLoss: Double)
    /// It does not, for this reason.
    case unrecovered(UnrecoveredCause)

    /// The cause, when unrecovered.
    public var cause: UnrecoveredCause? {
        if case .unrecovered(let cause) = self { return cause }
        return nil
    }
}
