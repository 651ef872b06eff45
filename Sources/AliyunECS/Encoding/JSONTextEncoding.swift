import Foundation

/// A value some ECS actions take as one parameter holding JSON text (the official SDKs' "shrink"
/// parameters, e.g. RunCommand's `Parameters`). `package`: the generated modules conform their structures.
package protocol JSONTextWritable {
    /// Writes the value as JSON.
    func writeJSON(to writer: inout JSONTextWriter)
}

/// Writes JSON the way the official Python SDK does for these parameters (`json.dumps` with
/// `ensure_ascii=False` and no spaces), so that the same request reproduces byte for byte: objects keep
/// the SDK's field order, non-ASCII text stays as it is, only quotes, backslashes and control characters
/// are escaped.
package struct JSONTextWriter {
    private(set) var text = ""
    private var needsComma = false

    package mutating func beginObject() {
        separate()
        text += "{"
        needsComma = false
    }

    package mutating func endObject() {
        text += "}"
        needsComma = true
    }

    mutating func beginArray() {
        separate()
        text += "["
        needsComma = false
    }

    mutating func endArray() {
        text += "]"
        needsComma = true
    }

    private mutating func separate() {
        if needsComma { text += "," }
    }

    private mutating func key(_ name: String) {
        separate()
        appendString(name)
        text += ":"
        needsComma = false
    }

    mutating func value(_ string: String) {
        separate()
        appendString(string)
        needsComma = true
    }

    mutating func value(_ number: Int) {
        separate()
        text += String(number)
        needsComma = true
    }

    mutating func value(_ number: Double) {
        separate()
        text += number.description
        needsComma = true
    }

    mutating func value(_ flag: Bool) {
        separate()
        text += flag ? "true" : "false"
        needsComma = true
    }

    // Object members; an absent (`nil`) member is left out, as the SDK leaves it out.

    package mutating func member(_ name: String, _ value: String?) {
        guard let value else { return }
        key(name)
        self.value(value)
    }

    package mutating func member(_ name: String, _ value: Int?) {
        guard let value else { return }
        key(name)
        self.value(value)
    }

    package mutating func member(_ name: String, _ value: Double?) {
        guard let value else { return }
        key(name)
        self.value(value)
    }

    package mutating func member(_ name: String, _ value: Bool?) {
        guard let value else { return }
        key(name)
        self.value(value)
    }

    package mutating func member<Value: ECSStringEnum>(_ name: String, _ value: Value?) {
        member(name, value?.rawValue)
    }

    package mutating func member(_ name: String, _ value: (some JSONTextWritable)?) {
        guard let value else { return }
        key(name)
        value.writeJSON(to: &self)
    }

    private mutating func appendString(_ string: String) {
        Self.appendQuoted(string, to: &text)
    }

    /// Appends `string` as a JSON string the way Python's `json.dumps(ensure_ascii=False)` writes it:
    /// quotes, backslashes and control characters escaped (`\n`, `\b`, `\u0001`, …), everything else as it is.
    static func appendQuoted(_ string: String, to text: inout String) {
        text += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case "\u{08}": text += "\\b"
            case "\u{0C}": text += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}

extension String: JSONTextWritable {
    package func writeJSON(to writer: inout JSONTextWriter) { writer.value(self) }
}

extension Int: JSONTextWritable {
    package func writeJSON(to writer: inout JSONTextWriter) { writer.value(self) }
}

extension Double: JSONTextWritable {
    package func writeJSON(to writer: inout JSONTextWriter) { writer.value(self) }
}

extension Bool: JSONTextWritable {
    package func writeJSON(to writer: inout JSONTextWriter) { writer.value(self) }
}

extension Array: JSONTextWritable where Element: JSONTextWritable {
    package func writeJSON(to writer: inout JSONTextWriter) {
        writer.beginArray()
        for element in self { element.writeJSON(to: &writer) }
        writer.endArray()
    }
}

extension Dictionary: JSONTextWritable where Key == String, Value: JSONTextWritable {
    /// Keys in byte order, so the text does not depend on the dictionary's hashing.
    package func writeJSON(to writer: inout JSONTextWriter) {
        writer.beginObject()
        for key in keys.sorted() { writer.member(key, self[key]) }
        writer.endObject()
    }
}

/// The JSON text of a "shrink" parameter.
enum JSONTextEncoding {
    static func text(_ value: some JSONTextWritable) -> String {
        var writer = JSONTextWriter()
        value.writeJSON(to: &writer)
        return writer.text
    }
}

/// A parameter that travels as one JSON text, such as RunCommand's `Parameters`; the property reads and
/// writes as the value itself.
@propertyWrapper
public struct JSONTextParameter<Value: Codable & Sendable>: Codable, Sendable {
    /// The value, or `nil` for "not sent".
    public var wrappedValue: Value?

    /// Wraps a value.
    public init(wrappedValue: Value?) {
        self.wrappedValue = wrappedValue
    }

    /// Writes the JSON text, or nothing when `nil`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        guard let wrappedValue else {
            try container.encodeNil()
            return
        }
        guard let writable = wrappedValue as? any JSONTextWritable else {
            throw EncodingError.invalidValue(wrappedValue, .init(codingPath: encoder.codingPath, debugDescription: "Not writable as JSON text"))
        }
        try container.encode(JSONTextEncoding.text(writable))
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
            wrappedValue = try ECSJSONDecoder().decode(Value.self, from: Array(text.utf8))
        } catch {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath, debugDescription: "Expected JSON text", underlyingError: error))
        }
    }
}

extension JSONTextParameter: Equatable where Value: Equatable {}

extension JSONTextParameter: Hashable where Value: Hashable {}

extension KeyedDecodingContainer {
    /// Decodes a JSON-text parameter whose key may be missing, which means `nil`.
    package func decode<Value>(_ type: JSONTextParameter<Value>.Type, forKey key: Key) throws -> JSONTextParameter<Value> {
        try decodeIfPresent(type, forKey: key) ?? JSONTextParameter(wrappedValue: nil)
    }
}
