import Foundation
@testable import AliyunECS

/// libFuzzer entry point for the Alibaba Cloud CLI's profile file, `~/.aliyun/config.json`.
///
/// The input is the file: `CLIProfileCredentialProvider` reads it through a `CredentialSourceContext`
/// whose `readFile` returns the input and whose transport refuses every request (an `EcsRamRole` profile
/// never reaches a network). It checks, and stops the fuzzer with a message naming the difference when
/// one fails:
/// - the provider gives credentials or an `ECSClientError`, never anything else;
/// - where Foundation reads the file in the plain shape the CLI writes (strings or `null` in every field
///   we read, `profiles` an array of objects, no duplicate keys), the provider's answer is the one the
///   documented rules give: the profile `current` names (else `default`), mode `AK` or `StsToken` with a
///   non-empty key pair (and token), everything else refused;
/// - no refusal's message contains a secret of the file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCLIConfig(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let file = size == 0 ? Data() : Data(bytes: UnsafeRawPointer(data.unsafelyUnwrapped), count: size)
    let outcome = FuzzContext.run(file: file) { context in
        try await CLIProfileCredentialProvider(context: context).credentials()
    }
    CLIConfigChecks.check(outcome, file)
    return 0
}

enum CLIConfigChecks {
    static func mismatch(_ message: String, _ file: Data) -> Never {
        let shown = String(decoding: file.prefix(400), as: UTF8.self).debugDescription
        fatalError("FuzzCLIConfig mismatch: \(message)\nfile (\(file.count) bytes): \(shown)")
    }

    static func check(_ outcome: Result<ECSCredentials, any Error>, _ file: Data) {
        if case .failure(let error) = outcome, !(error is ECSClientError) {
            mismatch("the provider threw a \(type(of: error)), not an ECSClientError: \(error)", file)
        }
        guard let plain = PlainConfig(file) else {
            return
        }
        if case .failure(let error) = outcome {
            let message = "\(error)"
            for secret in plain.secrets where message.contains(secret) {
                mismatch("a refusal names a secret of the file: \(message)", file)
            }
        }
        let expected = plain.expectedCredentials
        switch (outcome, expected) {
        case (.success(let ours), let expected?):
            guard ours == expected else { mismatch("the provider gives \(ours.accessKeyId), the rules \(expected.accessKeyId)", file) }
        case (.failure, nil):
            break
        case (.success(let ours), nil):
            mismatch("the provider gives credentials (\(ours.accessKeyId)) where the rules refuse", file)
        case (.failure(let error), let expected?):
            mismatch("the provider refuses (\(error)) where the rules give \(expected.accessKeyId)", file)
        }
    }

    /// The file as Foundation reads it, when it has the plain shape the CLI writes.
    struct PlainConfig {
        struct Profile {
            var fields: [String: String]
        }

        var current: String?
        var profiles: [Profile]

        init?(_ file: Data) {
            // The parser's own differences from Foundation (trailing commas, duplicate keys, …) are
            // FuzzJSON's business: here only files both read the same way set an expectation.
            // Foundation also drops a raw U+FEFF that starts a string (or follows an escape in one), where
            // we keep it (see FuzzJSON): a file with one after its start sets no expectation either.
            guard !Self.hasByteOrderMarkAfterStart(file),
                  DuplicateKeys.parsesWithoutDuplicates(file),
                  let root = try? JSONSerialization.jsonObject(with: file) as? [String: Any] else { return nil }
            func plainString(_ value: Any?) -> (ok: Bool, value: String?) {
                switch value {
                case nil, is NSNull: (true, nil)
                case let text as String: (true, text)
                default: (false, nil)
                }
            }
            let current = plainString(root["current"])
            guard current.ok else { return nil }
            self.current = current.value
            switch root["profiles"] {
            case nil, is NSNull:
                profiles = []
            case let list as [Any]:
                var profiles: [Profile] = []
                for element in list {
                    guard let object = element as? [String: Any] else { return nil }
                    var fields: [String: String] = [:]
                    for key in ["name", "mode", "access_key_id", "access_key_secret", "sts_token", "ram_role_name"] {
                        let field = plainString(object[key])
                        guard field.ok else { return nil }
                        fields[key] = field.value
                    }
                    // `name` is required: a profile without one makes the whole file invalid.
                    guard fields["name"] != nil else {
                        self.profiles = []
                        self.current = "\u{0}no profile can match"
                        return
                    }
                    profiles.append(Profile(fields: fields))
                }
                self.profiles = profiles
            default:
                return nil
            }
        }

