import Foundation

/// Turns an interruption's timeline into its outcome: the rules the study counts by, in one place.
public enum RecoveryAccounting {
    /// The outcome of one interruption.
    ///
    /// - Recovered when the workload runs again: downtime from the release to `Running`; data lost from the
    ///   notice image's CreateImage to the release, from a checkpoint's creation to the release, none for a
    ///   restart in place or an image of the stopped instance (taken after the stop).
    /// - Otherwise the cause comes from the facts first: not noticed before the release; a notice image
    ///   that the release cut short, or that failed on its own, when the flow failed waiting for it; then
    ///   what the flow said (no capacity, a refused call, a failed restart).
    public static func outcome(of timeline: InterruptionTimeline) -> InterruptionOutcome {
        if let resumption = timeline.resumption {
            let downtime = resumption.runningAt.timeIntervalSince(timeline.releasedAt)
            let dataLoss: Double = switch resumption {
            case .noticeImage(let createdAt, _), .checkpoint(let createdAt, _): max(0, timeline.releasedAt.timeIntervalSince(createdAt))
            case .restartedInPlace: 0
            }
            return .recovered(downtime: downtime, dataLoss: dataLoss)
        }
        guard let detectedAt = timeline.detectedAt, detectedAt <= timeline.releasedAt else { return .unrecovered(.notDetected) }
        switch timeline.failure {
        case nil:
            return .unrecovered(.unfinished)
        case .imageFailed?:
            return .unrecovered(wasCutShortByRelease(timeline) ? .imageTooSlow : .imageFailed)
        case .imageRequestRefused?, .callFailed?:
            return .unrecovered(.apiError)
        case .noCapacity?:
            return .unrecovered(.noCapacity)
        case .restartFailed?:
            return .unrecovered(.restartFailed)
        case .other?:
            return .unrecovered(.other)
        }
    }

    /// Whether the notice image was still unfinished at the release (its disk went, and the image with it).
    static func wasCutShortByRelease(_ timeline: InterruptionTimeline) -> Bool {
        guard let image = timeline.noticeImage else { return false }
        if let availableAt = image.availableAt, availableAt <= timeline.releasedAt { return false }
        guard let failedAt = image.failedAt else { return true }
        return failedAt >= timeline.releasedAt
    }
}
