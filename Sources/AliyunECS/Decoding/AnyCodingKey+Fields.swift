/// The reads a generated `init(from:)` makes: one generic function per optionality instead of the
/// containers' overloads per scalar type, so each field costs the compiler one unambiguous call.
extension KeyedDecodingContainer where Key == AnyCodingKey {
    /// The value under `name`, or `nil` when the key is missing or `null`.
    package func optional<Value: Decodable>(_ name: String) throws -> Value? {
        try decodeIfPresent(Value.self, forKey: AnyCodingKey(name))
    }

    /// The value under `name`; a missing key is an error.
    package func required<Value: Decodable>(_ name: String) throws -> Value {
        try decode(Value.self, forKey: AnyCodingKey(name))
    }
}

/// The writes a generated `encode(to:)` makes, in the same way.
extension KeyedEncodingContainer where Key == AnyCodingKey {
    /// Writes `value` under `name`, or nothing when it is `nil`.
    package mutating func optional<Value: Encodable>(_ value: Value?, _ name: String) throws {
        try encodeIfPresent(value, forKey: AnyCodingKey(name))
    }

    /// Writes `value` under `name`.
    package mutating func required<Value: Encodable>(_ value: Value, _ name: String) throws {
        try encode(value, forKey: AnyCodingKey(name))
    }
}
