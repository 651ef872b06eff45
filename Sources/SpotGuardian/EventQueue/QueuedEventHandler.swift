import SpotRecovery

/// What became of one queued event.
package enum QueuedEventOutcome: Sendable, Hashable {
    /// The event was confirmed and its recovery recorded where a restart finds it.
    case recovered
    /// The event needs nothing: forged, an unknown instance, or an instance that is not interrupted.
    case harmless(reason: String)
    /// The event's recovery was already recorded (an earlier delivery, another replica, or the backstop poll).
    case duplicate

    /// The label of `spot_guardian_queue_messages_total{outcome}`.
    var metricLabel: String {
        switch self {
        case .recovered: "recovered"
        case .harmless: "harmless"
        case .duplicate: "duplicate"
        }
    }
}

/// Confirms an event with ECS and acts on it.
package protocol QueuedEventHandler: Sendable {
    /// Returns once the event's recovery is recorded where a restart finds it (then the message may be
    /// deleted), or the event was found harmless (forged, unknown instance, not interrupted) or a duplicate.
    /// Throws when it cannot be decided now: the message is left to reappear.
    func handle(_ event: InterruptionEvent) async throws -> QueuedEventOutcome
}
