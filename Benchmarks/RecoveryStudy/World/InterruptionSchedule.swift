import AliyunECSTesting
import Foundation

/// One interruption the schedule holds: which slot, when ECS marks its instance, when it releases it, when
/// the event arrives.
public struct ScheduledInterruption: Sendable, Hashable {
    /// Its position in the schedule (by mark time).
    public var index: Int
    /// The burst it belongs to.
    public var burst: Int
    /// The workload slot whose current instance is interrupted.
    public var slot: Int
    /// When the `Recycling` lock appears.
    public var markedAt: Date
    /// When the instance is released (or stopped).
    public var releasedAt: Date
    /// When the CloudMonitor event is delivered, or `nil` when it is lost.
    public var eventDeliveredAt: Date?
    /// Where, within one 2-second poll interval, the Java sample's watcher of this instance polls (0 to 1).
    public var pollPhase: Double
}

/// A shortage of spot capacity in one zone and type, for a while.
public struct ScheduledShortage: Sendable, Hashable {
    /// The zone.
    public var zoneId: String
    /// The instance type (one per family here).
    public var instanceType: String
    /// When it starts.
    public var start: Date
    /// When it ends.
    public var end: Date
    /// Whether DescribeAvailableResource still says `WithStock` meanwhile.
    public var reportedInStock: Bool
}

/// Every interruption and independent shortage of a run, drawn once from the seed, so every strategy meets
/// the same ones.
public struct InterruptionSchedule: Sendable {
    /// The world it was drawn from.
    public let world: WorldModel
    /// The seed.
    public let seed: UInt64
    /// When the fleet starts running.
    public let start: Date
    /// The interruptions, by mark time.
    public let interruptions: [ScheduledInterruption]
    /// Shortages that come by themselves, in every zone and type the planner may use.
    public let backgroundShortages: [ScheduledShortage]

    /// When the fleet is first watched: a minute before the first mark.
    public var watchStart: Date { (interruptions.first?.markedAt ?? start).addingTimeInterval(-60) }
    /// When the watch ends: a minute after the last release.
    public var watchEnd: Date { (interruptions.map(\.releasedAt).max() ?? start).addingTimeInterval(60) }

    /// Draws `count` interruptions of `world`'s fleet.
    public init(world: WorldModel, count: Int, seed: UInt64, start: Date) {
        self.world = world
        self.seed = seed
        self.start = start
        let draw = KeyedDraw(seed: seed)
        let fleet = max(1, world.fleetSize)
        // Bursts arrive as a Poisson process whose rate interrupts each slot once per mean lifetime, on average.
        let burstsPerSecond = Double(fleet) / max(world.meanLifetime.inSeconds, 60) / max(world.meanBurstSize, 1)
        var lastMark: [Date?] = Array(repeating: nil, count: fleet)
        var interruptions: [ScheduledInterruption] = []
        var time = start.addingTimeInterval(world.warmUp.inSeconds)
        var burst = 0
        while interruptions.count < count {
            // At least a millisecond apart, so that time moves on even when the lifetime is tiny.
            time = time.addingTimeInterval(max(Self.exponential(mean: 1 / burstsPerSecond, draw.unit("burst gap \(burst)")), 0.001))
            let size = Self.geometric(mean: world.meanBurstSize, draw.unit("burst size \(burst)"))
            // A burst reclaims one pool: slots at home there, not interrupted within the minimum lifetime.
            let pool = Int(draw.unit("burst pool \(burst)") * Double(WorldModel.pools.count)) % WorldModel.pools.count
            var eligible = stride(from: pool, to: fleet, by: WorldModel.pools.count).filter { slot in
                lastMark[slot].map { time.timeIntervalSince($0) >= world.minimumLifetime.inSeconds } ?? true
            }
            for member in 0..<size where !eligible.isEmpty && interruptions.count < count {
                let key = "\(burst).\(member)"
                let slot = eligible.remove(at: min(Int(draw.unit("victim " + key) * Double(eligible.count)), eligible.count - 1))
                let marked = time.addingTimeInterval(world.burstWindow.inSeconds * draw.unit("offset " + key))
                var lead = world.notice.inSeconds
                if draw.unit("short " + key) < world.shortNoticeShare {
                    let shortest = min(world.shortestNotice.inSeconds, lead)
                    lead = shortest + (lead - shortest) * draw.unit("lead " + key)
                }
                let delay = world.eventDelayMedian.inSeconds * draw.spread(world.eventDelaySpread, "event " + key)
                interruptions.append(ScheduledInterruption(
                    index: interruptions.count, burst: burst, slot: slot, markedAt: marked, releasedAt: marked.addingTimeInterval(lead),
                    eventDeliveredAt: draw.unit("event lost " + key) < world.eventLossRate ? nil : marked.addingTimeInterval(delay),
                    pollPhase: draw.unit("phase " + key)))
                lastMark[slot] = marked
            }
            burst += 1
        }
        self.interruptions = interruptions.sorted { ($0.markedAt, $0.index) < ($1.markedAt, $1.index) }.enumerated().map { position, interruption in
            var interruption = interruption
            interruption.index = position
            return interruption
        }
        let end = (interruptions.map(\.releasedAt).max() ?? start).addingTimeInterval(3600)
        backgroundShortages = Self.backgroundShortages(world: world, draw: draw, from: start, to: end)
    }

