/// SplitMix64: a tiny deterministic generator, so simulated IDs repeat from run to run.
struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }

    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)

    /// `count` lower-case letters and digits.
    mutating func identifier(_ count: Int) -> String {
        // Written as bytes: appending `Character`s one by one costs more than the whole rest of an ID.
        String(unsafeUninitializedCapacity: count) { buffer in
            for index in 0..<count {
                buffer[index] = Self.alphabet[Int(next() % UInt64(Self.alphabet.count))]
            }
            return count
        }
    }

    /// An upper-case UUID-shaped request ID.
    mutating func requestId() -> String {
        // 8-4-4-4-12 hexadecimal digits; the dashes sit at these offsets of the 36 bytes.
        String(unsafeUninitializedCapacity: 36) { buffer in
            for index in 0..<36 {
                if index == 8 || index == 13 || index == 18 || index == 23 {
                    buffer[index] = UInt8(ascii: "-")
                } else {
                    buffer[index] = Self.upperHexDigits[Int(next() % 16)]
                }
            }
            return 36
        }
    }

    private static let upperHexDigits = Array("0123456789ABCDEF".utf8)
}
