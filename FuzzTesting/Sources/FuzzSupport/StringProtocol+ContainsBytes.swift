extension StringProtocol {
    /// Whether the UTF-8 bytes of `other` stand, contiguous, among this string's: how a leaked secret shows
    /// up in a message, and what every target's "no secret in the error" check asks.
    ///
    /// Byte for byte on purpose. Foundation's `contains(_:)` (a `range(of:)` search) traps on some strings
    /// that mix combining marks with bytes that are not UTF-8 (swift-corelibs-foundation: an index
    /// assertion in `_toUTF16Indices`, found by the `ini` target), and a secret leaks as the same bytes anyway.
    /// - Parameter other: The text to look for; an empty one is always found.
    /// - Returns: `true` when `other`'s bytes appear in this string's.
    public func containsBytes(of other: some StringProtocol) -> Bool {
        other.utf8.isEmpty || utf8.contains(other.utf8)
    }
}
