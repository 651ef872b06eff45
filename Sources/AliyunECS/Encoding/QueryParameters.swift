/// One flattened request parameter as it travels in the URL query, before percent-encoding.
public struct QueryParameter: Sendable, Hashable {
    /// The wire name, e.g. `DataDisk.1.Category`.
    public var name: String
    /// The unencoded value.
    public var value: String

    /// Creates a parameter from its wire name and unencoded value.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

extension Array where Element == QueryParameter {
    /// The value of the first parameter with this wire name, or `nil`.
    public subscript(parameter name: String) -> String? {
        first { $0.name == name }?.value
    }

    /// The parameters as a dictionary (a later duplicate name wins).
    public var dictionary: [String: String] {
        Dictionary(map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
    }
}
