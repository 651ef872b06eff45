/// A multi-valued parameter that ECS takes as one comma-separated string, such as
/// `Status=Creating,Available` in DescribeImages.
@propertyWrapper
public struct CommaSeparatedParameter<Element: ECSStringEnum>: Codable, Sendable, Hashable {
    /// The values, or `nil` for "not sent".
    public var wrappedValue: [Element]?

    /// Wraps a list.
    public init(wrappedValue: [Element]?) {
        self.wrappedValue = wrappedValue
    }

    /// Writes `A,B,C`, or nothing when `nil`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue {
            try container.encode(wrappedValue.map(\.rawValue).joined(separator: ","))
        } else {
            try container.encodeNil()
        }
    }

    /// Reads `A,B,C` back. Spaces around a value are dropped, and so is a value that is blank, wherever it is
    /// (`A, ,B` and `A,,B` both read as `A,B`): a blank kept as an empty value would be written back as `A,,B`,
    /// which reads differently.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            wrappedValue = nil
            return
        }
        wrappedValue = try container.decode(String.self)
            .split(separator: ",")
            .compactMap { part in
                let value = String(part).trimmingSpaces()
                return value.isEmpty ? nil : Element(rawValue: value)
            }
    }
}

extension KeyedDecodingContainer {
    /// Decodes a comma-separated parameter whose key may be missing, which means `nil`.
    package func decode<Element>(
        _ type: CommaSeparatedParameter<Element>.Type, forKey key: Key
    ) throws -> CommaSeparatedParameter<Element> {
        try decodeIfPresent(type, forKey: key) ?? CommaSeparatedParameter(wrappedValue: nil)
    }
}
