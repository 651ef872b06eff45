import AliyunECS
import Foundation
import Logging
import ServiceLifecycle
import SpotRecovery

/// One region's reconciliation with what ECS holds, at start and every
/// ``GuardianConfiguration/reconcileInterval``: recoveries cut short (a notice image whose source is gone
/// and which has no replacement) are resumed, `Stop`-mode members an interruption left stopped are started
/// again, and snapshots that a failed deletion left behind are deleted. Each finding is a log line and
/// `spot_guardian_reconciled_total{kind}`. Only what SpotRecovery tagged is ever touched.
///
/// Each round also hands every fleet member to the recoverer's catalog, which reads the RAM role and user
/// data of those it has not seen (a member joins the catalog within one round, before any notice), and
/// forgets those gone for longer than the window.
struct Reconciler: Sendable {
    let recoverer: SpotRecoverer
    let fleets: [FleetConfiguration]
    let interval: Duration
    let window: Duration
    let dispatcher: RecoveryDispatcher
    let metrics: GuardianMetrics
    let dryRun: Bool
    let logger: Logger

    /// Reconciles now and every interval until graceful shutdown.
    func run() async throws {
        let clock = recoverer.clock
        do {
            try await cancelWhenGracefulShutdown {
                while true {
                    await reconcile()
                    try await clock.sleep(for: interval)
                }
            }
        } catch is CancellationError where !Task.isCancelled {
            // Stopped by the graceful shutdown, as it should be.
        }
    }

    /// One round; a failure of one part is logged and tried again next round.
    func reconcile() async {
        for fleet in fleets {
            do {
                for unfinished in try await recoverer.findUnfinishedRecoveries(fleet.selector, window: window) {
                    logger.notice("Reconciliation: a recovery was cut short; resuming it", metadata: [
                        "spot.fleet": "\(fleet.name)", "spot.instance": "\(unfinished.identity.instanceId)", "spot.image": "\(unfinished.image.imageId)",
                    ])
                    metrics.reconciled(kind: "relaunched")
                    dispatcher.submit(.resumption(unfinished, fleet))
                }
                for notice in try await recoverer.findStoppedInterruptions(fleet.selector) {
                    logger.notice("Reconciliation: an interruption left the instance stopped; starting it again", metadata: [
                        "spot.fleet": "\(fleet.name)", "spot.instance": "\(notice.instanceId)",
                    ])
                    metrics.reconciled(kind: "restarted")
                    dispatcher.submit(.notice(notice, fleet))
                }
            } catch is CancellationError {
                return
            } catch {
                logger.warning("Reconciliation failed; trying again next round", metadata: ["spot.fleet": "\(fleet.name)", "spot.error": "\(error)"])
            }
        }
        if !dryRun {
            await deleteOrphanedSnapshots()
        }
        await captureSpecifications()
    }

    /// Hands every fleet member to the catalog, which reads the RAM role and user data of those it has not
    /// seen, and forgets those gone for longer than the window. Last in a round: it may take a while the
    /// first time, and nothing above waits for it.
    private func captureSpecifications() async {
        var members: Set<String> = []
        for fleet in fleets {
            do {
                let described = try await recoverer.members(of: fleet.selector)
                members.formUnion(described.map(\.instanceId))
                await recoverer.specifications.observe(described)
            } catch {
                logger.warning("Listing the fleet failed; its new members are captured next round", metadata: ["spot.fleet": "\(fleet.name)", "spot.error": "\(error)"])
                return
            }
        }
        await recoverer.specifications.retain(members, journalHorizon: recoverer.clock.now.addingTimeInterval(-window.inSeconds))
    }

    private func deleteOrphanedSnapshots() async {
        do {
            let deleted = try await recoverer.deleteOrphanedSnapshots()
            if !deleted.isEmpty {
                logger.notice("Reconciliation: snapshots left by failed deletions were deleted", metadata: ["spot.snapshots": "\(deleted.joined(separator: ","))"])
                metrics.reconciled(kind: "snapshot_deleted", count: deleted.count)
            }
        } catch {
            logger.warning("Looking for snapshots left behind failed; trying again next round", metadata: ["spot.error": "\(error)"])
        }
    }
}
