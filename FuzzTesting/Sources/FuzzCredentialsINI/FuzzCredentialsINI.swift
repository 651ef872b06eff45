import Foundation
import FuzzSupport
@testable import AliyunECS

/// libFuzzer entry point for the shared credentials file, `~/.alibabacloud/credentials` (`INIFile.parse`).
///
/// The input is the file: `CredentialsFileProvider` reads it through a `CredentialSourceContext` whose
/// `readFile` returns the input and whose transport refuses every request (an `ecs_ram_role` section never
/// reaches a network). It checks, and stops the fuzzer with a message naming the difference when one
/// fails:
/// - `INIFile.parse` keeps no section name, key or value with spaces or tabs at either end, nor any line
///   break;
/// - the sections written back as INI (`[name]`, `key = "value"`) parse to the same sections;
/// - the provider's answer is the one the parsed `[default]` section gives by the documented rules (type
///   `access_key` with a non-empty key pair; everything else refused), and a refusal is an
///   `ECSClientError` whose message holds no secret of the file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCredentialsINI(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let file = size == 0 ? Data() : Data(bytes: UnsafeRawPointer(data.unsafelyUnwrapped), count: size)
    let text = String(decoding: file, as: UTF8.self)
    let sections = INIFile.parse(text)
    INIChecks.checkSections(sections, file)
    let outcome = CredentialFuzzContext.run(file: file) { context in
        try await CredentialsFileProvider(context: context).credentials()
    }
    INIChecks.checkProvider(outcome, sections, file)
    return 0
}

enum INIChecks {
    static func mismatch(_ message: String, _ file: Data) -> Never {
        let shown = String(decoding: file.prefix(400), as: UTF8.self).debugDescription
        fatalError("FuzzCredentialsINI mismatch: \(message)\nfile (\(file.count) bytes): \(shown)")
    }

    static func isTrimmed(_ text: String) -> Bool {
        let scalars = text.unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return true }
        return !CharacterSet.whitespaces.contains(first) && !CharacterSet.whitespaces.contains(last)
    }

    static func checkSections(_ sections: [String: [String: String]], _ file: Data) {
        for (name, entries) in sections {
            guard isTrimmed(name) else { mismatch("the section name \(name.debugDescription) keeps spaces at an end", file) }
            for key in entries.keys where !isTrimmed(key) {
                mismatch("the key \(key.debugDescription) keeps spaces at an end", file)
            }
            // A value keeps what a pair of quotes held, spaces included; no text holds a line break.
            for text in [name] + entries.keys + entries.values where text.contains(where: \.isNewline) {
                mismatch("\(text.debugDescription) holds a line break", file)
            }
        }
        let written = sections.sorted { $0.key < $1.key }.map { name, entries in
            "[\(name)]\n" + entries.sorted { $0.key < $1.key }.map { "\($0.key) = \"\($0.value)\"\n" }.joined()
        }.joined()
        let again = INIFile.parse(written)
        guard again == sections else {
            mismatch("the sections written back as\n\(written)\nparse to other sections: \(again)", file)
        }
    }

    /// Every fixed word of the provider's refusals: a "secret" that is part of them (`access_key`) proves nothing.
    static let refusalWording = """
        no credentials file at /nonexistent-fuzz-home/.alibabacloud/credentials; the credentials file has no \
        section [default]; section [ ] of lacks access_key_id or access_key_secret; has type , which this SDK \
        does not support yet
        """

    static func checkProvider(_ outcome: Result<ECSCredentials, any Error>, _ sections: [String: [String: String]], _ file: Data) {
        let section = sections["default"]
        var expected: ECSCredentials?
        if let section, (section["type"] ?? "access_key") == "access_key",
           let id = section["access_key_id"], !id.isEmpty, let secret = section["access_key_secret"], !secret.isEmpty {
            expected = ECSCredentials(accessKeyId: id, accessKeySecret: secret)
        }
        switch (outcome, expected) {
        case (.success(let ours), let expected?):
            guard ours == expected else { mismatch("the provider gives \(ours.accessKeyId), the section \(expected.accessKeyId)", file) }
        case (.success(let ours), nil):
            mismatch("the provider gives credentials (\(ours.accessKeyId)) where the rules refuse", file)
        case (.failure(let error), let expected?):
            mismatch("the provider refuses (\(error)) where the section gives \(expected.accessKeyId)", file)
        case (.failure(let error), nil):
            guard error is ECSClientError else {
                mismatch("the provider threw a \(type(of: error)), not an ECSClientError: \(error)", file)
            }
            let message = "\(error)"
            let names = Set(sections.keys).union(sections.values.flatMap { [$0["type"] ?? ""] })
            for entries in sections.values {
                guard let secret = entries["access_key_secret"], secret.count >= 8,
                      !names.contains(where: { $0.containsBytes(of: secret) }), !refusalWording.containsBytes(of: secret) else { continue }
                guard !message.containsBytes(of: secret) else { mismatch("a refusal names a secret of the file: \(message)", file) }
            }
        }
    }
}
