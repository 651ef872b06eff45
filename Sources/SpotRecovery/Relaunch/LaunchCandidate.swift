/// One place and shape to try launching a replacement in: a zone with its vSwitch, and an instance type.
/// A `nil` field means "as the source instance".
public struct LaunchCandidate: Sendable, Hashable, CustomStringConvertible {
    /// The zone.
    public var zoneId: String?
    /// The vSwitch (it must be in the zone).
    public var vSwitchId: String?
    /// The instance type.
    public var instanceType: String?

    /// Creates a candidate.
    public init(zoneId: String? = nil, vSwitchId: String? = nil, instanceType: String? = nil) {
        self.zoneId = zoneId
        self.vSwitchId = vSwitchId
        self.instanceType = instanceType
    }

    /// `zone/vSwitch/type`, with `source` for what is inherited.
    public var description: String {
        "\(zoneId ?? "source zone")/\(vSwitchId ?? "source vSwitch")/\(instanceType ?? "source type")"
    }
}

/// A zone and the vSwitch to use in it: a fallback placement.
public struct Placement: Sendable, Hashable {
    /// The zone.
    public var zoneId: String
    /// A vSwitch in that zone.
    public var vSwitchId: String

    /// Creates a placement.
    public init(zoneId: String, vSwitchId: String) {
        self.zoneId = zoneId
        self.vSwitchId = vSwitchId
    }

    /// Parses `ZONE:VSWITCH`, as the examples take it on the command line.
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        self.init(zoneId: String(parts[0]), vSwitchId: String(parts[1]))
    }
}

/// What one launch candidate answered.
public struct CandidateAttempt: Sendable, Hashable {
    /// The outcome, broadly.
    public enum Outcome: Sendable, Hashable {
        /// An instance was launched (or an earlier launch with the same token was returned).
        case launched(instanceId: String)
        /// Sold out or not offered there (`OperationDenied.NoStock`, `Zone.NotOnSale`, …).
        case capacityShortage(code: String)
        /// The spot price limit was refused (`InvalidSpotPriceLimit.*`).
        case priceRejected(code: String)
        /// Skipped: the candidate was sold out recently and is cooling down.
        case coolingDown
        /// Skipped by the placement planner, for this reason.
        case skipped(PlacementDecision.SkipReason)

        /// `true` when RunInstances was called for the candidate.
        public var wasTried: Bool {
            switch self {
            case .launched, .capacityShortage, .priceRejected: true
            case .coolingDown, .skipped: false
            }
        }

        /// `true` when the candidate refused the spot price limit.
        public var isPriceRejection: Bool {
            if case .priceRejected = self { return true }
            return false
        }
    }

    /// The candidate, with inherited fields filled in.
    public var candidate: LaunchCandidate
    /// What happened.
    public var outcome: Outcome
}
