import Foundation

/// Flattens an `Encodable` request into ECS query parameters.
///
/// The wire form follows the official SDKs: a nested structure becomes `Name.Field`, a list becomes
/// `Name.1`, `Name.2`, … (1-based) and a list of structures `Name.1.Field`. Booleans are `true`/`false`,
/// dates are UTC `yyyy-MM-ddTHH:mm:ssZ`, and absent (`nil`) values produce no parameter at all.
package struct QueryEncoder: Sendable {
    /// Creates an encoder.
    package init() {}

    /// Flattens `value` into parameters, in the order its `encode(to:)` writes them.
    /// - Parameter value: The request to flatten.
    /// - Returns: The parameters, not yet sorted or percent-encoded.
    package func encode<Value: Encodable>(_ value: Value) throws -> [QueryParameter] {
        if let writable = value as? any QueryWritable {
            var writer = QueryWriter()
            writable.writeQuery(to: &writer, prefix: "")
            return writer.parameters
        }
        return try encodeWithCoder(value)
    }

    /// The canonical query of `value` (sorted, percent-encoded `Name=value&…`), as signing and the URL
    /// need it. Written directly by the generated fast path when the type has one.
    func canonicalQuery<Value: Encodable>(_ value: Value) throws -> [UInt8] {
        if let writable = value as? any QueryWritable {
            return Self.canonicalQuery(of: writable, overrides: .none)
        }
        return CanonicalQuery.bytes(CanonicalQuery.sorted(try encodeWithCoder(value)))
    }

    /// The canonical query of `value`, with the client's `overrides` filled in, from its generated writer.
    ///
    /// The client calls this with the concrete request type, so the request is read where it is: going
    /// through `any QueryWritable` would box it and copy (retain and release) every field.
    ///
    /// Most queries (a RunInstances call with disks and tags takes about 800 bytes) are written into a
    /// small buffer on the stack and copied out at their exact size. A longer one (100 instance IDs take
    /// about 3 KB; a UserData script can take much more) is written again straight into an array, with
    /// four times the room each time it does not fit.
    static func canonicalQuery<Value: QueryWritable>(of value: Value, overrides: QueryWriter.Overrides) -> [UInt8] {
        let short = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: initialQueryCapacity) { buffer -> [UInt8]? in
            switch write(value, overrides: overrides, into: buffer) {
            case .written(let count): Array(UnsafeBufferPointer(rebasing: buffer[..<count]))
            case .outOfOrder: sortedQuery(of: value, overrides: overrides)
            case .overflowed: nil
            }
        }
        if let short { return short }
        var capacity = 4 * initialQueryCapacity
        while true {
            var outcome = QueryWriteOutcome.overflowed
            let query = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initializedCount in
                outcome = write(value, overrides: overrides, into: buffer)
                if case .written(let count) = outcome { initializedCount = count } else { initializedCount = 0 }
            }
            switch outcome {
            case .written: return query
            case .outOfOrder: return sortedQuery(of: value, overrides: overrides)
            case .overflowed: capacity *= 4
            }
        }
    }

    /// What writing a query into a fixed buffer came to.
    private enum QueryWriteOutcome {
        /// The whole query, in canonical order, is in the first `count` bytes.
        case written(count: Int)
        /// The query could not be written in canonical order as it went: a list of ten or more
        /// (`Name.10` sorts before `Name.2`), or a name prefix too long to keep inline.
        case outOfOrder
        /// The buffer was too small.
        case overflowed
    }

    private static func write<Value: QueryWritable>(
        _ value: Value, overrides: QueryWriter.Overrides, into buffer: UnsafeMutableBufferPointer<UInt8>
    ) -> QueryWriteOutcome {
        var writer = QueryWriter(canonicalQueryInto: buffer, overrides: overrides)
        value.writeQuery(to: &writer, prefix: "")
        if writer.query.overflowed { return .overflowed }
        return writer.inCanonicalOrder ? .written(count: writer.query.count) : .outOfOrder
    }

    /// The canonical query the slow way: collect the parameters, then sort them.
    private static func sortedQuery<Value: QueryWritable>(of value: Value, overrides: QueryWriter.Overrides) -> [UInt8] {
        var writer = QueryWriter(overrides: overrides)
        value.writeQuery(to: &writer, prefix: "")
        return CanonicalQuery.bytes(CanonicalQuery.sorted(writer.parameters))
    }

    /// The size of the first, stack-allocated buffer: the standard library keeps temporary allocations of
    /// up to 1 KiB on the stack (larger ones go to the heap, aligned, which costs more than an array).
    static let initialQueryCapacity = 1024

    /// The `Encoder`-based path, used for types without a generated fast path (and by the parity tests).
    func encodeWithCoder<Value: Encodable>(_ value: Value) throws -> [QueryParameter] {
        let sink = QueryEncodingSink()
        try value.encode(to: QueryEncodingNode(sink: sink, name: "", codingPath: []))
        return sink.parameters
    }
}

