import Testing
@testable import AliyunECS
@testable import AliyunECSTesting

/// Every signed byte goes through percent-encoding and the fixed-buffer writer: a slip in either breaks
/// signatures for some values only, so both are checked byte by byte against plain definitions.
@Suite("Percent-encoding and byte writing")
struct PercentEncodingTests {
    /// RFC 3986 unreserved characters, spelled out.
    private static let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~".utf8)

    /// The definition: every byte outside the unreserved set becomes `%XX` (upper-case hex).
    private static func reference(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            if unreserved.contains(byte) {
                output.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let digits = Array("0123456789ABCDEF")
                output += "%" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
            }
        }
        return output
    }

    @Test("The eight-byte test agrees with the one-byte test for every byte value in every position")
    func wordTestMatchesByteTest() {
        var random = SeededGenerator(seed: 7)
        for position in 0..<8 {
            for value in 0...255 {
                for _ in 0..<4 {
                    var bytes = (0..<8).map { _ in UInt8.random(in: 0...255, using: &random) }
                    bytes[position] = UInt8(value)
                    let word = bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
                    let flags = PercentEncoding.unreservedFlags(word)
                    for (offset, byte) in bytes.enumerated() {
                        let flagged = (flags >> (8 * UInt64(offset) + 7)) & 1 == 1
                        #expect(flagged == Self.unreserved.contains(byte), "byte \(byte) at \(offset)")
                    }
                    #expect(flags & ~0x8080_8080_8080_8080 == 0)
                }
            }
        }
    }

    @Test("Encoding matches the definition for mixed text of every length")
    func encodingMatchesDefinition() {
        var random = SeededGenerator(seed: 11)
        let alphabet = Array("aZ09-_.~ *+/%&=?#中é😀\u{7F}\u{0}!'()") + Array(repeating: "x", count: 30)
        for length in 0..<70 {
            for _ in 0..<40 {
                let text = String((0..<length).map { _ in alphabet.randomElement(using: &random) ?? "x" })
                #expect(PercentEncoding.encode(text) == Self.reference(text), "\(text.debugDescription)")
            }
        }
    }

    @Test("Known values", arguments: [
        ("web server*~+/", "web%20server%2A~%2B%2F"), ("中文", "%E4%B8%AD%E6%96%87"), ("prod test", "prod%20test"),
        ("ecs.g7.large-with_all~unreserved0123456789", "ecs.g7.large-with_all~unreserved0123456789"), ("", ""),
    ])
    func knownValues(text: String, encoded: String) {
        #expect(PercentEncoding.encode(text) == encoded)
    }

    @Test("The fixed-buffer writer copies pieces of every length exactly, at every offset")
    func boundedSinkCopiesExactly() {
        let source = (0..<64).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 5) }
        for offset in 0..<9 {
            for length in 0...source.count {
                var storage = [UInt8](repeating: 0xEE, count: offset + length + 8)
                let written = storage.withUnsafeMutableBufferPointer { buffer -> Int in
                    var sink = BoundedByteSink(UnsafeMutableBufferPointer(rebasing: buffer[..<(offset + length)]))
                    for _ in 0..<offset { sink.append(0xAA) }
                    source.withUnsafeBufferPointer { sink.append(contentsOf: UnsafeBufferPointer(rebasing: $0[..<length])) }
                    #expect(!sink.overflowed)
                    return sink.count
                }
                #expect(written == offset + length)
                #expect(Array(storage[..<offset]) == Array(repeating: 0xAA, count: offset))
                #expect(Array(storage[offset..<(offset + length)]) == Array(source[..<length]), "length \(length) at \(offset)")
                #expect(Array(storage[(offset + length)...]) == Array(repeating: 0xEE, count: 8), "nothing written past the end")
            }
        }
    }

    @Test("The fixed-buffer writer drops what does not fit and says so")
    func boundedSinkOverflow() {
        var storage = [UInt8](repeating: 0, count: 4)
        storage.withUnsafeMutableBufferPointer { buffer in
            var sink = BoundedByteSink(buffer)
            [UInt8](repeating: 1, count: 5).withUnsafeBufferPointer { sink.append(contentsOf: $0) }
            #expect(sink.overflowed)
            #expect(sink.count == 0)
        }
    }
}
