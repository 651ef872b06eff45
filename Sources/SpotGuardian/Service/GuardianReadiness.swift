import Foundation

/// What `GET /readyz` reports: ready when, in every region, credentials were resolved, the last poll of
/// ECS succeeded, event confirmations are not failing again and again, and the region's event queue (if
/// it has one) did not fail its last receive.
package actor GuardianReadiness {
    private struct RegionState {
        var credentialsResolved: Bool?
        var lastPoll: Result<Date, any Error>?
        var failedConfirmations = 0
        /// The region's event queue, when it has one.
        var eventQueue: EventQueueHealth?
    }

    /// How many event confirmations in a row may fail before the region reports not ready.
    static let confirmationFailureLimit = 3

    private var regions: [String: RegionState]

    package init(regions: [String]) {
        self.regions = Dictionary(regions.map { ($0, RegionState()) }, uniquingKeysWith: { first, _ in first })
    }

    func record(credentialsResolved: Bool, region: String) {
        regions[region, default: RegionState()].credentialsResolved = credentialsResolved
    }

    func record(poll: Result<Date, any Error>, region: String) {
        regions[region, default: RegionState()].lastPoll = poll
        // A poll ECS answered was signed with credentials that work.
        if case .success = poll { regions[region, default: RegionState()].credentialsResolved = true }
    }

    /// Records whether ECS answered an event's confirmation: a region whose confirmations keep failing
    /// takes events it cannot decide, and says so.
    func record(confirmation: Result<Void, any Error>, region: String) {
        switch confirmation {
        case .success: regions[region, default: RegionState()].failedConfirmations = 0
        case .failure: regions[region, default: RegionState()].failedConfirmations += 1
        }
    }

    /// Makes a region's readiness depend on its event queue too: not ready while its last receive failed.
    package func watch(_ eventQueue: EventQueueHealth, region: String) {
        regions[region, default: RegionState()].eventQueue = eventQueue
    }

    /// `nil` when ready, else why not, one reason per region and problem.
    package func reasons() -> [String]? {
        var reasons: [String] = []
        for (region, state) in regions.sorted(by: { $0.key < $1.key }) {
            switch state.credentialsResolved {
            case nil: reasons.append("\(region): credentials not resolved yet")
            case false?: reasons.append("\(region): no credentials")
            case true?: break
            }
            switch state.lastPoll {
            case nil: reasons.append("\(region): no poll yet")
            case .failure?: reasons.append("\(region): the last poll failed")
            case .success?: break
            }
            if state.failedConfirmations >= Self.confirmationFailureLimit {
                reasons.append("\(region): the last \(state.failedConfirmations) event confirmations failed")
            }
            if let problem = state.eventQueue?.problem { reasons.append("\(region): \(problem)") }
        }
        return reasons.isEmpty ? nil : reasons
    }
}
