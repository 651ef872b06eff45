import Foundation

/// Wakes whoever waits for the next event: ``wait(since:)`` returns at the next ``signal()`` (or at once
/// when one came since the generation it was given), or when its task is cancelled. Guarded by a lock rather
/// than an actor, so that cancellation ends a wait synchronously (no task is left to run later, which would
/// let a virtual clock move on meanwhile).
final class ArrivalSignal: @unchecked Sendable {
    // `waiters`, `nextID` and `signals` are guarded by `lock`.
    private let lock = NSLock()
    private var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
    private var nextID: UInt64 = 0
    private var signals: UInt64 = 0

    /// How many signals there have been: pass it to ``wait(since:)`` so a signal in between is not missed.
    var generation: UInt64 { lock.withLock { signals } }

    /// Returns at the next signal after `generation`, or when the calling task is cancelled.
    func wait(since generation: UInt64) async {
        let id: UInt64 = lock.withLock {
            nextID += 1
            return nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow: Bool = lock.withLock {
                    if Task.isCancelled || signals != generation { return true }
                    waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            lock.withLock { waiters.removeValue(forKey: id) }?.resume()
        }
    }

    /// Wakes every waiter.
    func signal() {
        let woken: [CheckedContinuation<Void, Never>] = lock.withLock {
            signals &+= 1
            defer { waiters.removeAll() }
            return Array(waiters.values)
        }
        for waiter in woken { waiter.resume() }
    }
}
