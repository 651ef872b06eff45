/// A string-valued setting that ECS may extend over time, such as an instance status.
///
/// Conforming types are structs with a `rawValue` and static members for the known values, not closed
/// enums: a value the cloud adds tomorrow decodes as itself instead of failing the whole response, and a
/// user's `switch` keeps compiling when this package learns a new value.
public protocol ECSStringEnum: RawRepresentable, Codable, Hashable, Sendable, ExpressibleByStringLiteral,
    CustomStringConvertible where RawValue == String {
    /// Wraps any raw value, known or not.
    init(rawValue: String)
}

extension ECSStringEnum {
    /// Wraps a string literal.
    public init(stringLiteral value: String) {
        self.init(rawValue: value)
    }

    /// The raw value, as it appears on the wire.
    public var description: String { rawValue }
}
