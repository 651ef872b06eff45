import Foundation

/// One interruption as a strategy's run saw it: which slot and instance, and its timeline.
public struct InterruptionRecord: Sendable, Hashable {
    /// Its position in the schedule.
    public var index: Int
    /// The workload slot.
    public var slot: Int
    /// The instance interrupted.
    public var victim: String?
    /// What happened, with times.
    public var timeline: InterruptionTimeline

    /// Creates a record.
    public init(index: Int, slot: Int, victim: String?, timeline: InterruptionTimeline) {
        self.index = index
        self.slot = slot
        self.victim = victim
        self.timeline = timeline
    }
}

/// One strategy's results over every interruption of a run: what the table, the JSON and the chart show.
public struct StrategyResult: Sendable, Hashable {
    /// The strategy.
    public var strategy: Strategy
    /// How many interruptions the schedule held.
    public var scheduled: Int
    /// Each interruption's outcome, in schedule order.
    public var outcomes: [InterruptionOutcome]
    /// Each interruption's record, in schedule order (for `--timelines`; empty for results made by hand).
    public var records: [InterruptionRecord]
    /// Seconds from the mark to the notice image's CreateImage sent, for every interruption whose CreateImage went
    /// out before the release.
    public var markToCreateImage: [Double]
    /// Seconds from the flow noticing the mark to CreateImage sent.
    public var detectionToCreateImage: [Double]
    /// Seconds from the interruption event's delivery to CreateImage sent, for the strategies that take events
    /// and every event that arrived (zero when the backstop's poll got there first).
    public var eventToCreateImage: [Double]
    /// Calls made to recover (imaging, planning, launching, restarting, confirming events), retries included.
    public var recoveryCalls: Int
    /// Calls made to watch the fleet, per hour watched.
    public var watchCallsPerHour: Double
    /// Calls made by the checkpoint schedule and retention, per hour.
    public var checkpointCallsPerHour: Double
    /// Snapshot storage over the run, in GiB-hours (each disk with snapshots kept: its used data once, plus
    /// what its kept incremental snapshots copied).
    public var snapshotGiBHours: Double
    /// The hours of workload the run covered (slots × hours), to put storage per workload.
    public var workloadHours: Double

    /// Creates a result.
    public init(
        strategy: Strategy, scheduled: Int, outcomes: [InterruptionOutcome], records: [InterruptionRecord] = [],
        markToCreateImage: [Double] = [], detectionToCreateImage: [Double] = [], eventToCreateImage: [Double] = [],
        recoveryCalls: Int = 0, watchCallsPerHour: Double = 0, checkpointCallsPerHour: Double = 0, snapshotGiBHours: Double = 0,
        workloadHours: Double = 0
    ) {
        self.strategy = strategy
        self.scheduled = scheduled
        self.outcomes = outcomes
        self.records = records
        self.markToCreateImage = markToCreateImage
        self.detectionToCreateImage = detectionToCreateImage
        self.eventToCreateImage = eventToCreateImage
        self.recoveryCalls = recoveryCalls
        self.watchCallsPerHour = watchCallsPerHour
        self.checkpointCallsPerHour = checkpointCallsPerHour
        self.snapshotGiBHours = snapshotGiBHours
        self.workloadHours = workloadHours
    }

    /// The interruptions.
    public var interruptions: Int { outcomes.count }

    /// How many workloads ran again.
    public var recoveredCount: Int { outcomes.count { $0.cause == nil } }

    /// The share that ran again, 0 to 1.
    public var recoveredShare: Double { interruptions == 0 ? 0 : Double(recoveredCount) / Double(interruptions) }

    /// How many did not, by cause (every cause listed, zero or not).
    public var unrecovered: [UnrecoveredCause: Int] {
        var counts = Dictionary(uniqueKeysWithValues: UnrecoveredCause.allCases.map { ($0, 0) })
        for case .unrecovered(let cause) in outcomes { counts[cause, default: 0] += 1 }
        return counts
    }

    /// The downtimes of the recovered ones.
    public var downtime: Percentiles {
        Percentiles(outcomes.compactMap { outcome -> Double? in
            guard case .recovered(let downtime, _) = outcome else { return nil }
            return downtime
        })
    }

    /// The data-loss windows of the recovered ones.
    public var dataLoss: Percentiles {
        Percentiles(outcomes.compactMap { outcome -> Double? in
            guard case .recovered(_, let loss) = outcome else { return nil }
            return loss
        })
    }

    /// Recovery calls per interruption.
    public var callsPerRecovery: Double { interruptions == 0 ? 0 : Double(recoveryCalls) / Double(interruptions) }

    /// Snapshot storage kept, on average, per workload (GiB).
    public var snapshotGiBPerWorkload: Double { workloadHours > 0 ? snapshotGiBHours / workloadHours : 0 }

    /// `true` when every scheduled interruption has one outcome, and the recovered ones and the unrecovered
    /// ones by cause add up to them.
    public var accountingAddsUp: Bool {
        outcomes.count == scheduled && recoveredCount + unrecovered.values.reduce(0, +) == scheduled
    }
}
