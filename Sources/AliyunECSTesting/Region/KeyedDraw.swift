import Foundation

/// Random numbers drawn from a seed and a key (an instance ID, a request, a time) instead of from a
/// sequence, so that what a call or an image draws does not depend on which of two simultaneous tasks
/// asked first, and is the same in every process (Swift's own `Hasher` is seeded per process).
package struct KeyedDraw: Sendable, Hashable {
    package let seed: UInt64

    package init(seed: UInt64) {
        self.seed = seed
    }

    /// FNV-1a over bytes, fed piece by piece: a key made of parts without building it as text.
    package struct Hash {
        private(set) var state: UInt64 = 0xCBF2_9CE4_8422_2325

        package init() {}

        package mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) {
            for byte in bytes { state = (state ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            state = (state ^ 0xFF) &* 0x0000_0100_0000_01B3   // a separator, so "ab","c" differs from "a","bc"
        }

        package mutating func add(_ text: String) {
            var text = text
            text.withUTF8 { add($0) }
        }

        package mutating func add(_ word: UInt64) {
            withUnsafeBytes(of: word.littleEndian) { add($0.bindMemory(to: UInt8.self)) }
        }

        /// The hash, its bits spread by SplitMix64's finalizer (FNV-1a's low bits are weak).
        package var value: UInt64 {
            var hash = state
            hash = (hash ^ (hash >> 30)) &* 0xBF58_476D_1CE4_E5B9
            hash = (hash ^ (hash >> 27)) &* 0x94D0_49BB_1331_11EB
            return hash ^ (hash >> 31)
        }
    }

    /// A uniform number in `0..<1` for `key`.
    package func unit(_ key: String) -> Double {
        var hash = Hash()
        hash.add(seed)
        hash.add(key)
        return Double(hash.value >> 11) / Double(UInt64(1) << 53)
    }

    /// A log-normal factor with median 1 and shape `sigma` (0 gives exactly 1), for `key`.
    package func spread(_ sigma: Double, _ key: String) -> Double {
        guard sigma > 0 else { return 1 }
        return exp(sigma * Self.standardNormal(unit(key)))
    }

    /// The standard normal quantile of `p` (Acklam's rational approximation, relative error below 1.2e-9).
    package static func standardNormal(_ p: Double) -> Double {
        let p = min(max(p, 1e-12), 1 - 1e-12)
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let low = 0.02425
        if p < low {
            let q = (-2 * log(p)).squareRoot()
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        if p > 1 - low {
            let q = (-2 * log(1 - p)).squareRoot()
            return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        let q = p - 0.5
        let r = q * q
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    }
}
