import Foundation
import Logging
import SpotRecovery

/// Turns one recovery's events into log lines (each with the recovery's correlation ID) and metrics.
struct RecoveryReporter: Sendable {
    let metrics: GuardianMetrics
    let logger: Logger
    /// When the interruption was noticed: the detection-to-image and detection-to-running times count from it.
    let noticedAt: Date

    func record(_ event: RecoveryEvent) {
        if event.name != "imageProgress" { logger.info("\(event.summary)", metadata: ["spot.step": "\(event.name)"]) }
        let elapsed = Duration.seconds(fractional: max(0, event.time.timeIntervalSince(noticedAt)))
        switch event.kind {
        case .imageRequested: metrics.image(outcome: "requested")
        case .imageAvailable:
            metrics.image(outcome: "available")
            metrics.detectionToImage(elapsed)
        case .noticeImageAbandoned: metrics.image(outcome: "abandoned")
        case .relaunched(let relaunch):
            metrics.relaunch(outcome: relaunch.status == .running ? "success" : "launched")
            if relaunch.status == .running { metrics.detectionToRunning(elapsed) }
        case .restarted(let status):
            metrics.restart(outcome: "success")
            if status == .running { metrics.detectionToRunning(elapsed) }
        case .restartAbandoned: metrics.restart(outcome: "abandoned")
        case .pruned(let report):
            metrics.pruned(images: report.deletedImages.count, snapshots: report.deletedSnapshots.count, failures: report.failures.count)
        case .failed(let error):
            metrics.recoveryFailed(step: error.step?.description ?? "unknown")
            if error.replacementInstanceId != nil {
                // The replacement exists, it was just not running in time: launched, not failed.
                metrics.relaunch(outcome: "launched")
            } else if error.step == .launching {
                metrics.relaunch(outcome: "failed")
            }
            if error.step == .requestingImage || error.step == .waitingForImage { metrics.image(outcome: "failed") }
        default:
            break
        }
    }

    /// Whether an event means the recovery is recorded where a restart finds it: its image requested (the
    /// image's tags hold the recovery), the stop-mode instance marked and waited for, or done.
    static func isRecorded(_ event: RecoveryEvent) -> Bool {
        switch event.kind {
        case .imageRequested, .resuming, .waitingForStop, .stopped, .restarted, .relaunched: true
        default: false
        }
    }
}