        /// Every fixed word of the provider's refusals: a "secret" that is part of them proves nothing.
        static let refusalWording = """
            no CLI profile file at /nonexistent-fuzz-home/.aliyun/config.json; the CLI profile file is not valid; \
            has no profile default; CLI profile lacks access_key_id or access_key_secret; is StsToken mode but \
            has no sts_token; uses mode , which this SDK does not support yet
            """

        /// Whether the UTF-8 byte order mark (EF BB BF) occurs after the file's first byte.
        static func hasByteOrderMarkAfterStart(_ file: Data) -> Bool {
            let bytes = [UInt8](file)
            guard bytes.count >= 4 else { return false }
            return (1...(bytes.count - 3)).contains { bytes[$0] == 0xEF && bytes[$0 + 1] == 0xBB && bytes[$0 + 2] == 0xBF }
        }

        /// The secrets the file holds that are long enough not to occur in a message by chance.
        var secrets: [String] {
            let names = Set(profiles.flatMap { [$0.fields["name"], $0.fields["mode"]] }.compactMap { $0 } + [current ?? ""])
            return profiles.flatMap { [$0.fields["access_key_secret"], $0.fields["sts_token"]] }
                .compactMap { $0 }
                .filter { secret in secret.count >= 8 && !names.contains { $0.contains(secret) } && !Self.refusalWording.contains(secret) }
        }

        /// What the documented rules give, or `nil` for a refusal.
        var expectedCredentials: ECSCredentials? {
            let wanted = current ?? "default"
            guard let profile = profiles.first(where: { $0.fields["name"] == wanted }) else { return nil }
            let mode = profile.fields["mode"] ?? "AK"
            guard mode == "AK" || mode == "StsToken",
                  let id = profile.fields["access_key_id"], !id.isEmpty,
                  let secret = profile.fields["access_key_secret"], !secret.isEmpty else { return nil }
            if mode == "AK" { return ECSCredentials(accessKeyId: id, accessKeySecret: secret) }
            guard let token = profile.fields["sts_token"], !token.isEmpty else { return nil }
            return ECSCredentials(accessKeyId: id, accessKeySecret: secret, securityToken: token)
        }
    }
}

/// Whether our parser reads the document and finds no object with two equal keys (Foundation keeps the
/// last of them, our decoder the first, as documented).
enum DuplicateKeys {
    static func parsesWithoutDuplicates(_ file: Data) -> Bool {
        file.withUnsafeBytes { raw in
            guard let document = try? JSONDocument(borrowing: raw) else { return false }
            let count = Int(document.node(0).end)
            for index in 0..<count where document.node(index).kind == .object {
                var seen = Set<String>()
                var cursor = index + 1
                for _ in 0..<document.node(index).length {
                    guard seen.insert(document.string(cursor)).inserted else { return false }
                    cursor = Int(document.node(cursor + 1).end)
                }
            }
            return true
        }
    }
}

/// A context that reads the input as every file and never reaches a network.
enum FuzzContext {
    struct NetworkRefused: Error {}

    /// The clock the cache reads: fixed, and it never waits.
    struct FixedClock: ECSClock {
        var now: Date { Date(timeIntervalSince1970: 1_795_132_800) }
        func sleep(for duration: Duration) async throws {}
    }

    /// Lives exactly as long as the context that holds it.
    final class Sentinel: Sendable {}

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

    final class Box<Value>: @unchecked Sendable {
        var value: Value?
    }

    final class WeakSentinel: @unchecked Sendable {
        weak var value: Sentinel?
    }

    /// Runs `body` with a context that reads `file`, to completion, from the fuzzer's synchronous entry
    /// point; then waits until the provider and its context are gone. The task ends on another thread just
    /// after it hands back its result, and libFuzzer's leak check, run as the entry point returns, would
    /// otherwise catch the file still held by a task in its last instructions. A context still alive after
    /// two seconds is a real leak, and stops the fuzzer.
    static func run<Value: Sendable>(
        file: Data, _ body: @escaping @Sendable (CredentialSourceContext) async throws -> Value
    ) -> Result<Value, any Error> {
        let weak = WeakSentinel()
        let result: Result<Value, any Error> = {
            let sentinel = Sentinel()
            weak.value = sentinel
            let context = make(file: file, sentinel: sentinel)
            return run { try await body(context) }
        }()
        let deadline = Date().addingTimeInterval(2)
        while weak.value != nil {
            guard Date() < deadline else { fatalError("a credential provider still holds its context two seconds after its answer") }
            usleep(50)
        }
        return result
    }

    /// Runs `body` to completion from the fuzzer's synchronous entry point.
    static func run<Value: Sendable>(_ body: @escaping @Sendable () async throws -> Value) -> Result<Value, any Error> {
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
        return box.value ?? .failure(NetworkRefused())
    }
}
