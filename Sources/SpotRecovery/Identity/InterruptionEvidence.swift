import AliyunECS
import Foundation
import Logging

/// Tells whether a stopped `Stop`-mode spot instance was stopped by an interruption, from evidence ECS
/// gives, never from "stopped" alone (a user stops instances in economical mode too, and those are left
/// alone):
///
/// - the mark SpotRecovery puts on the instance when it sees its `Recycling` lock
///   (``SpotRecoverer/interruptedTagKey``, for the instance's current run), or
/// - an interruption in the instance's system event history (DescribeInstanceHistoryEvents) since its
///   current run started. Whether ECS records spot interruptions there is not documented; event types
///   are matched leniently (``isInterruptionEventType(_:)``), and without such a record only the mark counts.
package struct InterruptionEvidence: Sendable {
    let client: ECSClient
    let logger: Logger

    package init(client: ECSClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// `true` for a system event type that names a spot (preemptible) interruption.
    package static func isInterruptionEventType(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return lowered.contains("preemptible") || (lowered.contains("spot") && lowered.contains("interrupt"))
    }

    /// The instances among `instances` that are stopped in economical mode by an interruption of their
    /// current run.
    package func stoppedByInterruption(_ instances: [ECSInstance]) async -> [ECSInstance] {
        var found: [ECSInstance] = []
        for instance in instances where SpotRecoverer.isStoppedByEconomicalMode(instance) {
            if SpotRecoverer.carriesInterruptionMark(instance) {
                found.append(instance)
            } else if await historyRecordsInterruption(of: instance) {
                found.append(instance)
            }
        }
        return found
    }

    /// `true` when the instance's system event history shows an interruption since its current run began.
    package func historyRecordsInterruption(of instance: ECSInstance) async -> Bool {
        guard let identity = InterruptionIdentity(instance) else { return false }
        var request = DescribeInstanceHistoryEventsRequest()
        request.instanceId = instance.instanceId
        request.maxResults = 100
        do {
            for try await page in client.describeInstanceHistoryEventsPages(request) {
                for event in page.systemEvents {
                    guard let type = event.eventType?.name?.rawValue, Self.isInterruptionEventType(type) else { continue }
                    if let published = event.eventPublishTime, published < identity.startTime { continue }
                    return true
                }
            }
        } catch {
            logger.info("The instance's event history could not be read; only the interruption mark counts", metadata: [
                "spot.instance": "\(instance.instanceId)", "spot.error": "\(error)",
            ])
        }
        return false
    }
}
