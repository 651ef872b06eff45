import AliyunECS
import Foundation

/// A clock whose time moves only when a test says so, so that minutes of simulated ECS behaviour
/// (a five-minute interruption notice, an image that takes ten minutes) run in milliseconds.
///
/// Everything that waits (the client's retry backoff, SpotRecovery's polls, the simulator's latency)
/// sleeps on it. Drive it in one of two ways:
///
/// - ``advance(by:)`` moves time forward step by step, waking each sleeper whose deadline passes and
///   letting it run before the next step;
/// - ``run(timeout:_:)`` runs an operation and, whenever every task has settled into a sleep,
///   jumps straight to the earliest deadline, until the operation finishes.
///
/// Sleeping honours cancellation at once, as `Task.sleep` does.
public final class VirtualClock: ECSClock, @unchecked Sendable {
    private struct Sleeper {
        var id: UInt64
        var deadline: Date
        var continuation: CheckedContinuation<Void, any Error>
    }

    // All mutable state is guarded by `lock`; continuations are resumed outside it.
    private let lock = NSLock()
    private var current: Date
    private var sleepers: [Sleeper] = []
    private var cancelledBeforeRegistration: Set<UInt64> = []
    private var nextID: UInt64 = 0
    private var activity: UInt64 = 0

    /// Creates a clock that starts at `start` (default: 2026-11-26 08:00:00 UTC, so runs are reproducible).
    public init(start: Date = Date(timeIntervalSince1970: 1_795_680_000)) {
        current = start
    }

    /// The current virtual time.
    public var now: Date {
        lock.withLock {
            activity &+= 1
            return current
        }
    }

    /// How many tasks are sleeping on this clock.
    public var sleeperCount: Int {
        lock.withLock { sleepers.count }
    }

    /// The earliest deadline among sleeping tasks, or `nil`.
    public var nextDeadline: Date? {
        lock.withLock { sleepers.map(\.deadline).min() }
    }

