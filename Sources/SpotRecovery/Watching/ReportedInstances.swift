import Foundation

/// The instances a watch has already reported, shared with the code that acts on them: forgetting one
/// lets the watch report it again on its next detection (a service retries a failed recovery this way).
package final class ReportedInstances: @unchecked Sendable {
    // `ids` is guarded by `lock`.
    private let lock = NSLock()
    private var ids = Set<String>()

    package init() {}

    /// Records `id`; `false` when it was already reported.
    func insert(_ id: String) -> Bool {
        lock.withLock { ids.insert(id).inserted }
    }

    /// Whether every one of `fixed` has been reported.
    func covers(_ fixed: Set<String>) -> Bool {
        lock.withLock { fixed.isSubset(of: ids) }
    }

    /// Lets the watch report `id` again.
    package func forget(_ id: String) {
        _ = lock.withLock { ids.remove(id) }
    }
}
