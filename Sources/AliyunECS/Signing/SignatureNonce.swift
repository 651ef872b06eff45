/// Makes the per-request signature nonce ECS requires (a reused nonce is rejected as `SignatureNonceUsed`).
public enum SignatureNonce {
    /// 128 random bits as 32 lower-case hex digits, from the system's cryptographically secure generator.
    public static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        return Hex.string(withUnsafeBytes(of: (high.bigEndian, low.bigEndian)) { Array($0) })
    }
}
