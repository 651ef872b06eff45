/// A list parameter that ECS takes as one JSON-array string, such as `InstanceIds=["i-a", "i-b"]`.
///
/// The property reads and writes as `[String]?`; only the wire form is a JSON text. It is written the way
/// the official SDKs write it (`", "` between elements), so captured requests reproduce exactly.
@propertyWrapper
public struct JSONArrayParameter: Codable, Sendable, Hashable {
    /// The elements, or `nil` for "not sent".
    public var wrappedValue: [String]?

    /// Wraps a list.
    public init(wrappedValue: [String]?) {
        self.wrappedValue = wrappedValue
    }

    /// The JSON text for `values`, e.g. `["i-a", "i-b"]`.
    package static func jsonText(_ values: [String]) -> String {
        // IDs, the usual content, need no escaping: join them directly.
        if values.allSatisfy({ $0.utf8.allSatisfy { $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") } }) {
            return values.isEmpty ? "[]" : "[\"" + values.joined(separator: "\", \"") + "\"]"
        }
        var text = "["
        for (index, value) in values.enumerated() {
            if index > 0 { text += ", " }
            JSONTextWriter.appendQuoted(value, to: &text)
        }
        return text + "]"
    }

    /// Writes the JSON text, or nothing when `nil`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue {
            try container.encode(Self.jsonText(wrappedValue))
        } else {
            try container.encodeNil()
        }
    }

    /// Reads the JSON text back.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            wrappedValue = nil
            return
        }
        let text = try container.decode(String.self)
        do {
            wrappedValue = try ECSJSONDecoder().decode([String].self, from: Array(text.utf8))
        } catch {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath, debugDescription: "Expected a JSON array of strings", underlyingError: error))
        }
    }
}

extension KeyedDecodingContainer {
    /// Decodes a JSON-array parameter whose key may be missing, which means `nil`.
    package func decode(_ type: JSONArrayParameter.Type, forKey key: Key) throws -> JSONArrayParameter {
        try decodeIfPresent(type, forKey: key) ?? JSONArrayParameter(wrappedValue: nil)
    }
}
