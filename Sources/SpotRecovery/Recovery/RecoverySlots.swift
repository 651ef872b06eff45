/// A counting semaphore that bounds concurrent recoveries; a cancelled waiter leaves at once.
package actor RecoverySlots {
    /// The slots the current task holds one of (inside ``whileHolding(_:)``), so that a long wait deep in a
    /// recovery can give its slot back (``givingBackHeldSlot(during:)``).
    @TaskLocal package static var held: RecoverySlots?

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

    /// Takes a slot back after ``givingBackHeldSlot(during:)``, waiting for one even when the task is
    /// cancelled: the holder's release that follows must find the slot it gives back.
    private func reacquire() async {
        if available > 0 {
            available -= 1
            return
        }
        nextID += 1
        let id = nextID
        // No cancellation handler: only `release()` resumes this waiter.
        _ = try? await withCheckedThrowingContinuation { continuation in
            waiters.append((id, continuation))
        }
    }

    /// Runs `wait` with the current task's slot given back to the others, and takes one again after it.
    /// A recovery waiting minutes for stock to return must not keep another, whose zone has capacity,
    /// from relaunching. Outside ``whileHolding(_:)`` it simply runs `wait`.
    package static func givingBackHeldSlot<Value: Sendable>(during wait: () async throws -> Value) async throws -> Value {
        guard let slots = held else { return try await wait() }
        await slots.release()
        let result = await Result { try await wait() }
        await slots.reacquire()
        return try result.get()
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
            let value = try await RecoverySlots.$held.withValue(slots) { try await body() }
            await slots.release()
            return value
        } catch {
            await slots.release()
            throw error
        }
    }
}
