import Foundation

/// A one-time answer for whoever waits for work to be admitted: the first ``resolve(_:)`` wins, later
/// ones are ignored, and a waiter that arrives late gets the answer at once.
final class AdmissionSignal: @unchecked Sendable {
    // `answer` and `waiters` are guarded by `lock`.
    private let lock = NSLock()
    private var answer: Admission?
    private var waiters: [CheckedContinuation<Admission, Never>] = []

    /// Gives the answer (once).
    func resolve(_ admission: Admission) {
        let resumed: [CheckedContinuation<Admission, Never>] = lock.withLock {
            guard answer == nil else { return [] }
            answer = admission
            defer { waiters.removeAll() }
            return waiters
        }
        for waiter in resumed { waiter.resume(returning: admission) }
    }

    /// Waits for the answer.
    func wait() async -> Admission {
        await withCheckedContinuation { continuation in
            let known: Admission? = lock.withLock {
                if let answer { return answer }
                waiters.append(continuation)
                return nil
            }
            if let known { continuation.resume(returning: known) }
        }
    }
}
