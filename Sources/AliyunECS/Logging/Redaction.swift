import Foundation

/// Keeps secrets out of logs, descriptions and error messages.
package enum Redaction {
    /// What a hidden value is replaced with.
    package static let placeholder = "<redacted>"

    /// Query parameters and headers whose values are secrets: they are never logged or echoed. The
    /// request parameters come from the generated model (`Codegen/overlay.json`), lower-cased.
    package static let sensitiveNames: Set<String> = Set(GeneratedActions.secretParameterNames.map { $0.lowercased() }).union([
        "securitytoken", "signature", "accesskeysecret",
        "authorization", "x-acs-security-token", "x-aliyun-ecs-metadata-token",
    ])

    /// `true` when a parameter or header with this name carries a secret. A flattened parameter name
    /// counts by its last part: `NetworkInterface.1.Password` is as secret as `Password`.
    package static func isSensitive(_ name: String) -> Bool {
        // The last non-empty part between dots (the whole name when there is none), found and compared
        // without building a string: this runs for every parameter the simulator records.
        let utf8 = name.utf8
        guard let end = utf8.lastIndex(where: { $0 != UInt8(ascii: ".") }) else { return sensitiveNames.contains(name.lowercased()) }
        let start = utf8[..<end].lastIndex(of: UInt8(ascii: ".")).map(utf8.index(after:)) ?? utf8.startIndex
        let part = utf8[start..<utf8.index(after: end)]
        guard part.allSatisfy({ $0 < 0x80 }) else {
            // Unicode lower-casing can turn a non-ASCII letter into an ASCII one (the Kelvin sign into `k`).
            return sensitiveNames.contains(String(decoding: part, as: UTF8.self).lowercased())
        }
        let candidates = sensitiveASCIINamesByLength
        guard part.count < candidates.count else { return false }
        return candidates[part.count].contains { candidate in
            zip(candidate, part).allSatisfy { expected, byte in
                expected == (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte)
            }
        }
    }

    /// The lower-case ASCII sensitive names as bytes, by their length.
    private static let sensitiveASCIINamesByLength: [[[UInt8]]] = {
        let names = sensitiveNames.map { Array($0.utf8) }
        var byLength = Array(repeating: [[UInt8]](), count: (names.map(\.count).max() ?? 0) + 1)
        for name in names { byLength[name.count].append(name) }
        return byLength
    }()

    /// `value`, or the placeholder when `name` is sensitive.
    package static func value(_ value: String, forName name: String) -> String {
        isSensitive(name) ? placeholder : value
    }

    /// Shows the first and last three characters of an identifier: `LTAI****wxyz` style.
    package static func mask(_ identifier: String) -> String {
        guard identifier.count > 8 else { return String(repeating: "*", count: identifier.count) }
        return identifier.prefix(4) + "****" + identifier.suffix(3)
    }

    /// Replaces every occurrence of the given secrets in `text` with the placeholder.
    ///
    /// Used on text that comes back from a server, which may echo what it was sent (ECS's
    /// `SignatureDoesNotMatch` message quotes its whole string-to-sign, security token included).
    package static func scrub(_ text: String, secrets: [String]) -> String {
        var result = text
        for secret in secrets where secret.count >= 4 {
            result = result.replacingOccurrences(of: secret, with: placeholder)
            let encoded = PercentEncoding.encode(secret)
            if encoded != secret {
                result = result.replacingOccurrences(of: encoded, with: placeholder)
                // The RPC string-to-sign encodes the query twice.
                result = result.replacingOccurrences(of: PercentEncoding.encode(encoded), with: placeholder)
            }
        }
        return result
    }
}
