import AliyunECS
import Foundation
import Logging
import ServiceLifecycle
import SpotRecovery

/// One region's backstop: every fleet polled every ``GuardianConfiguration/backstopInterval`` (marked
/// members, and members an interruption left stopped), in case an event never comes. Each interruption
/// found goes to the dispatcher, whose ledger runs it once; one still marked on the next poll is found
/// again, so a failed recovery is retried. Watching that fails (a refused key, a region that does not
/// answer) is logged, makes the region not ready, and starts again after a pause that doubles from 5 s to
/// 5 minutes.
struct BackstopWatch: Sendable {
    let regionId: String
    let recoverer: SpotRecoverer
    let detector: any RecyclingDetector
    let interval: Duration
    let dispatcher: RecoveryDispatcher
    let fleet: @Sendable (ECSInstance?) -> FleetConfiguration?
    let readiness: GuardianReadiness
    let logger: Logger

    /// The pause before watching again after watching failed; it doubles up to ``longestBackoff``.
    static let firstBackoff = Duration.seconds(5)
    static let longestBackoff = Duration.seconds(300)

    /// Watches until graceful shutdown.
    func run() async throws {
        var backoff = Self.firstBackoff
        while !Task.isShuttingDownGracefully {
            let notices = recoverer.recyclingNotices(using: detector, options: WatchOptions(pollInterval: interval, jitter: 0.1), deduplicates: false)
            do {
                for try await notice in notices.cancelOnGracefulShutdown() {
                    backoff = Self.firstBackoff
                    guard let fleet = fleet(notice.instance) else {
                        logger.info("Interrupted instance is in no watched fleet; ignored", metadata: ["spot.instance": "\(notice.instanceId)"])
                        continue
                    }
                    dispatcher.submit(.notice(notice, fleet))
                }
                return
            } catch let error as CancellationError {
                throw error
            } catch {
                logger.error("Watching the region failed; watching again in \(backoff)", metadata: ["spot.error": "\(error)"])
                await readiness.record(poll: .failure(error), region: regionId)
                let (clock, pause) = (recoverer.clock, backoff)
                do {
                    try await cancelWhenGracefulShutdown { try await clock.sleep(for: pause) }
                } catch is CancellationError where !Task.isCancelled {
                    return
                }
                backoff = min(backoff * 2, Self.longestBackoff)
            }
        }
    }
}
