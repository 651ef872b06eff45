/// A tag sent in a request (`Tag.N.Key` / `Tag.N.Value`): attached to what is created, or a filter.
public struct Tag: Codable, Sendable, Hashable {
    /// The tag key.
    public var key: String
    /// The tag value; `nil` matches any value when filtering.
    public var value: String?

    /// Creates a tag.
    public init(key: String, value: String? = nil) {
        self.key = key
        self.value = value
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case key = "Key"
        case value = "Value"
    }
}