    /// The shortage a burst leaves in one zone and type, if it does: from the burst's first mark.
    public func burstShortage(burst: Int, zoneId: String, instanceType: String, at time: Date) -> ScheduledShortage? {
        let draw = KeyedDraw(seed: seed)
        let key = "\(burst) \(zoneId) \(instanceType)"
        guard draw.unit("shortage " + key) < world.stockoutShare else { return nil }
        let length = Self.exponential(mean: world.stockoutMean.inSeconds, draw.unit("shortage length " + key))
        return ScheduledShortage(
            zoneId: zoneId, instanceType: instanceType, start: time, end: time.addingTimeInterval(length),
            reportedInStock: draw.unit("shortage stale " + key) < world.staleStockShare)
    }

    /// Alternating periods of stock and shortage in every zone and type the planner may use, so that each is
    /// short ``WorldModel/backgroundStockoutShare`` of the time.
    static func backgroundShortages(world: WorldModel, draw: KeyedDraw, from start: Date, to end: Date) -> [ScheduledShortage] {
        let share = world.backgroundStockoutShare
        guard share > 0 else { return [] }
        let meanGap = world.stockoutMean.inSeconds * (1 - share) / share
        var shortages: [ScheduledShortage] = []
        for (zoneId, _) in WorldModel.plannerPlacements {
            for type in WorldModel.plannerTypes {
                var time = start
                var episode = 0
                while true {
                    let key = "\(zoneId) \(type) \(episode)"
                    time = time.addingTimeInterval(exponential(mean: meanGap, draw.unit("background gap " + key)))
                    guard time < end else { break }
                    let length = exponential(mean: world.stockoutMean.inSeconds, draw.unit("background length " + key))
                    shortages.append(ScheduledShortage(
                        zoneId: zoneId, instanceType: type, start: time, end: time.addingTimeInterval(length),
                        reportedInStock: draw.unit("background stale " + key) < world.staleStockShare))
                    time = time.addingTimeInterval(length)
                    episode += 1
                }
            }
        }
        return shortages.sorted { ($0.start, $0.zoneId, $0.instanceType) < ($1.start, $1.zoneId, $1.instanceType) }
    }

    static func exponential(mean: Double, _ unit: Double) -> Double {
        -mean * log(max(1 - unit, 1e-12))
    }

    /// 1, 2, 3 … with mean `mean` (at least 1).
    static func geometric(mean: Double, _ unit: Double) -> Int {
        guard mean > 1 else { return 1 }
        let continuing = 1 - 1 / mean
        return 1 + Int((log(max(1 - unit, 1e-12)) / log(continuing)).rounded(.down))
    }
}
