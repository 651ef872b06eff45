import SpotRecovery

/// The region's ``EventIntake`` decides queued events as it decides posted ones; what it says becomes the
/// message's fate (deleted once recovered, harmless or a duplicate; left to reappear when it throws).
extension EventIntake: QueuedEventHandler {
    func handle(_ event: InterruptionEvent) async throws -> QueuedEventOutcome {
        switch try await handle(event, source: .mns) {
        case .recovered: .recovered
        case .harmless(let reason): .harmless(reason: reason)
        case .duplicate: .duplicate
        }
    }
}
