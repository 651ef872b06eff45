/// A coding key built from a string at run time, or written as a string literal: the generated
/// `init(from:)` and `encode(to:)` name their keys this way instead of declaring a `CodingKeys` enumeration
/// per structure, whose conformances cost compile time every user pays.
package struct AnyCodingKey: CodingKey, Sendable, Hashable {
    /// The key's name.
    package let stringValue: String
    /// The key's integer value, if it has one.
    package let intValue: Int?

    /// Creates a key with this name.
    package init(_ stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }

    /// Creates a key with this name.
    package init?(stringValue: String) {
        self.init(stringValue)
    }

    /// Creates a key from an integer.
    package init?(intValue: Int) {
        self.init(index: intValue)
    }

    /// Creates the key of a list position (0-based, as JSON arrays count).
    package init(index: Int) {
        stringValue = String(index)
        intValue = index
    }
}

extension AnyCodingKey: ExpressibleByStringLiteral {
    /// Creates a key with this name.
    package init(stringLiteral value: String) {
        self.init(value)
    }
}
