import AliyunECS
import Foundation
import SpotRecovery

/// Confirms events with ECS in batches without making any of them wait for a timer: the first event
/// starts a DescribeInstances call at once, and the events that arrive while it runs share the next one
/// (up to 100 instances a call). An interruption storm of hundreds of events costs a few calls.
actor ConfirmationBatcher {
    private let confirmer: InterruptionConfirmer
    private var waiting: [(event: InterruptionEvent, continuation: CheckedContinuation<InterruptionConfirmer.Verdict, any Error>)] = []
    private var running = false

    init(confirmer: InterruptionConfirmer) {
        self.confirmer = confirmer
    }

    /// ECS's verdict on one event.
    /// - Throws: The error of the DescribeInstances call its batch made (nothing is decided then).
    func confirm(_ event: InterruptionEvent) async throws -> InterruptionConfirmer.Verdict {
        try await withCheckedThrowingContinuation { continuation in
            waiting.append((event, continuation))
            if !running {
                running = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !waiting.isEmpty {
            let batch = Array(waiting.prefix(100))
            waiting.removeFirst(batch.count)
            do {
                let verdicts = try await confirmer.confirm(batch.map(\.event))
                for (index, entry) in batch.enumerated() { entry.continuation.resume(returning: verdicts[index]) }
            } catch {
                for entry in batch { entry.continuation.resume(throwing: error) }
            }
        }
        running = false
    }
}
