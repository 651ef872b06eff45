import AliyunECS
import Foundation

/// A vSwitch of the simulated region: where an instance's zone and VPC come from.
public struct SimulatedVSwitch: Sendable, Hashable {
    /// The vSwitch ID, e.g. `vsw-bp1…`.
    public var id: String
    /// Its zone.
    public var zoneId: String
    /// Its VPC.
    public var vpcId: String

    /// Creates a vSwitch.
    public init(id: String, zoneId: String, vpcId: String = "vpc-sim0001") {
        self.id = id
        self.zoneId = zoneId
        self.vpcId = vpcId
    }
}

/// How a simulated region behaves: its identity, the keys it accepts, its network and its timings.
public struct SimulatedRegionConfiguration: Sendable {
    /// The region ID requests must name.
    public var regionId: String
    /// The key pairs (and STS tokens) the region accepts.
    public var credentials: [ECSCredentials]
    /// Whether to check signatures, nonces and dates (on by default, as ECS does).
    public var verifiesSignatures: Bool
    /// How far a request's date may be from the region's clock.
    public var maximumClockSkew: Duration
    /// The zones of the region.
    public var zones: [String]
    /// Known vSwitches.
    public var vSwitches: [SimulatedVSwitch]
    /// When `false` (the default), an unknown vSwitch or security group is accepted and placed in the
    /// requested zone, so examples run with made-up IDs; when `true`, it is `InvalidVSwitchId.NotFound`.
    public var requiresKnownNetwork: Bool
    /// Public images instances may launch from (custom images `m-…` must exist in the region).
    public var publicImages: [String]
    /// When `false` (the default), any image ID that is not a custom image (`m-…`) counts as public.
    public var requiresKnownPublicImages: Bool
    /// How long a new instance stays `Pending` (a restarted one `Starting`) before it is `Running`: the
    /// median, when ``pendingDurationSpread`` is set.
    public var pendingDuration: Duration
    /// The shape of a log-normal spread of ``pendingDuration``, drawn per instance and start (0: none).
    public var pendingDurationSpread: Double
    /// How long an image takes to go from `Creating` to `Available`, when there is no ``snapshotModel``.
    public var imageCreationDuration: Duration
    /// Image times from the data each snapshot copies (full or incremental), instead of one fixed duration.
    public var snapshotModel: SimulatedSnapshotModel?
    /// The size of every instance's system disk, in GiB: the size of its images and their snapshots.
    public var systemDiskSizeGiB: Int
    /// How long after the `Recycling` lock a reclaimed spot instance is released.
    public var interruptionNotice: Duration
    /// The instance types the region sells (DescribeAvailableResource lists them; any other type can
    /// still be launched, at ``defaultOnDemandPrice``).
    public var instanceTypes: [SimulatedInstanceType]
    /// Pay-as-you-go hourly prices that override ``instanceTypes``' own.
    public var onDemandPrices: [String: Double]
    /// The price used for instance types missing from ``onDemandPrices``.
    public var defaultOnDemandPrice: Double
    /// The pay-as-you-go hourly price of `instanceType`.
    public func onDemandPrice(of instanceType: String) -> Double {
        onDemandPrices[instanceType] ?? instanceTypes.first { $0.name == instanceType }?.onDemandPrice ?? defaultOnDemandPrice
    }

    /// Seeds the generator of IDs, so a scenario produces the same IDs every run.
    public var seed: UInt64
    /// Throttling, server errors and latency drawn at random for every call; `nil` for none.
    public var randomFaults: SimulatedRandomFaults?
    /// The most calls ``SimulatedRegion/calls`` keeps, the oldest forgotten first; `nil` (the default) keeps
    /// every call. A long-running server (`ECSEmulator`) sets a limit so its memory does not grow with
    /// every request it answers.
    public var callHistoryLimit: Int?
    /// The system event type DescribeInstanceHistoryEvents reports for a spot interruption, or `nil` (the default)
    /// for none. ECS documents no such type, so whether it records one is unknown; recovery code that reads the
    /// history can be tried both ways.
    public var spotInterruptionEventType: SystemEventType?

    /// Creates a configuration; the defaults suit the examples and most tests.
    public init(
        regionId: String = "cn-hangzhou",
        credentials: [ECSCredentials] = [ECSCredentials(accessKeyId: "testid", accessKeySecret: "testsecret")],
        verifiesSignatures: Bool = true,
        maximumClockSkew: Duration = .seconds(900),
        zones: [String] = ["cn-hangzhou-i", "cn-hangzhou-j", "cn-hangzhou-k"],
        vSwitches: [SimulatedVSwitch] = [
            SimulatedVSwitch(id: "vsw-sim-i", zoneId: "cn-hangzhou-i"),
            SimulatedVSwitch(id: "vsw-sim-j", zoneId: "cn-hangzhou-j"),
            SimulatedVSwitch(id: "vsw-sim-k", zoneId: "cn-hangzhou-k"),
        ],
        requiresKnownNetwork: Bool = false,
        publicImages: [String] = ["aliyun_3_9_x64_20G_alibase_20231219.vhd", "ubuntu_22_04_x64_20G_alibase_20240130.vhd"],
        requiresKnownPublicImages: Bool = false,
        pendingDuration: Duration = .seconds(20),
        imageCreationDuration: Duration = .seconds(120),
        interruptionNotice: Duration = .seconds(300),
        instanceTypes: [SimulatedInstanceType] = SimulatedInstanceType.defaults,
        onDemandPrices: [String: Double] = [:],
        defaultOnDemandPrice: Double = 0.1,
        seed: UInt64 = 0x5EED,
        callHistoryLimit: Int? = nil,
        spotInterruptionEventType: SystemEventType? = nil,
        pendingDurationSpread: Double = 0,
        snapshotModel: SimulatedSnapshotModel? = nil,
        systemDiskSizeGiB: Int = 40,
        randomFaults: SimulatedRandomFaults? = nil
    ) {
        self.regionId = regionId
        self.credentials = credentials
        self.verifiesSignatures = verifiesSignatures
        self.maximumClockSkew = maximumClockSkew
        self.zones = zones
        self.vSwitches = vSwitches
        self.requiresKnownNetwork = requiresKnownNetwork
        self.publicImages = publicImages
        self.requiresKnownPublicImages = requiresKnownPublicImages
        self.pendingDuration = pendingDuration
        self.imageCreationDuration = imageCreationDuration
        self.interruptionNotice = interruptionNotice
        self.instanceTypes = instanceTypes
        self.onDemandPrices = onDemandPrices
        self.defaultOnDemandPrice = defaultOnDemandPrice
        self.seed = seed
        self.callHistoryLimit = callHistoryLimit.map { max(0, $0) }
        self.spotInterruptionEventType = spotInterruptionEventType
        self.pendingDurationSpread = max(pendingDurationSpread, 0)
        self.snapshotModel = snapshotModel
        self.systemDiskSizeGiB = max(1, systemDiskSizeGiB)
        self.randomFaults = randomFaults
    }
}
