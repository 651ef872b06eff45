import Foundation

/// What the world does to a run, and when: the study's side of the simulation, in time order.
struct HarnessAgenda {
    /// One thing the world does.
    enum Action: Sendable {
        /// A shortage that comes by itself starts.
        case shortage(ScheduledShortage)
        /// An interruption's victim is chosen and its mark and release scheduled (shortly before the mark,
        /// so that the Java sample's watcher can already be polling it).
        case prepare(ScheduledInterruption)
        /// The mark appears: the burst leaves its zone and type short, perhaps.
        case mark(ScheduledInterruption)
        /// The CloudMonitor event arrives.
        case deliverEvent(ScheduledInterruption)
        /// The operator replaces a workload no recovery brought back.
        case refill(ScheduledInterruption)
        /// The snapshots kept are measured.
        case measureStorage

        /// Among actions at the same instant, the order they happen in.
        var rank: Int {
            switch self {
            case .shortage: 0
            case .refill: 1
            case .prepare: 2
            case .mark: 3
            case .deliverEvent: 4
            case .measureStorage: 5
            }
        }

        var index: Int {
            switch self {
            case .prepare(let interruption), .mark(let interruption), .deliverEvent(let interruption), .refill(let interruption):
                interruption.index
            case .shortage, .measureStorage:
                0
            }
        }
    }

    /// How long before its mark an interruption is prepared.
    static let preparation = Duration.seconds(6)
    /// How long after a release the operator replaces a workload still down.
    static let refillDelay = Duration.seconds(45 * 60)
    /// How often the snapshots kept are measured.
    static let storageInterval = Duration.seconds(600)

    /// The actions, in the order they happen.
    let entries: [(time: Date, action: Action)]

    init(schedule: InterruptionSchedule, deliversEvents: Bool) {
        var entries: [(time: Date, action: Action)] = schedule.backgroundShortages
            .filter { $0.start < schedule.watchEnd }
            .map { ($0.start, .shortage($0)) }
        let lastMark = schedule.interruptions.last?.markedAt ?? schedule.start
        for interruption in schedule.interruptions {
            entries.append((interruption.markedAt.addingTimeInterval(-Self.preparation.inSeconds), .prepare(interruption)))
            entries.append((interruption.markedAt, .mark(interruption)))
            if deliversEvents, let delivered = interruption.eventDeliveredAt { entries.append((delivered, .deliverEvent(interruption))) }
            let refill = interruption.releasedAt.addingTimeInterval(Self.refillDelay.inSeconds)
            if refill < lastMark { entries.append((refill, .refill(interruption))) }
        }
        var time = schedule.start
        while time <= schedule.watchEnd {
            entries.append((time, .measureStorage))
            time = time.addingTimeInterval(Self.storageInterval.inSeconds)
        }
        self.entries = entries.sorted { ($0.time, $0.action.rank, $0.action.index) < ($1.time, $1.action.rank, $1.action.index) }
    }
}
