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

    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")

    /// `count` lower-case letters and digits.
    mutating func identifier(_ count: Int) -> String {
        var text = ""
        for _ in 0..<count {
            text.append(Self.alphabet[Int(next() % UInt64(Self.alphabet.count))])
        }
        return text
    }

    /// An upper-case UUID-shaped request ID.
    mutating func requestId() -> String {
        let hex = Array("0123456789ABCDEF")
        var text = ""
        for (index, length) in [8, 4, 4, 4, 12].enumerated() {
            if index > 0 { text.append("-") }
            for _ in 0..<length { text.append(hex[Int(next() % 16)]) }
        }
        return text
    }
}
