import AliyunECS
import Foundation
import Logging

/// Confirms interruption events with ECS before anything is done about them: one DescribeInstances call
/// per 100 instances. An event is a hint, never an order.
package struct InterruptionConfirmer: Sendable {
    let client: ECSClient
    let logger: Logger

    package init(client: ECSClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// What ECS says of one event's instance.
    package struct Verdict: Sendable {
        /// The event.
        package var event: InterruptionEvent
        /// What it came to.
        package var confirmation: EventRecyclingDetector.Confirmation
        /// The instance's description, when ECS lists it.
        package var instance: ECSInstance?
    }

    /// The verdict on each event, in order.
    /// - Throws: The error of a DescribeInstances call that failed (after the client's retries); nothing is
    ///   decided then.
    package func confirm(_ events: [InterruptionEvent]) async throws -> [Verdict] {
        var described: [String: ECSInstance] = [:]
        let ids = Array(Set(events.map(\.instanceId))).sorted()
        for start in stride(from: 0, to: ids.count, by: 100) {
            let batch = Array(ids[start..<min(start + 100, ids.count)])
            for instance in try await client.describeInstances(DescribeInstancesRequest(instanceIds: batch)).instances {
                described[instance.instanceId] = instance
            }
        }
        let evidence = InterruptionEvidence(client: client, logger: logger)
        var verdicts: [Verdict] = []
        for event in events {
            guard let instance = described[event.instanceId] else {
                verdicts.append(Verdict(event: event, confirmation: .unknownInstance, instance: nil))
                continue
            }
            let interrupted = await Self.isInterrupted(instance, evidence: evidence)
            verdicts.append(Verdict(event: event, confirmation: interrupted ? .confirmed : .notInterrupted, instance: instance))
        }
        return verdicts
    }

    /// Whether ECS's description shows the instance being reclaimed: a `Recycling` lock, or a `Stop`-mode
    /// spot instance stopped in economical mode with evidence that an interruption stopped it (never the
    /// stop alone: a user's own stop looks the same).
    static func isInterrupted(_ instance: ECSInstance, evidence: InterruptionEvidence) async -> Bool {
        if instance.isMarkedForRecycling { return true }
        return await !evidence.stoppedByInterruption([instance]).isEmpty
    }
}
