import Foundation

/// RFC 3986 percent-encoding as both ECS signatures and the wire require it.
///
/// UTF-8, with only `A-Z a-z 0-9 - _ . ~` left literal: a space is `%20` (never `+`), `*` is `%2A`
/// and `~` stays `~`. Hex digits are upper case.
public enum PercentEncoding {
    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// `true` for the bytes RFC 3986 calls unreserved.
    @inline(__always)
    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
             UInt8(ascii: "."), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    /// Percent-encodes `text`.
    public static func encode(_ text: String) -> String {
        var output: [UInt8] = []
        append(text, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends the percent-encoded form of `text` to `output`.
    static func append(_ text: String, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { append(bytes: $0, to: &output) }
    }

    /// Appends the percent-encoded form of `bytes` to `output`.
    static func append(bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        // Most values (IDs, names, numbers) need no escaping at all: copy them in one go.
        if bytes.allSatisfy(isUnreserved) {
            output.append(contentsOf: bytes)
            return
        }
        output.reserveCapacity(output.count + bytes.count * 3)
        for byte in bytes {
            if isUnreserved(byte) {
                output.append(byte)
            } else {
                output.append(UInt8(ascii: "%"))
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0F)])
            }
        }
    }

    /// Appends the percent-encoded form of bytes that are themselves already percent-encoded text
    /// (the RPC string-to-sign encodes the canonical query a second time).
    static func appendEncoded(_ bytes: [UInt8], to output: inout [UInt8]) {
        bytes.withUnsafeBufferPointer { append(bytes: $0, to: &output) }
    }

    /// Decodes `%XX` sequences (and, leniently, `+` as a space, which form-encoding clients send).
    public static func decode(_ text: some StringProtocol, plusAsSpace: Bool = true) -> String? {
        if !text.utf8.contains(where: { $0 == UInt8(ascii: "%") || (plusAsSpace && $0 == UInt8(ascii: "+")) }) {
            return String(text)
        }
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(JSONText.hexValue),
                      let low = iterator.next().flatMap(JSONText.hexValue) else { return nil }
                output.append(UInt8(high << 4 | low))
            case UInt8(ascii: "+") where plusAsSpace:
                output.append(UInt8(ascii: " "))
            default:
                output.append(byte)
            }
        }
        return String(validating: output, as: UTF8.self)
    }
}

/// Lower-case hexadecimal rendering of digests.
enum Hex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    static func string(_ bytes: some ContiguousBytes) -> String {
        bytes.withUnsafeBytes { raw in
            String(unsafeUninitializedCapacity: raw.count * 2) { buffer in
                for (offset, byte) in raw.enumerated() {
                    buffer[2 * offset] = digits[Int(byte >> 4)]
                    buffer[2 * offset + 1] = digits[Int(byte & 0x0F)]
                }
                return raw.count * 2
            }
        }
    }
}
