import CoreMetrics
import Foundation
import Prometheus

/// spot-guardian's metrics, in a registry of their own (so several services, or tests, never share one),
/// served in Prometheus text format by `GET /metrics`. Every name starts with `spot_guardian_`.
public final class GuardianMetrics: Sendable {
    /// The registry the metrics live in.
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory

    /// The histogram buckets of the detection-to-image and detection-to-running times.
    static let durationBuckets: [Duration] = [1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600].map { .seconds($0) }

    /// Creates an empty set of metrics.
    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = [
            "spot_guardian_detection_to_image_seconds": Self.durationBuckets,
            "spot_guardian_detection_to_running_seconds": Self.durationBuckets,
        ]
        self.factory = factory
    }

    private func count(_ name: String, _ dimensions: [(String, String)], by amount: Int = 1) {
        Counter(label: name, dimensions: dimensions, factory: factory).increment(by: amount)
    }

    /// An interruption noticed, by where from (`DescribeInstances`, `CloudMonitor`, `EventBridge`, …).
    func detected(source: String) { count("spot_guardian_detections_total", [("source", source)]) }
    /// An image step: `requested`, `available`, `failed`, `abandoned` (the checkpoint was used instead).
    func image(outcome: String) { count("spot_guardian_images_total", [("outcome", outcome)]) }
    /// A relaunch: `success` (a running replacement) or `failed`.
    func relaunch(outcome: String) { count("spot_guardian_relaunches_total", [("outcome", outcome)]) }
    /// A stop-mode restart: `success` or `abandoned` (imaged and relaunched instead).
    func restart(outcome: String) { count("spot_guardian_restarts_total", [("outcome", outcome)]) }
    /// A checkpoint: `requested` or `failed`.
    func checkpoint(outcome: String) { count("spot_guardian_checkpoints_total", [("outcome", outcome)]) }
    /// A prune, and what it deleted.
    func pruned(images: Int, snapshots: Int, failures: Int) {
        count("spot_guardian_prunes_total", [("outcome", failures == 0 ? "success" : "partial")])
        count("spot_guardian_pruned_images_total", [], by: images)
        count("spot_guardian_pruned_snapshots_total", [], by: snapshots)
    }
    /// A recovery that ended in failure, by the step that failed.
    func recoveryFailed(step: String) { count("spot_guardian_recovery_failures_total", [("step", step)]) }
    /// A payload posted to an event endpoint: `accepted`, `duplicate`, `rejected`, `unauthorized`, `too_large`, `draining`.
    func event(channel: String, outcome: String) { count("spot_guardian_events_total", [("channel", channel), ("outcome", outcome)]) }
    /// What ECS said of an accepted event: `confirmed`, `notInterrupted` or `unknownInstance` (only a
    /// confirmed one leads to a recovery).
    func eventConfirmation(outcome: String) { count("spot_guardian_event_confirmations_total", [("outcome", outcome)]) }
    /// A message of a region's event queue, by what became of it: `recovered`, `harmless`, `duplicate`,
    /// `poison` (deleted at once) or `gave_up` (received more than `maximumDequeues` times).
    func queueMessage(region: String, outcome: String) {
        count("spot_guardian_queue_messages_total", [("region", region), ("outcome", outcome)])
    }
    /// A receive from a region's event queue that failed, by MNS's error code or the client's kind of failure.
    func queueReceiveError(region: String, code: String) {
        count("spot_guardian_queue_receive_errors_total", [("region", region), ("code", code)])
    }
    /// An ECS API call, by action and outcome (`success`, `client_error`, `server_error`, `transport_error`,
    /// `cancelled`, and `dry_run` for a change `--dry-run` kept from being sent).
    func apiCall(action: String, outcome: String) { count("spot_guardian_api_calls_total", [("action", action), ("outcome", outcome)]) }
    /// What reconciliation found and acted on: `relaunched` (a recovery cut short, resumed), `restarted`
    /// (a stop-mode instance left stopped), `snapshot_deleted` (a snapshot a failed deletion left behind).
    func reconciled(kind: String, count amount: Int = 1) {
        count("spot_guardian_reconciled_total", [("kind", kind)], by: amount)
    }

    /// Seconds from detection to the image being available.
    func detectionToImage(_ duration: Duration) {
        Timer(label: "spot_guardian_detection_to_image_seconds", factory: factory).recordNanoseconds(nanoseconds(duration))
    }

    /// Seconds from detection to a running replacement (or the same instance started again).
    func detectionToRunning(_ duration: Duration) {
        Timer(label: "spot_guardian_detection_to_running_seconds", factory: factory).recordNanoseconds(nanoseconds(duration))
    }

    private func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return max(0, seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    /// Every metric in Prometheus text format.
    public func prometheusText() -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
