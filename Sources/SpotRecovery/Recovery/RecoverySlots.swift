/// A counting semaphore that bounds concurrent recoveries; a cancelled waiter leaves at once.
package actor RecoverySlots {
    private var available: Int
    private var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextID: UInt64 = 0

    package init(count: Int) {
        available = count
    }

    package func acquire() async throws {
        try Task.checkCancellation()
        if available > 0 {
            available -= 1
            return
        }
        nextID += 1
        let id = nextID
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                waiters.append((id, continuation))
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    package func release() {
        if waiters.isEmpty {
            available += 1
        } else {
            waiters.removeFirst().continuation.resume()
        }
    }

    private func cancelWaiter(_ id: UInt64) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: CancellationError())
    }
}

extension RecoverySlots? {
    /// Runs `body` holding one slot (or at once, without slots).
    func whileHolding<Value: Sendable>(_ body: () async throws -> Value) async throws -> Value {
        guard let slots = self else { return try await body() }
        try await slots.acquire()
        do {
            let value = try await body()
            await slots.release()
            return value
        } catch {
            await slots.release()
            throw error
        }
    }
}
