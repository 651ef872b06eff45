import Foundation

/// Collects values from concurrent callbacks.
final class Collector<Value: Sendable>: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var storage: [Value] = []

    func append(_ value: Value) {
        lock.withLock { storage.append(value) }
    }

    var values: [Value] { lock.withLock { storage } }
}
