import Foundation

/// Uniform numbers in `0..<1` from a seed (SplitMix64), for the client's retry jitter and the watch's poll
/// jitter: on the virtual clock's single thread the calls come in the same order every run, so the numbers
/// they get do too.
final class SeededUnits: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var state: UInt64
    private var counter: UInt64 = 0

    init(seed: UInt64) {
        state = seed
    }

    func next() -> Double {
        let word: UInt64 = lock.withLock {
            state &+= 0x9E37_79B9_7F4A_7C15
            var value = state
            value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
            value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
            return value ^ (value >> 31)
        }
        return Double(word >> 11) / Double(UInt64(1) << 53)
    }

    /// A counter's next value as text: IDs that only need to differ (nonces, ClientTokens the client makes up).
    func nextIdentifier(prefix: String) -> String {
        let word: UInt64 = lock.withLock {
            counter += 1
            return counter
        }
        return prefix + String(word, radix: 16)
    }
}
