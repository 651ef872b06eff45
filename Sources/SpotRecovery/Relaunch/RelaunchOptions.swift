import AliyunECS

/// How a replacement instance is launched.
///
/// By default the replacement is a copy of its source (``LaunchSpecification``): its zone, vSwitch,
/// instance type, every security group, key pair, RAM role, user data, resource group, host name, spot
/// strategy and price limit, interruption behaviour, bandwidth and its charge type, deployment set, credit
/// specification, deletion protection and tags; each option below overrides one of them. With a
/// ``launchTemplate``, the template gives all of that instead, and the replacement adds only the image, the
/// placement and the tags. Fallbacks form an ordered list of candidates: the primary placement with the primary type,
/// then with each fallback type, then each fallback placement with the primary type and each fallback
/// type. ``candidates`` replaces that list outright.
public struct RelaunchOptions: Sendable, Hashable {
    /// The zone to launch in instead of the source's.
    public var zoneId: String?
    /// The vSwitch to launch in instead of the source's.
    public var vSwitchId: String?
    /// The instance type instead of the source's.
    public var instanceType: String?
    /// Security groups instead of the source's.
    public var securityGroupIds: [String]?
    /// Other zones (each with a vSwitch) to try when the primary one has no capacity.
    public var fallbackPlacements: [Placement]
    /// Other instance types to try when the primary one has no capacity.
    public var fallbackInstanceTypes: [String]
    /// An explicit, ordered candidate list that replaces the one built from the fields above.
    public var candidates: [LaunchCandidate]?
    /// Where replacements may go, ranked by stock, price and interruption rate by a ``PlacementPlanner``.
    /// Used when set and no explicit list (``candidates``, ``fallbackPlacements``, ``fallbackInstanceTypes``)
    /// overrides it.
    public var placement: PlacementPolicy?
    /// The spot strategy of the replacement; `nil` keeps the source's (`SpotAsPriceGo` when it has none).
    public var spotStrategy: SpotStrategy?
    /// The price limit, with `SpotWithPriceLimit`; `nil` keeps the source's.
    public var spotPriceLimit: Double?
    /// Hours of protection (0 or 1); `nil` keeps the source's.
    public var spotDuration: Int?
    /// What ECS does when it reclaims the replacement; `nil` keeps the source's.
    public var spotInterruptionBehavior: SpotInterruptionBehavior?
    /// A launch template the replacement is launched with: it gives everything but the image, the
    /// placement and the tags, so the replacement is faithful by construction.
    public var launchTemplate: LaunchTemplateReference?
    /// Tag keys a replacement always keeps from its source when ECS's limit of 20 tags forces some out
    /// (the fleet's selector tag, so the replacement stays in the watched fleet). SpotRecovery's own tags
    /// are always kept.
    public var keptTagKeys: Set<String>
    /// The replacement's name; `nil` keeps the source's.
    public var instanceName: String?
    /// Public bandwidth in Mbit/s; `nil` keeps the source's.
    public var internetMaxBandwidthOut: Int?
    /// Whether the replacement carries the source's tags (so a tag-based watch covers it too). Default: yes.
    public var copySourceTags: Bool
    /// More tags for the replacement.
    public var extraTags: [ECSTag]
    /// How long a sold-out zone/type is tried only after the others, before it is in the running again.
    /// Default: 5 minutes.
    public var soldOutCooldown: Duration
    /// In a recovery, how long the replacement's launch keeps being tried when every candidate is out of
    /// capacity (the image is there; stock comes back): again after 30 s, the wait doubling to 5 minutes,
    /// without holding one of the recoveries' concurrency slots while it waits. Zero gives up at the first
    /// round. Default: 1 hour (the recovery study's shortages after a reclaim: 30 minutes left 7.6 % of
    /// interruptions unrecovered, 1 hour 2.5 %; Performance.md, "Recovery outcomes").
    public var capacityRetryTimeout: Duration
    /// Whether to wait until the replacement is `Running`. Default: no.
    public var waitUntilRunning: Bool
    /// How long to wait for `Running`. Default: 5 minutes.
    public var runningTimeout: Duration
    /// How often to look while waiting for `Running`. Default: 2 seconds.
    public var runningPollInterval: Duration

