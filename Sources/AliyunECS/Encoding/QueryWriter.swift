import Foundation

/// A request that flattens itself into query parameters without going through `Encoder`.
///
/// The conformances are generated (`Scripts/generate-fast-coding.py`) from the models' `CodingKeys` and
/// property types, and a parity test checks that they write exactly what the `Codable` path writes.
/// ``QueryEncoder`` uses them when a type has one.
protocol QueryWritable {
    /// Appends this value's parameters, each name prefixed with `prefix` (e.g. `DataDisk.1.`).
    func writeQuery(to writer: inout QueryWriter, prefix: String)
}

/// Collects flattened parameters: `nil` values are skipped, lists are numbered from 1.
struct QueryWriter {
    private(set) var parameters: [QueryParameter] = []

    init() {
        parameters.reserveCapacity(32)
    }

    @inline(__always)
    private mutating func append(_ prefix: String, _ name: String, _ value: String) {
        parameters.append(QueryParameter(name: prefix.isEmpty ? name : prefix + name, value: value))
    }

    mutating func add(_ prefix: String, _ name: String, _ value: String?) {
        if let value { append(prefix, name, value) }
    }

    mutating func add(_ prefix: String, _ name: String, _ value: Int?) {
        if let value { append(prefix, name, String(value)) }
    }

    mutating func add(_ prefix: String, _ name: String, _ value: Int64?) {
        if let value { append(prefix, name, String(value)) }
    }

    mutating func add(_ prefix: String, _ name: String, _ value: Double?) {
        if let value { append(prefix, name, QueryScalar.string(value)) }
    }

    mutating func add(_ prefix: String, _ name: String, _ value: Bool?) {
        if let value { append(prefix, name, QueryScalar.string(value)) }
    }

    mutating func add(_ prefix: String, _ name: String, _ value: Date?) {
        if let value { append(prefix, name, ECSTimestamp.string(from: value)) }
    }

    mutating func add<Value: ECSStringEnum>(_ prefix: String, _ name: String, _ value: Value?) {
        if let value { append(prefix, name, value.rawValue) }
    }

    /// A list of scalars: `Name.1`, `Name.2`, …
    mutating func add(_ prefix: String, _ name: String, _ values: [String]?) {
        guard let values else { return }
        for (offset, value) in values.enumerated() { append(prefix, name + "." + String(offset + 1), value) }
    }

    /// One nested structure: `Name.Field`.
    mutating func add(_ prefix: String, _ name: String, _ value: (some QueryWritable)?) {
        value?.writeQuery(to: &self, prefix: prefix + name + ".")
    }

    /// A list of structures: `Name.1.Field`, `Name.2.Field`, …
    mutating func add<Value: QueryWritable>(_ prefix: String, _ name: String, _ values: [Value]?) {
        guard let values else { return }
        for (offset, value) in values.enumerated() {
            value.writeQuery(to: &self, prefix: prefix + name + "." + String(offset + 1) + ".")
        }
    }
}
