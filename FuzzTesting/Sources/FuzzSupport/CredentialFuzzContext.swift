import Foundation
@testable import AliyunECS

/// A credential source context that reads the fuzz input as every file and never reaches a network, for
/// the credential-file targets (`FuzzCLIConfig`, `FuzzCredentialsINI`).
public enum CredentialFuzzContext {
    struct NetworkRefused: Error {}

    /// The clock the cache reads: fixed, and it never waits.
    struct FixedClock: ECSClock {
        var now: Date { Date(timeIntervalSince1970: 1_795_132_800) }
        func sleep(for duration: Duration) async throws {}
    }

    /// Lives exactly as long as the context that holds it.
    final class Sentinel: Sendable {}

    final class WeakSentinel: @unchecked Sendable {
        weak var value: Sentinel?
    }

    static func make(file: Data, sentinel: Sentinel) -> CredentialSourceContext {
        CredentialSourceContext(
            environment: [:], homeDirectory: "/nonexistent-fuzz-home",
            readFile: { [sentinel] _ in
                withExtendedLifetime(sentinel) { file }
            },
            transport: ClosureTransport { _ in throw NetworkRefused() },
            clock: FixedClock(),
            metadataBaseURL: URL(string: "http://127.0.0.1:9"), stsBaseURL: URL(string: "http://127.0.0.1:9"))
    }

    /// Runs `body` with a context that reads `file`, to completion, from the fuzzer's synchronous entry
    /// point; then waits until the provider and its context are gone. The task ends on another thread just
    /// after it hands back its result, and libFuzzer's leak check, run as the entry point returns, would
    /// otherwise catch the file still held by a task in its last instructions. A context still alive after
    /// two seconds is a real leak, and stops the fuzzer.
    public static func run<Value: Sendable>(
        file: Data, _ body: @escaping @Sendable (CredentialSourceContext) async throws -> Value
    ) -> Result<Value, any Error> {
        let weak = WeakSentinel()
        let result: Result<Value, any Error> = {
            let sentinel = Sentinel()
            weak.value = sentinel
            let context = make(file: file, sentinel: sentinel)
            return SynchronousRun.run { try await body(context) }
        }()
        let deadline = Date().addingTimeInterval(2)
        while weak.value != nil {
            guard Date() < deadline else { fatalError("a credential provider still holds its context two seconds after its answer") }
            usleep(50)
        }
        return result
    }
}
