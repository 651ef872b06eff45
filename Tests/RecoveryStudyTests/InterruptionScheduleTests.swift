import Foundation
import RecoveryStudy
import Testing

/// The schedule every strategy meets: drawn once from the seed, with the world model's shape.
@Suite("Interruption schedule")
struct InterruptionScheduleTests {
    static func schedule(seed: UInt64 = 7, count: Int = 400) -> InterruptionSchedule {
        InterruptionSchedule(world: WorldModel(), count: count, seed: seed, start: RecoveryStudy.start)
    }

    @Test("Exactly N interruptions, in mark order, none before the warm-up, each with a notice of at most five minutes")
    func shape() {
        let world = WorldModel()
        let schedule = Self.schedule()
        #expect(schedule.interruptions.count == 400)
        #expect(schedule.interruptions.map(\.markedAt) == schedule.interruptions.map(\.markedAt).sorted())
        #expect(schedule.interruptions.map(\.index) == Array(0..<400))
        #expect(schedule.interruptions.allSatisfy { $0.markedAt >= RecoveryStudy.start.addingTimeInterval(world.warmUp.inSeconds) })
        let notices = schedule.interruptions.map { $0.releasedAt.timeIntervalSince($0.markedAt) }
        #expect(notices.allSatisfy { $0 >= world.shortestNotice.inSeconds - 1e-6 && $0 <= world.notice.inSeconds + 1e-6 })
        let short = notices.count { $0 < world.notice.inSeconds - 1e-6 }
        #expect(short > 0 && short < 60, "about 5 % of notices are short: \(short) of 400")
        let lost = schedule.interruptions.count { $0.eventDeliveredAt == nil }
        #expect(lost < 20)
    }

    @Test("A slot is never interrupted again within the minimum lifetime; interruptions come in bursts")
    func spacingAndBursts() {
        let world = WorldModel()
        let schedule = Self.schedule()
        var last: [Int: Date] = [:]
        for interruption in schedule.interruptions {
            if let previous = last[interruption.slot] {
                #expect(interruption.markedAt.timeIntervalSince(previous) >= world.minimumLifetime.inSeconds - world.burstWindow.inSeconds)
            }
            last[interruption.slot] = interruption.markedAt
        }
        let sizes = Dictionary(grouping: schedule.interruptions, by: \.burst).values.map(\.count)
        #expect(sizes.contains { $0 > 1 })
        let mean = Double(sizes.reduce(0, +)) / Double(sizes.count)
        #expect(mean > 2 && mean < 4, "bursts of 3 on average: \(mean)")
    }

    @Test("The same seed draws the same schedule; another seed another")
    func seeded() {
        let first = Self.schedule(seed: 11)
        let again = Self.schedule(seed: 11)
        let other = Self.schedule(seed: 12)
        #expect(first.interruptions == again.interruptions)
        #expect(first.backgroundShortages == again.backgroundShortages)
        #expect(first.interruptions != other.interruptions)
    }
}
