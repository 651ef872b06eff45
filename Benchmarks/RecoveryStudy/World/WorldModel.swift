import AliyunECS
import AliyunECSTesting
import Foundation

/// The world the study's simulator draws from: the fleet, how ECS interrupts it, how long images and
/// launches take, when capacity runs out, how the API misbehaves, how events arrive. Every number says where
/// it comes from (``parameters``): Alibaba's documentation, the official sample, an assumption named as
/// one, or a choice of the study's method.
public struct WorldModel: Sendable, Hashable {
    // MARK: The fleet and its interruptions

    /// Workload slots: each runs one instance, which a recovery replaces. Slot `n` lives in pool
    /// `n mod 9` (``pools``): its zone and type are the fixed ones of its Java sample.
    public var fleetSize = 180
    /// How long a slot runs, on average, between two interruptions.
    public var meanLifetime: Duration = .seconds(6 * 3600)
    /// The shortest time between two interruptions of one slot.
    public var minimumLifetime: Duration = .seconds(3600)
    /// How long the fleet runs before the first interruption.
    public var warmUp: Duration = .seconds(2 * 3600)
    /// Interruptions come in bursts of this many, on average (geometric).
    public var meanBurstSize = 3.0
    /// The marks of one burst spread over this window.
    public var burstWindow: Duration = .seconds(30)
    /// The notice: from the `Recycling` mark to the release.
    public var notice: Duration = .seconds(300)
    /// The share of notices that are shorter.
    public var shortNoticeShare = 0.05
    /// The shortest notice (short ones are uniform between this and ``notice``).
    public var shortestNotice: Duration = .seconds(60)

    // MARK: Images

    /// The system disk's size.
    public var systemDiskGiB = 40
    /// The share of the disk holding data.
    public var diskUsedShare = 0.5
    /// How fast a snapshot copies data.
    public var snapshotGiBPerMinute = 6.0
    /// The share of the used data that changes per hour.
    public var changedSharePerHour = 0.05
    /// What any image takes besides copying.
    public var imageOverhead: Duration = .seconds(30)
    /// The log-normal spread of image times.
    public var imageTimeSpread = 0.3
    /// The share of images that fail on their own.
    public var imageFailureRate = 0.005

    // MARK: Launches

    /// RunInstances (or StartInstance) to `Running`, median.
    public var pendingMedian: Duration = .seconds(30)
    /// Its log-normal spread.
    public var pendingSpread = 0.3

    // MARK: Capacity

    /// The chance that a burst leaves its zone and family short of spot capacity.
    public var stockoutShare = 0.3
    /// How long such a shortage lasts, on average (exponential).
    public var stockoutMean: Duration = .seconds(1200)
    /// The share of time any other zone and family is short, by itself.
    public var backgroundStockoutShare = 0.02
    /// The share of shortages DescribeAvailableResource still reports as `WithStock` (stale stock data).
    public var staleStockShare = 0.25

    // MARK: The API

    /// The share of calls answered `Throttling.User`.
    public var throttlingRate = 0.005
    /// The share of calls answered `InternalError` (HTTP 500).
    public var serverErrorRate = 0.002
    /// The median time of a call.
    public var latencyMedian: Duration = .milliseconds(80)
    /// Its log-normal spread.
    public var latencySpread = 0.5

    // MARK: Events

    /// From the mark to the CloudMonitor event's delivery, median.
    public var eventDelayMedian: Duration = .seconds(1)
    /// Its log-normal spread.
    public var eventDelaySpread = 0.5
    /// The share of events never delivered.
    public var eventLossRate = 0.01

    /// The default model: the published table.
    public init() {}

    /// The zones the planner may use, each with its vSwitch (the simulator's three).
    public static let plannerPlacements: [(zoneId: String, vSwitchId: String)] = [
        ("cn-hangzhou-i", "vsw-sim-i"), ("cn-hangzhou-j", "vsw-sim-j"), ("cn-hangzhou-k", "vsw-sim-k"),
    ]
    /// The types the planner may use: three families of two vCPUs.
    public static let plannerTypes = ["ecs.g7.large", "ecs.c7.large", "ecs.g8i.large"]

    /// A zone (with its vSwitch) and a type: where capacity runs out together.
    public struct Pool: Sendable, Hashable {
        /// The zone.
        public var zoneId: String
        /// Its vSwitch.
        public var vSwitchId: String
        /// The type (one per family here).
        public var instanceType: String
    }

    /// The nine pools: the planner's zones crossed with its types. The fleet is spread over them evenly.
    public static let pools: [Pool] = plannerPlacements.flatMap { placement in
        plannerTypes.map { Pool(zoneId: placement.zoneId, vSwitchId: placement.vSwitchId, instanceType: $0) }
    }

    /// The pool a slot's workload was launched in, and where its Java sample and its stop-mode restarts put it.
    public static func homePool(ofSlot slot: Int) -> Pool { pools[slot % pools.count] }

    /// The simulated region this world is: its timings, image model and random faults, seeded.
    public func regionConfiguration(seed: UInt64) -> SimulatedRegionConfiguration {
        SimulatedRegionConfiguration(
            verifiesSignatures: false,  // the client still signs every call; checking each one again only costs time
            pendingDuration: pendingMedian,
            interruptionNotice: notice,
            seed: seed,
            callHistoryLimit: 0,
            pendingDurationSpread: pendingSpread,
            snapshotModel: SimulatedSnapshotModel(
                usedFraction: diskUsedShare, changedFractionPerHour: changedSharePerHour, throughputGiBPerMinute: snapshotGiBPerMinute,
                overhead: imageOverhead, spread: imageTimeSpread, failureRate: imageFailureRate),
            systemDiskSizeGiB: systemDiskGiB,
            randomFaults: SimulatedRandomFaults(
                throttlingRate: throttlingRate, serverErrorRate: serverErrorRate, latencyMedian: latencyMedian, latencySpread: latencySpread))
    }
}
