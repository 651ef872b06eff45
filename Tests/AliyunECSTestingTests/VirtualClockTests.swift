import AliyunECS
import AliyunECSTesting
import Foundation
import Testing

/// The virtual clock: time moves only when a test moves it, sleepers wake in deadline order, and
/// scenarios of many minutes take milliseconds.
@Suite("Simulator: VirtualClock", .timeLimit(.minutes(1)))
struct VirtualClockTests {
    @Test("Time stands still until advanced")
    func standsStill() async throws {
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        let clock = VirtualClock(start: start)
        #expect(clock.now == start)
        await Task.yield()
        #expect(clock.now == start)
        await clock.advance(by: .seconds(90))
        #expect(clock.now == start.plus(90))
        await clock.advance(to: start)
        #expect(clock.now == start.plus(90), "never backwards")
        #expect(clock.sleeperCount == 0)
        #expect(clock.nextDeadline == nil)
    }

    @Test("advance(by:) wakes sleepers in deadline order, each at its deadline and not before")
    func deadlineOrder() async throws {
        let clock = VirtualClock()
        let start = clock.now
        let woken = EventLog<(Int, Date)>()
        let tasks = [30, 10, 20].map { seconds in
            Task {
                try await clock.sleep(for: .seconds(seconds))
                woken.append((seconds, clock.now))
            }
        }
        while clock.sleeperCount < 3 { await Task.yield() }
        #expect(clock.nextDeadline == start.plus(10))

        await clock.advance(by: .seconds(9))
        #expect(woken.entries.isEmpty, "nobody wakes before the first deadline")
        #expect(clock.sleeperCount == 3)

        await clock.advance(by: .seconds(1))
        #expect(woken.entries.map(\.0) == [10])
        #expect(clock.sleeperCount == 2)
        #expect(clock.nextDeadline == start.plus(20))

        await clock.advance(by: .seconds(25))
        #expect(woken.entries.map(\.0) == [10, 20, 30])
        #expect(woken.entries.map { $0.1.timeIntervalSince(start) } == [10, 20, 30], "each woke seeing its own deadline")
        #expect(clock.now == start.plus(35))
        #expect(clock.sleeperCount == 0)
        for task in tasks { try await task.value }
    }

    @Test("A woken task's next sleep is honoured within the same advance")
    func chainedSleeps() async throws {
        let clock = VirtualClock()
        let start = clock.now
        let ticks = EventLog<Double>()
        let task = Task {
            for _ in 0..<5 {
                try await clock.sleep(for: .seconds(60))
                ticks.append(clock.now.timeIntervalSince(start))
            }
        }
        while clock.sleeperCount == 0 { await Task.yield() }
        await clock.advance(by: .seconds(150))
        #expect(ticks.entries == [60, 120])
        await clock.advance(by: .seconds(150))
        #expect(ticks.entries == [60, 120, 180, 240, 300])
        try await task.value
    }

    @Test("Cancelling a sleeping task throws CancellationError at once and removes the sleeper")
    func cancellation() async throws {
        let clock = VirtualClock()
        let start = clock.now
        let other = Task { try await clock.sleep(for: .seconds(100)) }
        let sleeping = Task { try await clock.sleep(for: .seconds(3600)) }
        while clock.sleeperCount < 2 { await Task.yield() }

        sleeping.cancel()
        await #expect(throws: CancellationError.self) { try await sleeping.value }
        #expect(clock.now == start, "no time passed")
        #expect(clock.sleeperCount == 1)
        #expect(clock.nextDeadline == start.plus(100))

        await clock.advance(by: .seconds(100))
        try await other.value
        #expect(clock.sleeperCount == 0)
    }

    @Test("A task cancelled before it sleeps throws at once and never registers")
    func cancelledBeforeSleeping() async throws {
        let clock = VirtualClock()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await clock.sleep(for: .seconds(60))
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(clock.sleeperCount == 0)
    }

    @Test("run jumps straight to each deadline and returns the operation's value")
    func runJumps() async throws {
        let clock = VirtualClock()
        let start = clock.now
        let result = try await clock.run {
            var stamps: [Double] = []
            for seconds in [5, 300, 3600] {
                try await clock.sleep(for: .seconds(seconds))
                stamps.append(clock.now.timeIntervalSince(start))
            }
            return stamps
        }
        #expect(result == [5, 305, 3905])
        #expect(clock.now == start.plus(3905))
    }

    @Test("run drives concurrent child tasks in deadline order")
    func runChildren() async throws {
        let clock = VirtualClock()
        let start = clock.now
        let order = try await clock.run {
            try await withThrowingTaskGroup(of: (Int, Double).self) { group in
                for seconds in [40, 10, 30, 20] {
                    group.addTask {
                        try await clock.sleep(for: .seconds(seconds))
                        return (seconds, clock.now.timeIntervalSince(start))
                    }
                }
                var finished: [(Int, Double)] = []
                for try await entry in group { finished.append(entry) }
                return finished
            }
        }
        #expect(order.map(\.0) == [10, 20, 30, 40])
        #expect(order.map(\.1) == [10, 20, 30, 40])
    }

    @Test("run(timeout:) throws VirtualClockTimeout when the operation would need longer, without passing the limit")
    func runTimeout() async throws {
        let clock = VirtualClock()
        let start = clock.now
        let error = await #expect(throws: VirtualClockTimeout.self) {
            try await clock.run(timeout: .seconds(3600)) {
                try await clock.sleep(for: .seconds(1800))
                try await clock.sleep(for: .seconds(1801))
            }
        }
        #expect(error?.timeout == .seconds(3600))
        #expect(clock.now == start.plus(1800), "time stopped at the last deadline within the limit")
        #expect(clock.sleeperCount == 0, "the operation was cancelled")

        // Exactly at the limit is still in time.
        let fits: Bool = try await clock.run(timeout: .seconds(60)) {
            try await clock.sleep(for: .seconds(60))
            return true
        }
        #expect(fits)
    }

    @Test("A 30-minute spot interruption scenario plays out on virtual time: every poll, the notice and the release")
    func thirtyMinuteScenario() async throws {
        let (region, clock) = try Sim.region()
        let client = try region.makeClient()
        let start = clock.now
        let outcome = try await clock.run { () -> (noticeAt: Double?, releasedAt: Double) in
            let id = try await client.runInstances(Sim.launch()).instanceIds[0]
            region.scheduleInterruption(of: [id], after: .seconds(25 * 60), releaseAfter: .seconds(5 * 60))
            var noticeAt: Double?
            while true {
                let page = try await client.describeInstances(DescribeInstancesRequest(instanceIds: [id]))
                guard let instance = page.instances.first else {
                    return (noticeAt, clock.now.timeIntervalSince(start))
                }
                if noticeAt == nil, instance.operationLocks.contains(where: { $0.lockReason?.isRecycling == true }) {
                    noticeAt = clock.now.timeIntervalSince(start)
                }
                try await clock.sleep(for: .seconds(60))
            }
        }
        #expect(outcome.noticeAt == 1500.0)
        #expect(outcome.releasedAt == 1800.0)
        #expect(clock.now == start.plus(30 * 60))
        #expect(region.calls(of: "RunInstances").count == 1)
        #expect(region.calls(of: "DescribeInstances").count == 31, "one poll a minute, minutes 0 to 30")
        #expect(region.calls(of: "DescribeInstances").map { $0.time.timeIntervalSince(start) } == (0...30).map { Double($0 * 60) })
    }
}
