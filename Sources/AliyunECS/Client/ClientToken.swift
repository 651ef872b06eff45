import Crypto

/// Makes ClientTokens for idempotent calls.
public enum ClientToken {
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
