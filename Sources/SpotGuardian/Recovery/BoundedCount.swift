import Foundation

/// A count with a ceiling, read and changed from anywhere.
final class BoundedCount: @unchecked Sendable {
    // `value` is guarded by `lock`.
    private let lock = NSLock()
    private var value = 0

    /// Adds one unless the count is at `limit`; `false` then.
    func increment(limit: Int) -> Bool {
        lock.withLock {
            guard value < limit else { return false }
            value += 1
            return true
        }
    }

    func decrement() {
        lock.withLock { value = max(0, value - 1) }
    }

    var current: Int { lock.withLock { value } }
}
