import AliyunECS

/// Where replacements may go and what they may be, for the ``PlacementPlanner`` to rank by stock, price
/// and interruption rate.
public struct PlacementPolicy: Sendable, Hashable {
    /// The zones replacements may go to, each with the vSwitch to use there.
    public var placements: [Placement]
    /// The instance types replacements may be.
    public var instanceTypes: InstanceTypeSelection
    /// The highest hourly spot price to pay; a candidate whose latest price is above it is skipped.
    public var maximumHourlyPrice: Double?
    /// How much a candidate's interruption rate weighs against its price: candidates rank by
    /// `price × (1 + interruptionPenalty × rate)`, so with 2, a 10 % rate costs as much as 20 % more price.
    public var interruptionPenalty: Double
    /// How long the zone and type just interrupted sit out. Default: 30 minutes.
    public var interruptedCooldown: Duration
    /// How long a candidate that answered `OperationDenied.NoStock` (or another capacity code) sits out,
    /// whatever the stock data says. Default: 10 minutes.
    public var noStockCooldown: Duration
    /// How long stock, prices and advice are reused before they are asked for again. Default: 1 minute.
    public var cacheLifetime: Duration
    /// The network type prices are looked up for (`vpc`).
    public var networkType: String

    /// Creates a policy.
    public init(
        placements: [Placement], instanceTypes: InstanceTypeSelection, maximumHourlyPrice: Double? = nil,
        interruptionPenalty: Double = 2, interruptedCooldown: Duration = .seconds(1800),
        noStockCooldown: Duration = .seconds(600), cacheLifetime: Duration = .seconds(60), networkType: String = "vpc"
    ) {
        self.placements = placements
        self.instanceTypes = instanceTypes
        self.maximumHourlyPrice = maximumHourlyPrice
        self.interruptionPenalty = max(0, interruptionPenalty)
        self.interruptedCooldown = interruptedCooldown
        self.noStockCooldown = noStockCooldown
        self.cacheLifetime = cacheLifetime
        self.networkType = networkType
    }
}

/// Which instance types a ``PlacementPolicy`` allows.
public enum InstanceTypeSelection: Sendable, Hashable {
    /// These types.
    case types([String])
    /// Any type with these vCPUs and memory (GiB), in these families (`ecs.g7`, `ecs.c7`; empty for any),
    /// as DescribeAvailableResource lists them. Several families are the lesson of other spot tools: stock
    /// runs out per family, not per price.
    case requirements(cores: Int, memoryGiB: Double, families: [String])
}
