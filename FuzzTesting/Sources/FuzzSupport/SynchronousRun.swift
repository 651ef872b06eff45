import Foundation

/// Runs async code to completion from a fuzz target's synchronous entry point (`LLVMFuzzerTestOneInput`).
public enum SynchronousRun {
    /// Runs `body` on a detached task and waits for it.
    /// - Returns: What `body` returned or threw.
    public static func run<Value: Sendable>(_ body: @escaping @Sendable () async throws -> Value) -> Result<Value, any Error> {
        let box = Box<Result<Value, any Error>>()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do {
                box.value = .success(try await body())
            } catch {
                box.value = .failure(error)
            }
            done.signal()
        }
        done.wait()
        return box.value ?? .failure(NoResult())
    }

    /// The task ended without setting a result (it always sets one; this keeps the unwrap total).
    struct NoResult: Error {}

    /// Carries the result across the semaphore, which orders the write before the read.
    private final class Box<Value>: @unchecked Sendable {
        var value: Value?
    }
}
