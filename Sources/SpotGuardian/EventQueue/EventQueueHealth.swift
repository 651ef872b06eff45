import Foundation

/// How one region's event queue last answered, as its consumer saw it: readiness reads it when `/readyz`
/// is asked.
///
/// Written synchronously by the consumer (no hop to another executor in its loop) and read by
/// ``GuardianReadiness``.
package final class EventQueueHealth: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var lastProblem: String?

    /// Creates a health record: healthy until a receive fails.
    package init() {}

    /// Why the last receive failed, or `nil` while receives work.
    package var problem: String? { lock.withLock { lastProblem } }

    /// Records the last receive: `nil` when it worked, else why it failed.
    func record(problem: String?) {
        lock.withLock { lastProblem = problem }
    }
}
