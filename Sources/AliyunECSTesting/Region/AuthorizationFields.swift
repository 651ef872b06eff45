import Foundation

/// The fields of an ACS3 `Authorization` header that the region checks, read in one pass.
///
/// The header after the algorithm name is a comma-separated list of `name=value` fields. Leading `=` of a
/// field are skipped, a field without both a name and a value is ignored, names are compared without
/// surrounding whitespace, and the last of a repeated name wins.
struct AuthorizationFields {
    /// The AccessKey ID (`Credential`).
    var credential: String?
    /// The signed header names, `;`-separated (`SignedHeaders`).
    var signedHeaders: String?
    /// The hex signature (`Signature`).
    var signature: String?

    /// Reads the fields from the header's bytes after `ACS3-HMAC-SHA256 `.
    init(_ fields: Substring.UTF8View) {
        var rest = fields[...]
        while !rest.isEmpty {
            let comma = rest.firstIndex(of: UInt8(ascii: ",")) ?? rest.endIndex
            read(rest[rest.startIndex..<comma])
            rest = comma == rest.endIndex ? rest[comma...] : rest[rest.index(after: comma)...]
        }
    }

    private mutating func read(_ field: Substring.UTF8View) {
        let part = field.drop { $0 == UInt8(ascii: "=") }
        guard let equals = part.firstIndex(of: UInt8(ascii: "=")), part.index(after: equals) != part.endIndex else { return }
        let value = String(Substring(part[part.index(after: equals)...]))
        switch Self.trimmed(part[..<equals]) {
        case "Credential": credential = value
        case "SignedHeaders": signedHeaders = value
        case "Signature": signature = value
        default: break
        }
    }

    /// `name` without surrounding whitespace; most names have none, and trimming with a `CharacterSet`
    /// costs more than the rest of reading the header.
    private static func trimmed(_ name: Substring.UTF8View) -> Substring {
        func isPlainASCII(_ byte: UInt8?) -> Bool {
            guard let byte else { return false }
            return byte > 0x20 && byte < 0x7F
        }
        guard isPlainASCII(name.first), isPlainASCII(name.last) else {
            return Substring(Substring(name).trimmingCharacters(in: .whitespaces))
        }
        return Substring(name)
    }
}
