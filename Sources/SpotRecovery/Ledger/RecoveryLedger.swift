import Foundation

/// One record per interruption (``InterruptionIdentity``), shared by everything that can start a recovery
/// in this process: a poll, an event, a queue message, reconciliation. Each interruption's recovery runs
/// once at a time; a succeeded one is not run again; a failed one may run again once its retry is due.
///
/// Across processes (a restart, a second replica), ECS is the ledger: the tags on the notice image and on
/// the replacement, and the ClientTokens derived from the identity, make a second run find and return
/// what the first made.
public actor RecoveryLedger {
    /// Where one interruption's recovery stands.
    public enum State: Sendable, Hashable {
        /// It is running, since then.
        case running(since: Date)
        /// It finished: the work runs again (a replacement, or the instance restarted in place).
        case succeeded(at: Date)
        /// It failed `attempts` times, the last at `at`; it may run again from `retryAt`.
        case failed(at: Date, retryAt: Date, attempts: Int)
    }

    /// The wait before the first retry of a failed recovery; it doubles up to ``maximumRetryDelay``.
    public nonisolated let retryDelay: Duration
    /// The longest wait before a retry.
    public nonisolated let maximumRetryDelay: Duration
    /// How long a finished or failed record is kept.
    public nonisolated let memory: Duration

    private var states: [InterruptionIdentity: State] = [:]
    private var lastSweep = Date.distantPast

    /// Creates an empty ledger.
    /// - Parameters:
    ///   - retryDelay: The wait before the first retry of a failed recovery. Default: 30 seconds.
    ///   - maximumRetryDelay: The longest wait between retries. Default: 10 minutes.
    ///   - memory: How long finished and failed records are kept. Default: one day.
    public init(retryDelay: Duration = .seconds(30), maximumRetryDelay: Duration = .seconds(600), memory: Duration = .seconds(86_400)) {
        self.retryDelay = retryDelay
        self.maximumRetryDelay = max(retryDelay, maximumRetryDelay)
        self.memory = memory
    }

    /// Claims an interruption for a run starting `now`: `true` when it is new, or failed and due for a retry;
    /// `false` when it is running, succeeded, or failed and not due yet.
    public func claim(_ identity: InterruptionIdentity, at now: Date) -> Bool {
        sweep(at: now)
        switch states[identity] {
        case .running?, .succeeded?:
            return false
        case .failed(_, let retryAt, _)? where now < retryAt:
            return false
        case .failed?, nil:
            states[identity] = .running(since: now)
            return true
        }
    }

    /// Records that the recovery succeeded.
    public func succeed(_ identity: InterruptionIdentity, at now: Date) {
        states[identity] = .succeeded(at: now)
        attempts[identity] = nil
    }

    /// Records that the recovery failed; it may run again after a delay that doubles with each failure.
    /// - Returns: When it may run again.
    @discardableResult
    public func fail(_ identity: InterruptionIdentity, at now: Date) -> Date {
        let count = (attempts[identity] ?? 0) + 1
        attempts[identity] = count
        let delay = min(retryDelay.inSeconds * pow(2, Double(min(count - 1, 20))), maximumRetryDelay.inSeconds)
        let retryAt = now.addingTimeInterval(delay)
        states[identity] = .failed(at: now, retryAt: retryAt, attempts: count)
        return retryAt
    }

    /// Gives up a claim without a verdict (the run was cancelled): the next claim runs it at once.
    public func release(_ identity: InterruptionIdentity) {
        guard case .running(let since)? = states[identity] else { return }
        if let count = attempts[identity] {
            states[identity] = .failed(at: since, retryAt: .distantPast, attempts: count)
        } else {
            states[identity] = nil
        }
    }

    /// Where an interruption's recovery stands, if this ledger knows it.
    public func state(of identity: InterruptionIdentity) -> State? {
        states[identity]
    }

    /// How many times each interruption's recovery has failed.
    private var attempts: [InterruptionIdentity: Int] = [:]

    /// Forgets finished and failed records older than ``memory``, at most once a minute.
    private func sweep(at now: Date) {
        guard now.timeIntervalSince(lastSweep) >= 60 else { return }
        lastSweep = now
        let horizon = now.addingTimeInterval(-memory.inSeconds)
        states = states.filter { _, state in
            switch state {
            case .running: true
            case .succeeded(let at), .failed(let at, _, _): at >= horizon
            }
        }
        attempts = attempts.filter { identity, _ in states[identity] != nil }
    }
}
