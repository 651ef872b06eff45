import Foundation
import ServiceLifecycle

/// Runs `operation` unless graceful shutdown comes first, in which case the operation is cancelled and
/// `nil` returned.
///
/// ServiceLifecycle's `cancelWhenGracefulShutdown` does the same, but it ends its waiter through an
/// unstructured task; this one stays within structured child tasks, so that a test's virtual clock, which
/// waits for the tasks it drives, never moves while the race is being decided.
func unlessGracefulShutdown<Value: Sendable>(_ operation: @escaping @Sendable () async throws -> Value) async throws -> Value? {
    try await withThrowingTaskGroup(of: Value?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            await ShutdownSignal.wait()
            return nil
        }
        let first = try await group.next() ?? nil
        group.cancelAll()
        // The loser ends at once: the operation is cancelled, the waiter resumes on cancellation.
        while let _ = try? await group.next() {}
        return first
    }
}

/// A one-shot signal that graceful shutdown (or cancellation) has come, resumed without any other task.
private final class ShutdownSignal: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var fired = false
    private var waiter: CheckedContinuation<Void, Never>?

    /// Returns on graceful shutdown or cancellation of the calling task.
    static func wait() async {
        let signal = ShutdownSignal()
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await signal.suspend()
            } onGracefulShutdown: {
                signal.fire()
            }
        } onCancel: {
            signal.fire()
        }
    }

    private func suspend() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow: Bool = lock.withLock {
                if fired { return true }
                waiter = continuation
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    private func fire() {
        let continuation: CheckedContinuation<Void, Never>? = lock.withLock {
            fired = true
            defer { waiter = nil }
            return waiter
        }
        continuation?.resume()
    }
}
