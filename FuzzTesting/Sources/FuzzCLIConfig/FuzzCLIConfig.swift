import Foundation
import FuzzSupport
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
    let outcome = CredentialFuzzContext.run(file: file) { context in
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
            for secret in plain.secrets where message.containsBytes(of: secret) {
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
                  OurJSONReading.shape(of: file).map({ !$0.hasDuplicateKeys }) ?? false,
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
                .filter { secret in secret.count >= 8 && !names.contains { $0.containsBytes(of: secret) } && !Self.refusalWording.containsBytes(of: secret) }
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
