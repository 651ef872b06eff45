import Foundation

/// RFC 3986 percent-encoding as both ECS signatures and the wire require it.
///
/// UTF-8, with only `A-Z a-z 0-9 - _ . ~` left literal: a space is `%20` (never `+`), `*` is `%2A`
/// and `~` stays `~`. Hex digits are upper case.
package enum PercentEncoding {
    /// `true` for the bytes RFC 3986 calls unreserved.
    @inline(__always)
    static func isUnreserved(_ byte: UInt8) -> Bool {
        // One bit per byte value: bit n of `low` is byte n, bit n of `high` is byte 64 + n; no byte
        // of 128 or more is unreserved. `low` holds `-` `.` `0`…`9`; `high` holds `A`…`Z` `_` `a`…`z` `~`.
        let low: UInt64 = 0x03FF_6000_0000_0000
        let high: UInt64 = 0x47FF_FFFE_87FF_FFFE
        let word = byte < 64 ? low : (byte < 128 ? high : 0)
        return (word >> UInt64(byte & 63)) & 1 == 1
    }

    /// Percent-encodes `text`.
    package static func encode(_ text: String) -> String {
        var output: [UInt8] = []
        append(text, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends the percent-encoded form of `text` to `output`.
    @inline(__always)
    static func append(_ text: String, to output: inout some ByteSink) {
        text.withUTF8Bytes { append(bytes: $0, to: &output) }
    }

    /// Appends the percent-encoded form of `bytes` to `output`.
    static func append(bytes: UnsafeBufferPointer<UInt8>, to output: inout some ByteSink) {
        guard let base = bytes.baseAddress else { return }
        // Runs of unreserved bytes (most values are one run: IDs, names, numbers) are copied in one go;
        // they are found eight bytes at a time.
        var runStart = 0
        var index = 0
        while index < bytes.count {
            if bytes.count - index >= 8 {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                let reserved = ~unreservedFlags(word) & highBits
                if reserved == 0 {
                    index += 8
                    continue
                }
                // Skip the unreserved bytes before the first one that needs encoding.
                index += reserved.trailingZeroBitCount / 8
            }
            let byte = bytes[index]
            index += 1
            if isUnreserved(byte) { continue }
            if runStart < index - 1 {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<(index - 1)]))
            }
            output.append(UInt8(ascii: "%"))
            output.append(upperHexDigit(byte >> 4))
            output.append(upperHexDigit(byte & 0x0F))
            runStart = index
        }
        if runStart < bytes.count {
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
    }

    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Bit 7 of each byte of the result is set when that byte of `word` is unreserved, and every other
    /// bit is clear: ``isUnreserved(_:)`` for eight bytes at once.
    @inline(__always)
    static func unreservedFlags(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        // With bit 7 cleared, each byte is at most 0x7F, so adding at most 0x80 never carries into the
        // next byte: bit 7 of `byte + (0x80 - low)` says `byte >= low`, and bit 7 of
        // `byte + (0x7F - high)` says `byte > high`.
        let ascii = word & ~highBits
        @inline(__always)
        func within(_ low: UInt8, _ high: UInt8) -> UInt64 {
            (ascii &+ ones &* UInt64(0x80 - low)) & ~(ascii &+ ones &* UInt64(0x7F - high))
        }
        let matched = within(0x30, 0x39) | within(0x41, 0x5A) | within(0x61, 0x7A)
            | within(0x2D, 0x2E) | within(0x5F, 0x5F) | within(0x7E, 0x7E)
        // A byte of 0x80 or more is never unreserved.
        return matched & ~word & highBits
    }

    @inline(__always)
    private static func upperHexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "A") - 10 + nibble
    }

    /// Appends the percent-encoded form of bytes that are themselves already percent-encoded text
    /// (the RPC string-to-sign encodes the canonical query a second time).
    static func appendEncoded(_ bytes: [UInt8], to output: inout [UInt8]) {
        bytes.withUnsafeBufferPointer { append(bytes: $0, to: &output) }
    }

    /// Decodes `%XX` sequences (and, leniently, `+` as a space, which form-encoding clients send).
    package static func decode(_ text: some StringProtocol, plusAsSpace: Bool = true) -> String? {
        if let decoded = text.utf8.withContiguousStorageIfAvailable({ decode(utf8: $0, plusAsSpace: plusAsSpace) }) {
            return decoded
        }
        return Array(text.utf8).withUnsafeBufferPointer { decode(utf8: $0, plusAsSpace: plusAsSpace) }
    }

    /// Decodes `%XX` sequences in UTF-8 text (and, leniently, `+` as a space); `nil` when a `%` is not
    /// followed by two hex digits or the result is not UTF-8.
    package static func decode(utf8 text: UnsafeBufferPointer<UInt8>, plusAsSpace: Bool = true) -> String? {
        if !text.contains(where: { $0 == UInt8(ascii: "%") || (plusAsSpace && $0 == UInt8(ascii: "+")) }) {
            return String(decoding: text, as: UTF8.self)
        }
        var output: [UInt8] = []
        output.reserveCapacity(text.count)
        var iterator = text.makeIterator()
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

    /// Passes the hex digits of `bytes` to `body` without making a `String` (at most 64 bytes).
    static func withDigits<Result>(of bytes: some ContiguousBytes, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        bytes.withUnsafeBytes { raw in
            var digits = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0),
                          UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
            return withUnsafeMutableBytes(of: &digits) { buffer in
                let count = write(UnsafeRawBufferPointer(rebasing: raw.prefix(buffer.count / 2)), into: buffer)
                return body(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
            }
        }
    }

    static func string(_ bytes: some ContiguousBytes) -> String {
        bytes.withUnsafeBytes { raw in
            String(unsafeUninitializedCapacity: raw.count * 2) { write(raw, into: UnsafeMutableRawBufferPointer($0)) }
        }
    }

    /// Writes two digits per byte of `raw` at the start of `output` (which has room) and returns how many.
    private static func write(_ raw: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> Int {
        for (offset, byte) in raw.enumerated() {
            output[2 * offset] = digits[Int(byte >> 4)]
            output[2 * offset + 1] = digits[Int(byte & 0x0F)]
        }
        return raw.count * 2
    }
}
