#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Makes the per-request signature nonce ECS requires (a reused nonce is rejected as `SignatureNonceUsed`).
public enum SignatureNonce {
    /// 128 random bits as 32 lower-case hex digits, from the operating system's cryptographically secure
    /// generator.
    ///
    /// The bits are drawn 256 bytes at a time (`getentropy`, one system call for sixteen nonces) and
    /// each byte is handed out once. A nonce is public (it travels in a header); what matters is that it
    /// is unpredictable and never repeats, which buffering does not change.
    public static func random() -> String {
        pool.next()
    }

    private static let pool = EntropyPool()
}

/// Bytes from the system's secure generator, fetched in blocks and handed out once each.
private final class EntropyPool: @unchecked Sendable {
    // `buffer` and `used` are guarded by `lock`.
    private let lock = NSLock()
    private var buffer = [UInt8](repeating: 0, count: 256)
    private var used = 256

    /// The next 16 bytes, as 32 hex digits.
    func next() -> String {
        lock.lock()
        defer { lock.unlock() }
        if used + 16 > buffer.count { refill() }
        let nonce = buffer.withUnsafeBytes { Hex.string(UnsafeRawBufferPointer(rebasing: $0[used..<(used + 16)])) }
        // Spent bytes are wiped, so a nonce can be read from memory only while it is in use.
        for index in used..<(used + 16) { buffer[index] = 0 }
        used += 16
        return nonce
    }

    private func refill() {
        let filled = buffer.withUnsafeMutableBytes { raw -> Bool in
            #if canImport(Glibc) || canImport(Darwin)
            return getentropy(raw.baseAddress, raw.count) == 0
            #else
            return false
            #endif
        }
        if !filled {
            var generator = SystemRandomNumberGenerator()
            for index in buffer.indices { buffer[index] = generator.next() }
        }
        used = 0
    }
}