    /// Creates options.
    public init(
        zoneId: String? = nil, vSwitchId: String? = nil, instanceType: String? = nil, securityGroupIds: [String]? = nil,
        fallbackPlacements: [Placement] = [], fallbackInstanceTypes: [String] = [], candidates: [LaunchCandidate]? = nil,
        placement: PlacementPolicy? = nil,
        spotStrategy: SpotStrategy? = nil, spotPriceLimit: Double? = nil, spotDuration: Int? = nil,
        spotInterruptionBehavior: SpotInterruptionBehavior? = nil, launchTemplate: LaunchTemplateReference? = nil,
        keptTagKeys: Set<String> = [], instanceName: String? = nil,
        internetMaxBandwidthOut: Int? = nil, copySourceTags: Bool = true, extraTags: [ECSTag] = [],
        soldOutCooldown: Duration = .seconds(300), capacityRetryTimeout: Duration = .seconds(3600), waitUntilRunning: Bool = false,
        runningTimeout: Duration = .seconds(300), runningPollInterval: Duration = .seconds(2)
    ) {
        self.zoneId = zoneId
        self.vSwitchId = vSwitchId
        self.instanceType = instanceType
        self.securityGroupIds = securityGroupIds
        self.fallbackPlacements = fallbackPlacements
        self.fallbackInstanceTypes = fallbackInstanceTypes
        self.candidates = candidates
        self.placement = placement
        self.spotStrategy = spotStrategy
        self.spotPriceLimit = spotPriceLimit
        self.spotDuration = spotDuration
        self.spotInterruptionBehavior = spotInterruptionBehavior
        self.launchTemplate = launchTemplate
        self.keptTagKeys = keptTagKeys
        self.instanceName = instanceName
        self.internetMaxBandwidthOut = internetMaxBandwidthOut
        self.copySourceTags = copySourceTags
        self.extraTags = extraTags
        self.soldOutCooldown = soldOutCooldown
        self.capacityRetryTimeout = capacityRetryTimeout
        self.waitUntilRunning = waitUntilRunning
        self.runningTimeout = runningTimeout
        self.runningPollInterval = runningPollInterval
    }

    /// The placement policy in force: set, and not overridden by an explicit list.
    public var plannedPlacement: PlacementPolicy? {
        guard let placement, candidates?.isEmpty ?? true, fallbackPlacements.isEmpty, fallbackInstanceTypes.isEmpty else { return nil }
        return placement
    }

    /// The ordered candidates these options describe.
    public var orderedCandidates: [LaunchCandidate] {
        if let candidates, !candidates.isEmpty { return candidates }
        let primaryPlacement = LaunchCandidate(zoneId: zoneId, vSwitchId: vSwitchId)
        let placements = [primaryPlacement] + fallbackPlacements.map { LaunchCandidate(zoneId: $0.zoneId, vSwitchId: $0.vSwitchId) }
        let types: [String?] = [instanceType] + fallbackInstanceTypes.map { Optional($0) }
        var result: [LaunchCandidate] = []
        for placement in placements {
            for type in types {
                let candidate = LaunchCandidate(zoneId: placement.zoneId, vSwitchId: placement.vSwitchId, instanceType: type)
                if !result.contains(candidate) { result.append(candidate) }
            }
        }
        return result
    }
}

/// A replacement instance, and how it came to be.
public struct Relaunch: Sendable, Hashable {
    /// The interrupted instance.
    public var sourceInstanceId: String
    /// The image it was launched from.
    public var imageId: String
    /// The new instance.
    public var instanceId: String
    /// Its zone (`nil` when only its vSwitch was given and it has not been described since).
    public var zoneId: String?
    /// Its vSwitch.
    public var vSwitchId: String
    /// Its type.
    public var instanceType: String
    /// `true` when a replacement launched earlier for this interruption (by this process before a restart,
    /// or by another replica) was found and reused.
    public var reusedExisting: Bool
    /// Its state when last seen (`Running` when ``RelaunchOptions/waitUntilRunning`` was set).
    public var status: InstanceStatus?
    /// What each candidate answered, in order (with the planner's skipped candidates and why).
    public var attempts: [CandidateAttempt]
    /// The placement plan the candidates came from, when a planner ranked them.
    public var plan: PlacementPlan?
    /// The source's tags left off the replacement because ECS takes at most 20 (never the fleet's selector
    /// tag nor SpotRecovery's own).
    public var droppedTagKeys: [String] = []
    /// What of the source could not be read, so the replacement lacks it (say `userData`).
    public var missing: Set<String> = []
}
