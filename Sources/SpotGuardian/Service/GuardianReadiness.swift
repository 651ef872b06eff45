import Foundation

/// What `GET /readyz` reports: ready when, in every region, credentials were resolved and the last poll
/// of ECS succeeded.
actor GuardianReadiness {
    private struct RegionState {
        var credentialsResolved: Bool?
        var lastPoll: Result<Date, any Error>?
    }

    private var regions: [String: RegionState]

    init(regions: [String]) {
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

    /// `nil` when ready, else why not, one reason per region.
    func reasons() -> [String]? {
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
        }
        return reasons.isEmpty ? nil : reasons
    }
}
