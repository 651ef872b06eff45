import Crypto

/// Makes ClientTokens for idempotent calls.
public enum ClientToken {
    /// A fresh random token in UUID form (version 4, lower case), the client's default for a call whose
    /// caller gave none.
    ///
    /// Its 122 random bits come from the same buffered secure source as ``SignatureNonce/random()``: on
    /// Linux, Foundation's `UUID()` opens, reads and closes `/dev/urandom` for every token.
    /// - Returns: 36 characters such as `1b4e28ba-2fa1-4d2b-a83f-0a1b2c3d4e5f`.
    public static func random() -> String {
        var hex = Array(SignatureNonce.random().utf8)
        hex[12] = UInt8(ascii: "4")
        // The variant: the first hex digit of the fourth group is 8, 9, a or b.
        let variant = (hex[16] &- (hex[16] >= UInt8(ascii: "a") ? UInt8(ascii: "a") &- 10 : UInt8(ascii: "0"))) & 0x3 | 0x8
        hex[16] = variant < 10 ? UInt8(ascii: "0") + variant : UInt8(ascii: "a") + variant - 10
        var token: [UInt8] = []
        token.reserveCapacity(36)
        for (index, digit) in hex.enumerated() {
            if index == 8 || index == 12 || index == 16 || index == 20 { token.append(UInt8(ascii: "-")) }
            token.append(digit)
        }
        return String(decoding: token, as: UTF8.self)
    }

    /// A deterministic token from the parts that identify one logical operation: everyone who derives it
    /// from the same parts (a retry, a restarted process, a second replica) gets the same token, so ECS
    /// performs the operation once.
    /// - Parameters:
    ///   - prefix: A short readable prefix, e.g. `sr-img`.
    ///   - parts: What identifies the operation.
    /// - Returns: `prefix-` followed by 32 hex digits of SHA-256 over the parts: ASCII, at most 64 characters.
    public static func derived(prefix: String, from parts: [String]) -> String {
        var hasher = SHA256()
        for part in parts {
            hasher.update(data: Array(part.utf8))
            hasher.update(data: [0])
        }
        let digest = Hex.string(hasher.finalize()).prefix(32)
        let safePrefix = String(prefix.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || $0 == "-" || ("0"..."9").contains($0)) }.prefix(24))
        return (safePrefix.isEmpty ? "" : safePrefix + "-") + digest
    }
}
