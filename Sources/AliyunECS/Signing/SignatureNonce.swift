#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Makes the per-request signature nonce ECS requires (a reused nonce is rejected as `SignatureNonceUsed`).
public enum SignatureNonce {
    /// 128 random bits as 32 lower-case hex digits, from the operating system's cryptographically secure
    /// generator (`getentropy`: one system call for all 16 bytes).
    public static func random() -> String {
        var bytes = (UInt64(0), UInt64(0))
        let filled = withUnsafeMutableBytes(of: &bytes) { buffer -> Bool in
            #if canImport(Glibc) || canImport(Darwin)
            return getentropy(buffer.baseAddress, buffer.count) == 0
            #else
            return false
            #endif
        }
        if !filled {
            var generator = SystemRandomNumberGenerator()
            bytes = (generator.next(), generator.next())
        }
        return withUnsafeBytes(of: bytes) { Hex.string($0) }
    }
}
