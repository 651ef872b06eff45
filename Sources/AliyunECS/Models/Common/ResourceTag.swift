/// A tag as ECS reports it on an instance or image (`Tags.Tag[]` with `TagKey` / `TagValue`).
public struct ResourceTag: Codable, Sendable, Hashable {
    /// The tag key.
    public var key: String
    /// The tag value.
    public var value: String

    /// Creates a tag.
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case key = "TagKey"
        case value = "TagValue"
    }

    /// Reads a tag, tolerating a missing value (ECS omits it for an empty value).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        key = try container.decode(String.self, forKey: .key)
        value = try container.decodeIfPresent(String.self, forKey: .value) ?? ""
    }
}

extension Array where Element == ResourceTag {
    /// The value of the tag with this key, or `nil`.
    public subscript(tag key: String) -> String? {
        first { $0.key == key }?.value
    }
}
