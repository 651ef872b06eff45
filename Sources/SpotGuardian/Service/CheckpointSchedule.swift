import Foundation
import Logging
import ServiceLifecycle
import SpotRecovery

/// One fleet's checkpoint schedule: an image of every running member each interval (none of a member
/// already marked for recycling), older images pruned to the fleet's retention, until graceful shutdown.
struct CheckpointSchedule: Sendable {
    let recoverer: SpotRecoverer
    let fleet: FleetConfiguration
    let interval: Duration
    let metrics: GuardianMetrics
    let dryRun: Bool
    let logger: Logger

    func run() async throws {
        var tagged = logger
        tagged[metadataKey: "spot.fleet"] = "\(fleet.name)"
        let logger = tagged
        if dryRun {
            logger.notice("Dry run: would take a checkpoint of the fleet every \(interval)")
            return
        }
        let (recoverer, metrics, fleet, interval) = (recoverer, metrics, fleet, interval)
        do {
            try await cancelWhenGracefulShutdown {
                try await recoverer.runCheckpoints(fleet.selector, every: interval, retention: fleet.retention) { event in
                    logger.info("\(event.summary)", metadata: ["spot.instance": "\(event.instanceId)"])
                    switch event.kind {
                    case .imageRequested: metrics.checkpoint(outcome: "requested")
                    case .pruned(let report):
                        metrics.pruned(images: report.deletedImages.count, snapshots: report.deletedSnapshots.count, failures: report.failures.count)
                    case .failed: metrics.checkpoint(outcome: "failed")
                    }
                }
            }
        } catch is CancellationError where !Task.isCancelled {
            // The schedule was stopped by the graceful shutdown, as it should be: not a failure.
        }
    }
}