    /// Suspends until virtual time reaches `now + duration`.
    /// - Throws: `CancellationError` at once if the task is or becomes cancelled.
    public func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        guard duration > .zero else {
            await Task.yield()
            return
        }
        let id = lock.withLock {
            nextID += 1
            return nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let cancelledEarly: Bool = lock.withLock {
                    if cancelledBeforeRegistration.remove(id) != nil { return true }
                    activity &+= 1
                    sleepers.append(Sleeper(id: id, deadline: current.addingTimeInterval(duration.inSeconds), continuation: continuation))
                    return false
                }
                if cancelledEarly { continuation.resume(throwing: CancellationError()) }
            }
        } onCancel: {
            let continuation: CheckedContinuation<Void, any Error>? = lock.withLock {
                guard let index = sleepers.firstIndex(where: { $0.id == id }) else {
                    cancelledBeforeRegistration.insert(id)
                    return nil
                }
                activity &+= 1
                return sleepers.remove(at: index).continuation
            }
            continuation?.resume(throwing: CancellationError())
        }
    }

    /// Moves time forward by `duration`, waking sleepers in deadline order and letting each wave
    /// run (and schedule its next sleep) before moving on.
    public func advance(by duration: Duration) async {
        let target = lock.withLock { current.addingTimeInterval(duration.inSeconds) }
        await advance(to: target)
    }

    /// Moves time forward to `date` (never backwards), waking sleepers in deadline order.
    public func advance(to date: Date) async {
        await settle()
        while true {
            let due: [Sleeper] = lock.withLock {
                guard let earliest = sleepers.map(\.deadline).min(), earliest <= date else { return [] }
                current = max(current, earliest)
                return takeSleepers(dueBy: earliest)
            }
            if due.isEmpty { break }
            for sleeper in due { sleeper.continuation.resume() }
            await settle()
        }
        lock.withLock {
            current = max(current, date)
            activity &+= 1
        }
        await settle()
    }

    /// Runs `operation`, jumping virtual time to the next deadline whenever every task has settled,
    /// until the operation returns.
    ///
    /// The operation and every child task it starts run on one thread, one job at a time, so "every task
    /// has settled" is exact: time never jumps while any of them still has work to do. (Unstructured
    /// tasks created inside, such as the producer of an `AsyncThrowingStream`, run elsewhere and are only
    /// waited for heuristically; prefer the callback forms of SpotRecovery's APIs under this clock.)
    /// - Parameters:
    ///   - timeout: The most virtual time the operation may take; past it, the operation is cancelled.
    ///   - operation: The code under test.
    /// - Returns: What `operation` returns.
    /// - Throws: What `operation` throws, or ``VirtualClockTimeout`` when it runs past `timeout`.
    public func run<Result: Sendable>(
        timeout: Duration = .seconds(7 * 86_400),
        _ operation: @escaping @Sendable () async throws -> Result
    ) async throws -> Result {
        let limit = now.addingTimeInterval(timeout.inSeconds)
        guard #available(macOS 15.0, iOS 18.0, tvOS 18.0, watchOS 11.0, *) else {
            return try await drive(until: limit, timeout: timeout, settle: { await self.settle() }, operation)
        }
        let executor = SerialJobExecutor()
        defer { executor.shutdown() }
        return try await withTaskExecutorPreference(executor) {
            try await drive(until: limit, timeout: timeout, settle: { await Self.settle(on: executor) }, operation)
        }
    }

    /// The driving loop: run the operation as a child task; whenever everything has settled, wake the
    /// earliest sleepers.
    private func drive<Result: Sendable>(
        until limit: Date, timeout: Duration, settle: @escaping @Sendable () async -> Void,
        _ operation: @escaping @Sendable () async throws -> Result
    ) async throws -> Result {
        let finished = FinishFlag()
        return try await withThrowingTaskGroup(of: Result.self) { group in
            group.addTask {
                defer { finished.set() }
                return try await operation()
            }
            while !finished.isSet {
                await settle()
                if finished.isSet { break }
                let next: Date? = lock.withLock { sleepers.map(\.deadline).min() }
                guard let next else {
                    // Nothing sleeps on this clock: the operation is waiting for something real.
                    try? await Task.sleep(for: .milliseconds(1))
                    continue
                }
                guard next <= limit else {
                    group.cancelAll()
                    _ = try? await group.next()
                    throw VirtualClockTimeout(timeout: timeout)
                }
                let due: [Sleeper] = lock.withLock {
                    current = max(current, next)
                    return takeSleepers(dueBy: next)
                }
                for sleeper in due { sleeper.continuation.resume() }
            }
            guard let result = try await group.next() else {
                throw CancellationError()
            }
            return result
        }
    }

    /// Settled means: when this task runs again after yielding, no other job waits on the serial executor.
    @available(macOS 15.0, iOS 18.0, tvOS 18.0, watchOS 11.0, *)
    private static func settle(on executor: SerialJobExecutor) async {
        var quietRounds = 0
        while quietRounds < 2 {
            await Task.yield()
            quietRounds = executor.pendingCount == 0 ? quietRounds + 1 : 0
        }
    }

    /// Lets woken tasks run until nothing changes any more (a heuristic, for ``advance(by:)`` and for
    /// systems without task executors).
    private func settle() async {
        var quietRounds = 0
        var rounds = 0
        while quietRounds < 3, rounds < 10_000 {
            rounds += 1
            let before = lock.withLock { activity }
            for _ in 0..<20 { await Task.yield() }
            let after = lock.withLock { activity }
            quietRounds = before == after ? quietRounds + 1 : 0
        }
    }

    private func takeSleepers(dueBy date: Date) -> [Sleeper] {
        activity &+= 1
        let due = sleepers.filter { $0.deadline <= date }.sorted { ($0.deadline, $0.id) < ($1.deadline, $1.id) }
        sleepers.removeAll { $0.deadline <= date }
        return due
    }
}

/// ``VirtualClock/run(timeout:_:)`` gave up: the operation would have needed more virtual time.
public struct VirtualClockTimeout: Error, Sendable, CustomStringConvertible {
    /// The limit that was reached.
    public var timeout: Duration

    /// A readable explanation.
    public var description: String { "The operation did not finish within \(timeout) of virtual time" }
}

/// A thread-safe one-way flag.
final class FinishFlag: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var value = false

    var isSet: Bool { lock.withLock { value } }

    func set() {
        lock.withLock { value = true }
    }
}