/// Collects parameters while a value encodes itself; reference type so nested containers share it.
final class QueryEncodingSink {
    var parameters: [QueryParameter] = []

    init() {
        parameters.reserveCapacity(32)
    }

    func append(_ name: String, _ value: String) {
        parameters.append(QueryParameter(name: name, value: value))
    }
}

/// Renders scalars the way ECS expects them on the wire.
enum QueryScalar {
    static func string(_ value: Bool) -> String { value ? "true" : "false" }

    static func string(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 1e15 {
            return String(Int64(value))
        }
        return value.description
    }

    static func string(for value: some Encodable) -> String? {
        switch value {
        case let date as Date: return ECSTimestamp.string(from: date)
        case let url as URL: return url.absoluteString
        case let decimal as Decimal: return decimal.description
        default: return nil
        }
    }
}

/// The encoder for one position in the flattened tree; `name` is the wire path so far.
struct QueryEncodingNode: Encoder {
    let sink: QueryEncodingSink
    let name: String
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func childName(_ component: String) -> String {
        name.isEmpty ? component : name + "." + component
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(QueryKeyedContainer<Key>(node: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        QueryUnkeyedContainer(node: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        QuerySingleValueContainer(node: self)
    }

    /// Encodes a nested value at `childName`, short-circuiting scalars that have a wire form of their own.
    func encodeNested(_ value: some Encodable, as childName: String, key: any CodingKey) throws {
        if let scalar = QueryScalar.string(for: value) {
            sink.append(childName, scalar)
            return
        }
        try value.encode(to: QueryEncodingNode(sink: sink, name: childName, codingPath: codingPath + [key]))
    }
}

struct QueryKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: QueryEncodingNode
    var codingPath: [any CodingKey] { node.codingPath }

    private func put(_ value: String, _ key: Key) { node.sink.append(node.childName(key.stringValue), value) }

    mutating func encodeNil(forKey key: Key) throws {}
    mutating func encode(_ value: Bool, forKey key: Key) throws { put(QueryScalar.string(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { put(value, key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { put(QueryScalar.string(value), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { put(QueryScalar.string(Double(value)), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { put(String(value), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { put(String(value), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { put(String(value), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { put(String(value), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { put(String(value), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { put(String(value), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { put(String(value), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { put(String(value), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { put(String(value), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { put(String(value), key) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try node.encodeNested(value, as: node.childName(key.stringValue), key: key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let child = QueryEncodingNode(sink: node.sink, name: node.childName(key.stringValue), codingPath: codingPath + [key])
        return child.container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        QueryUnkeyedContainer(node: QueryEncodingNode(
            sink: node.sink, name: node.childName(key.stringValue), codingPath: codingPath + [key]))
    }

    mutating func superEncoder() -> any Encoder { node }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        QueryEncodingNode(sink: node.sink, name: node.childName(key.stringValue), codingPath: codingPath + [key])
    }
}

/// Lists flatten to `Name.1`, `Name.2`, …: ECS indexes start at 1.
struct QueryUnkeyedContainer: UnkeyedEncodingContainer {
    let node: QueryEncodingNode
    private(set) var count = 0
    var codingPath: [any CodingKey] { node.codingPath }

    init(node: QueryEncodingNode) {
        self.node = node
    }

    private mutating func nextName() -> String {
        count += 1
        return node.childName(String(count))
    }

    private mutating func put(_ value: String) { node.sink.append(nextName(), value) }

    mutating func encodeNil() throws { count += 1 }
    mutating func encode(_ value: Bool) throws { put(QueryScalar.string(value)) }
    mutating func encode(_ value: String) throws { put(value) }
    mutating func encode(_ value: Double) throws { put(QueryScalar.string(value)) }
    mutating func encode(_ value: Float) throws { put(QueryScalar.string(Double(value))) }
    mutating func encode(_ value: Int) throws { put(String(value)) }
    mutating func encode(_ value: Int8) throws { put(String(value)) }
    mutating func encode(_ value: Int16) throws { put(String(value)) }
    mutating func encode(_ value: Int32) throws { put(String(value)) }
    mutating func encode(_ value: Int64) throws { put(String(value)) }
    mutating func encode(_ value: UInt) throws { put(String(value)) }
    mutating func encode(_ value: UInt8) throws { put(String(value)) }
    mutating func encode(_ value: UInt16) throws { put(String(value)) }
    mutating func encode(_ value: UInt32) throws { put(String(value)) }
    mutating func encode(_ value: UInt64) throws { put(String(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let name = nextName()
        try node.encodeNested(value, as: name, key: IndexKey(count))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let name = nextName()
        return QueryEncodingNode(sink: node.sink, name: name, codingPath: codingPath + [IndexKey(count)]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let name = nextName()
        return QueryUnkeyedContainer(node: QueryEncodingNode(sink: node.sink, name: name, codingPath: codingPath + [IndexKey(count)]))
    }

    mutating func superEncoder() -> any Encoder {
        let name = nextName()
        return QueryEncodingNode(sink: node.sink, name: name, codingPath: codingPath + [IndexKey(count)])
    }
}

struct QuerySingleValueContainer: SingleValueEncodingContainer {
    let node: QueryEncodingNode
    var codingPath: [any CodingKey] { node.codingPath }

    private func put(_ value: String) { node.sink.append(node.name, value) }

    mutating func encodeNil() throws {}
    mutating func encode(_ value: Bool) throws { put(QueryScalar.string(value)) }
    mutating func encode(_ value: String) throws { put(value) }
    mutating func encode(_ value: Double) throws { put(QueryScalar.string(value)) }
    mutating func encode(_ value: Float) throws { put(QueryScalar.string(Double(value))) }
    mutating func encode(_ value: Int) throws { put(String(value)) }
    mutating func encode(_ value: Int8) throws { put(String(value)) }
    mutating func encode(_ value: Int16) throws { put(String(value)) }
    mutating func encode(_ value: Int32) throws { put(String(value)) }
    mutating func encode(_ value: Int64) throws { put(String(value)) }
    mutating func encode(_ value: UInt) throws { put(String(value)) }
    mutating func encode(_ value: UInt8) throws { put(String(value)) }
    mutating func encode(_ value: UInt16) throws { put(String(value)) }
    mutating func encode(_ value: UInt32) throws { put(String(value)) }
    mutating func encode(_ value: UInt64) throws { put(String(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        if let scalar = QueryScalar.string(for: value) {
            put(scalar)
            return
        }
        try value.encode(to: node)
    }
}

/// A coding key for a 1-based list position.
struct IndexKey: CodingKey {
    let intValue: Int?
    let stringValue: String

    init(_ index: Int) {
        intValue = index
        stringValue = String(index)
    }

    init?(stringValue: String) {
        guard let index = Int(stringValue) else { return nil }
        self.init(index)
    }

    init?(intValue: Int) {
        self.init(intValue)
    }
}
