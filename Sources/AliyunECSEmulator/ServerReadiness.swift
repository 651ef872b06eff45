import NIOConcurrencyHelpers

/// Whether a server is running yet, and the tasks waiting to find out: `run()` reports, any task waits.
final class ServerReadiness: Sendable {
    private enum State {
        case waiting([Int: CheckedContinuation<ECSEmulatorEndpoint, any Error>])
        case running(ECSEmulatorEndpoint)
        case ended(any Error)
    }

    private let state = NIOLockedValueBox<(state: State, started: Bool, nextWaiter: Int)>((.waiting([:]), false, 0))

    /// Marks the server as started; `false` when it had been started before.
    func claimStart() -> Bool {
        state.withLockedValue { current in
            guard !current.started else { return false }
            current.started = true
            return true
        }
    }

    /// The server is listening at `endpoint`.
    func running(at endpoint: ECSEmulatorEndpoint) {
        let waiters: [CheckedContinuation<ECSEmulatorEndpoint, any Error>] = state.withLockedValue { current in
            guard case .waiting(let waiters) = current.state else { return [] }
            current.state = .running(endpoint)
            return Array(waiters.values)
        }
        for waiter in waiters { waiter.resume(returning: endpoint) }
    }

    /// The server stopped, or never started, because of `error`.
    func ended(_ error: any Error) {
        let waiters: [CheckedContinuation<ECSEmulatorEndpoint, any Error>] = state.withLockedValue { current in
            let waiters: [CheckedContinuation<ECSEmulatorEndpoint, any Error>]
            if case .waiting(let pending) = current.state { waiters = Array(pending.values) } else { waiters = [] }
            current.state = .ended(error)
            return waiters
        }
        for waiter in waiters { waiter.resume(throwing: error) }
    }

    /// The endpoint once the server runs.
    /// - Throws: The error the server ended with, or `CancellationError` when the waiting task is cancelled.
    func wait() async throws -> ECSEmulatorEndpoint {
        let id = state.withLockedValue { current in
            current.nextWaiter += 1
            return current.nextWaiter
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let immediate: Result<ECSEmulatorEndpoint, any Error>? = state.withLockedValue { current in
                    switch current.state {
                    case .running(let endpoint):
                        return .success(endpoint)
                    case .ended(let error):
                        return .failure(error)
                    case .waiting(var waiters):
                        if Task.isCancelled { return .failure(CancellationError()) }
                        waiters[id] = continuation
                        current.state = .waiting(waiters)
                        return nil
                    }
                }
                if let immediate { continuation.resume(with: immediate) }
            }
        } onCancel: {
            let waiter: CheckedContinuation<ECSEmulatorEndpoint, any Error>? = state.withLockedValue { current in
                guard case .waiting(var waiters) = current.state, let waiter = waiters.removeValue(forKey: id) else { return nil }
                current.state = .waiting(waiters)
                return waiter
            }
            waiter?.resume(throwing: CancellationError())
        }
    }
}
