extension Array where Element == ResourceTag {
    /// The value of the tag with this key, or `nil`.
    public subscript(tag key: String) -> String? {
        first { $0.key == key }?.value
    }
}
