import NIOConcurrencyHelpers

/// The latency faults (and MNS requests, which may long-poll) being waited out, each in a task of its own,
/// so that a stopping server can cancel them and wait until none is left before it stops its event loop (a
/// wait that ended later would have no loop to write its answer on).
final class LatencyWaits: Sendable {
    private struct Waits {
        var next = 0
        var running: [Int: Task<Void, Never>] = [:]
        var stopped = false
    }

    private let waits = NIOLockedValueBox(Waits())

    /// Runs `body` in a task, unless the server is stopping.
    func start(_ body: @escaping @Sendable () async -> Void) {
        waits.withLockedValue { waits in
            guard !waits.stopped else { return }
            let id = waits.next
            waits.next += 1
            waits.running[id] = Task {
                await body()
                self.finished(id)
            }
        }
    }

    /// Cancels every wait, refuses new ones, and returns once all have ended.
    func stop() async {
        let running = waits.withLockedValue { waits in
            waits.stopped = true
            return Array(waits.running.values)
        }
        for task in running {
            task.cancel()
        }
        for task in running {
            await task.value
        }
    }

    private func finished(_ id: Int) {
        waits.withLockedValue { waits in _ = waits.running.removeValue(forKey: id) }
    }
}
