extension String {
    /// Passes the string's UTF-8 bytes to `body`.
    ///
    /// A native string lends its storage as it is; `withUTF8` would need a mutable copy first (a retain and
    /// a release on every call of the hot path). A bridged or non-contiguous string is made contiguous.
    @inline(__always)
    func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return try copy.withUTF8(body)
    }
}
