@testable import AliyunECS

/// libFuzzer entry point for RFC 3986 percent-encoding (eight bytes at a time) and percent-decoding.
///
/// It checks, and stops the fuzzer with a message naming the difference when one fails:
/// - encoding any bytes (valid UTF-8 or not) gives exactly the definition: unreserved bytes as they are,
///   every other byte `%XX` in upper-case hex, both through an array and through the fixed-buffer
///   `BoundedByteSink` (which reports an overflow exactly when the result does not fit its buffer);
/// - decoding what we encoded gives the text back (the round trip is the identity), with `+` read as a
///   space or not;
/// - decoding the input itself matches a byte-by-byte definition (`%XX` with hex digits of either case,
///   `+` as a space when asked, `nil` for a truncated or non-hex escape or for invalid UTF-8), and what it
///   decodes to encodes and decodes back to itself.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPercentEncoding(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    PercentChecks.checkEncoding(bytes)
    let text = String(decoding: bytes, as: UTF8.self)
    PercentChecks.checkEncoding(Array(text.utf8))
    PercentChecks.checkRoundTrip(text)
    PercentChecks.checkDecoding(text)
    PercentChecks.checkDecoding(Substring(text).dropFirst())
    return 0
}

enum PercentChecks {
    static func mismatch(_ message: String, _ input: [UInt8]) -> Never {
        let shown = String(decoding: input.prefix(300), as: UTF8.self).debugDescription
        fatalError("FuzzPercentEncoding mismatch: \(message)\ninput (\(input.count) bytes): \(shown)")
    }

    static let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~".utf8)
    static let upperHex = Array("0123456789ABCDEF".utf8)

    /// The definition of the encoding, one byte at a time.
    static func reference(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        for byte in bytes {
            if unreserved.contains(byte) {
                output.append(byte)
            } else {
                output += [UInt8(ascii: "%"), upperHex[Int(byte >> 4)], upperHex[Int(byte & 0x0F)]]
            }
        }
        return output
    }

    static func checkEncoding(_ bytes: [UInt8]) {
        let expected = reference(bytes)
        var ours: [UInt8] = []
        bytes.withUnsafeBufferPointer { PercentEncoding.append(bytes: $0, to: &ours) }
        guard ours == expected else {
            mismatch("encoding gives \(String(decoding: ours, as: UTF8.self)), the definition \(String(decoding: expected, as: UTF8.self))", bytes)
        }
        // The fixed-buffer writer, with room for all of it, then for a little less.
        for capacity in Set([expected.count, max(0, expected.count - 1), expected.count / 2]) {
            let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(capacity, 1))
            defer { buffer.deallocate() }
            var sink = BoundedByteSink(UnsafeMutableBufferPointer(rebasing: buffer[..<capacity]))
            bytes.withUnsafeBufferPointer { PercentEncoding.append(bytes: $0, to: &sink) }
            if capacity >= expected.count {
                guard !sink.overflowed, sink.count == expected.count, Array(buffer[..<sink.count]) == expected else {
                    mismatch("the fixed-buffer writer with room for \(capacity) bytes wrote \(sink.count) (overflowed: \(sink.overflowed))", bytes)
                }
            } else {
                guard sink.overflowed, sink.count <= capacity else {
                    mismatch("the fixed-buffer writer with room for \(capacity) of \(expected.count) bytes did not report the overflow", bytes)
                }
            }
        }
    }

    static func checkRoundTrip(_ text: String) {
        let encoded = PercentEncoding.encode(text)
        for plusAsSpace in [false, true] {
            guard let decoded = PercentEncoding.decode(encoded, plusAsSpace: plusAsSpace) else {
                mismatch("what we encoded (\(encoded)) does not decode (plusAsSpace: \(plusAsSpace))", Array(text.utf8))
            }
            guard Array(decoded.utf8) == Array(text.utf8) else {
                mismatch("encoding then decoding gives \(decoded.debugDescription), not the text (plusAsSpace: \(plusAsSpace))", Array(text.utf8))
            }
        }
    }

    /// The definition of decoding: `nil` for a bad escape or a result that is not UTF-8.
    static func referenceDecode(_ bytes: [UInt8], plusAsSpace: Bool) -> String? {
        var output: [UInt8] = []
        var index = 0
        func hex(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            default: nil
            }
        }
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "%"):
                guard index + 2 < bytes.count, let high = hex(bytes[index + 1]), let low = hex(bytes[index + 2]) else { return nil }
                output.append(high << 4 | low)
                index += 3
            case UInt8(ascii: "+") where plusAsSpace:
                output.append(UInt8(ascii: " "))
                index += 1
            case let byte:
                output.append(byte)
                index += 1
            }
        }
        return String(validating: output, as: UTF8.self)
    }

    static func checkDecoding(_ text: some StringProtocol) {
        let bytes = Array(text.utf8)
        for plusAsSpace in [false, true] {
            let ours = PercentEncoding.decode(text, plusAsSpace: plusAsSpace)
            let expected = referenceDecode(bytes, plusAsSpace: plusAsSpace)
            guard ours.map({ Array($0.utf8) }) == expected.map({ Array($0.utf8) }) else {
                mismatch("decoding (plusAsSpace: \(plusAsSpace)) gives \(ours.debugDescription), the definition \(expected.debugDescription)", bytes)
            }
            if let ours { checkRoundTrip(ours) }
        }
    }
}
