import Foundation

/// Runs every job on one dedicated thread, in order.
///
/// ``VirtualClock/run(timeout:_:)`` makes the code under test prefer this executor, so that all of it
/// runs one job at a time. That is what lets the clock know, exactly, when every task has settled into
/// a wait: after it yields, nothing else ran.
@available(macOS 15.0, iOS 18.0, tvOS 18.0, watchOS 11.0, *)
final class SerialJobExecutor: TaskExecutor, @unchecked Sendable {
    // `queue`, `head` and `stopped` are guarded by `condition`.
    private let condition = NSCondition()
    private var queue: [UnownedJob] = []
    private var head = 0
    private var stopped = false

    init() {
        let thread = Thread { [self] in runLoop() }
        thread.name = "VirtualClock executor"
        thread.start()
    }

    /// How many jobs wait to run. Read from a job on this executor, zero means every other task that
    /// prefers it is suspended.
    var pendingCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return queue.count - head
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        condition.lock()
        queue.append(unowned)
        condition.signal()
        condition.unlock()
    }

    /// Lets the thread finish once the queue is empty.
    func shutdown() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func runLoop() {
        while true {
            condition.lock()
            while head == queue.count, !stopped { condition.wait() }
            if head == queue.count {
                condition.unlock()
                return
            }
            let job = queue[head]
            head += 1
            if head > 1024, head * 2 > queue.count {
                queue.removeFirst(head)
                head = 0
            }
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
