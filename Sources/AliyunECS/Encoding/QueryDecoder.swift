import Foundation

/// Rebuilds a `Decodable` request from flattened ECS query parameters: the inverse of ``QueryEncoder``.
///
/// A server (such as the simulator in `AliyunECSTesting`) uses it to read what a client sent;
/// `Name.1.Field` becomes element 1 of the list `Name`, and so on. Numbers and booleans are parsed
/// from their text; a value that does not parse is a `DecodingError` naming the parameter.
package struct QueryDecoder: Sendable {
    /// Creates a decoder.
    package init() {}

    /// Decodes `type` from parameters.
    /// - Parameters:
    ///   - type: The request type to build.
    ///   - parameters: Wire names and unencoded values.
    /// - Returns: The decoded request.
    package func decode<Value: Decodable>(_ type: Value.Type, from parameters: [String: String]) throws -> Value {
        let root = QueryTree()
        for (name, value) in parameters {
            root.insert(name: name, value: value)
        }
        return try Value(from: QueryDecodingNode(tree: root, path: nil))
    }
}

/// The parameters as a tree: `DataDisk.1.Size` is `DataDisk` → `1` → `Size`.
final class QueryTree {
    var value: String?
    var children: [String: QueryTree] = [:]

    /// Files `value` under the dot-separated parts of `name`.
    func insert(name: String, value: String) {
        var node = self
        var utf8 = name.utf8[...]
        while true {
            let end = utf8.firstIndex(of: UInt8(ascii: ".")) ?? utf8.endIndex
            let key = String(Substring(utf8[..<end]))
            let child = node.children[key] ?? QueryTree()
            node.children[key] = child
            node = child
            guard end != utf8.endIndex else { break }
            utf8 = utf8[utf8.index(after: end)...]
        }
        node.value = value
    }

    /// Children whose names are 1-based indexes, in index order.
    var indexedChildren: [QueryTree] {
        children.compactMap { key, child in Int(key).map { ($0, child) } }
            .sorted { $0.0 < $1.0 }
            .map(\.1)
    }
}

/// Where a value sits, as a chain of keys from the root: built one link per nested value, and turned
/// into a coding path only when an error or a `Decodable` asks for one.
final class QueryCodingPath {
    let parent: QueryCodingPath?
    let key: any CodingKey

    init(parent: QueryCodingPath?, key: any CodingKey) {
        self.parent = parent
        self.key = key
    }

    static func keys(_ path: QueryCodingPath?) -> [any CodingKey] {
        var keys: [any CodingKey] = []
        var link = path
        while let current = link {
            keys.append(current.key)
            link = current.parent
        }
        return keys.reversed()
    }
}

struct QueryDecodingNode: Decoder {
    let tree: QueryTree
    let path: QueryCodingPath?
    var codingPath: [any CodingKey] { QueryCodingPath.keys(path) }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(QueryKeyedDecodingContainer<Key>(node: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        // A list travels as `Name.1`, `Name.2`, …: a value given to the name itself (`Name=x`) or a child
        // that is not an element number (`Name.x=…`) is not part of one. Reading either as an empty list
        // would drop what the client sent, and let a required list pass as present.
        let elements = tree.indexedChildren
        guard tree.value == nil, elements.count == tree.children.count else {
            throw DecodingError.typeMismatch([Any].self, .init(
                codingPath: codingPath, debugDescription: "Expected a list, sent as Name.1, Name.2, …"))
        }
        return QueryUnkeyedDecodingContainer(node: self, elements: elements)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        QuerySingleValueDecodingContainer(node: self)
    }

    func text() throws -> String {
        try Self.text(of: tree, path: path)
    }

    func scalar<T>(_ type: T.Type, _ parse: (String) -> T?) throws -> T {
        try Self.scalar(type, of: tree, path: path, parse)
    }

    func decodeAny<T: Decodable>(_ type: T.Type) throws -> T {
        if type == Date.self, let date = try scalar(Date.self, ECSTimestamp.date(from:)) as? T {
            return date
        }
        return try T(from: self)
    }

    static func text(of tree: QueryTree, path: @autoclosure () -> QueryCodingPath?) throws -> String {
        guard let value = tree.value else {
            throw DecodingError.valueNotFound(String.self, .init(codingPath: QueryCodingPath.keys(path()), debugDescription: "No value"))
        }
        return value
    }

    static func scalar<T>(_ type: T.Type, of tree: QueryTree, path: @autoclosure () -> QueryCodingPath?, _ parse: (String) -> T?) throws -> T {
        let raw = try text(of: tree, path: path())
        guard let value = parse(raw) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: QueryCodingPath.keys(path()), debugDescription: "Cannot read \(T.self) from the parameter value"))
        }
        return value
    }
}

/// Parses the wire form of ECS booleans.
enum QueryBool {
    static func parse(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true": true
        case "false": false
        default: nil
        }
    }
}

/// The members of one object. Scalars are read straight from the tree, and an absent optional costs one
/// lookup: no node or coding path is made for them unless something fails.
struct QueryKeyedDecodingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let node: QueryDecodingNode
    var codingPath: [any CodingKey] { node.codingPath }
    var allKeys: [Key] { node.tree.children.keys.compactMap(Key.init(stringValue:)) }

    func contains(_ key: Key) -> Bool { node.tree.children[key.stringValue] != nil }

    private func path(_ key: Key) -> QueryCodingPath {
        QueryCodingPath(parent: node.path, key: key)
    }

    private func tree(_ key: Key) throws -> QueryTree {
        guard let tree = node.tree.children[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "Missing parameter"))
        }
        return tree
    }

    private func child(_ key: Key) throws -> QueryDecodingNode {
        QueryDecodingNode(tree: try tree(key), path: path(key))
    }

    private func scalar<T>(_ type: T.Type, _ key: Key, _ parse: (String) -> T?) throws -> T {
        try QueryDecodingNode.scalar(type, of: tree(key), path: path(key), parse)
    }

    private func scalarIfPresent<T>(_ type: T.Type, _ key: Key, _ parse: (String) -> T?) throws -> T? {
        guard let tree = node.tree.children[key.stringValue] else { return nil }
        return try QueryDecodingNode.scalar(type, of: tree, path: path(key), parse)
    }

    func decodeNil(forKey key: Key) throws -> Bool { !contains(key) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try scalar(Bool.self, key, QueryBool.parse) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try QueryDecodingNode.text(of: tree(key), path: path(key)) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try scalar(Double.self, key) { Double($0) } }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try scalar(Float.self, key) { Float($0) } }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try scalar(Int.self, key) { Int($0) } }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try scalar(Int8.self, key) { Int8($0) } }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try scalar(Int16.self, key) { Int16($0) } }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try scalar(Int32.self, key) { Int32($0) } }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try scalar(Int64.self, key) { Int64($0) } }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try scalar(UInt.self, key) { UInt($0) } }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try scalar(UInt8.self, key) { UInt8($0) } }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try scalar(UInt16.self, key) { UInt16($0) } }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try scalar(UInt32.self, key) { UInt32($0) } }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try scalar(UInt64.self, key) { UInt64($0) } }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try child(key).decodeAny(type) }

    // Present means decoded, absent means `nil`: the protocol's default forms ask `contains` and
    // `decodeNil` first, three lookups where one does.
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try scalarIfPresent(Bool.self, key, QueryBool.parse) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        guard let tree = node.tree.children[key.stringValue] else { return nil }
        return try QueryDecodingNode.text(of: tree, path: path(key))
    }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try scalarIfPresent(Double.self, key) { Double($0) } }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try scalarIfPresent(Int.self, key) { Int($0) } }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try scalarIfPresent(Int32.self, key) { Int32($0) } }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try scalarIfPresent(Int64.self, key) { Int64($0) } }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let tree = node.tree.children[key.stringValue] else { return nil }
        return try QueryDecodingNode(tree: tree, path: path(key)).decodeAny(type)
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try child(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try child(key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { node }
    func superDecoder(forKey key: Key) throws -> any Decoder { try child(key) }
}

struct QueryUnkeyedDecodingContainer: UnkeyedDecodingContainer {
    let node: QueryDecodingNode
    let elements: [QueryTree]
    private(set) var currentIndex = 0
    var codingPath: [any CodingKey] { node.codingPath }
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    init(node: QueryDecodingNode, elements: [QueryTree]) {
        self.node = node
        self.elements = elements
    }

    private mutating func next() throws -> QueryDecodingNode {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath, debugDescription: "No more elements"))
        }
        defer { currentIndex += 1 }
        return QueryDecodingNode(tree: elements[currentIndex], path: QueryCodingPath(parent: node.path, key: IndexKey(currentIndex + 1)))
    }

    mutating func decodeNil() throws -> Bool { false }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try next().scalar(Bool.self, QueryBool.parse) }
    mutating func decode(_ type: String.Type) throws -> String { try next().text() }
    mutating func decode(_ type: Double.Type) throws -> Double { try next().scalar(Double.self) { Double($0) } }
    mutating func decode(_ type: Float.Type) throws -> Float { try next().scalar(Float.self) { Float($0) } }
    mutating func decode(_ type: Int.Type) throws -> Int { try next().scalar(Int.self) { Int($0) } }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try next().scalar(Int8.self) { Int8($0) } }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try next().scalar(Int16.self) { Int16($0) } }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next().scalar(Int32.self) { Int32($0) } }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next().scalar(Int64.self) { Int64($0) } }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try next().scalar(UInt.self) { UInt($0) } }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next().scalar(UInt8.self) { UInt8($0) } }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next().scalar(UInt16.self) { UInt16($0) } }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next().scalar(UInt32.self) { UInt32($0) } }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next().scalar(UInt64.self) { UInt64($0) } }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decodeAny(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
    mutating func superDecoder() throws -> any Decoder { try next() }
}

struct QuerySingleValueDecodingContainer: SingleValueDecodingContainer {
    let node: QueryDecodingNode
    var codingPath: [any CodingKey] { node.codingPath }

    func decodeNil() -> Bool { node.tree.value == nil && node.tree.children.isEmpty }
    func decode(_ type: Bool.Type) throws -> Bool { try node.scalar(Bool.self, QueryBool.parse) }
    func decode(_ type: String.Type) throws -> String { try node.text() }
    func decode(_ type: Double.Type) throws -> Double { try node.scalar(Double.self) { Double($0) } }
    func decode(_ type: Float.Type) throws -> Float { try node.scalar(Float.self) { Float($0) } }
    func decode(_ type: Int.Type) throws -> Int { try node.scalar(Int.self) { Int($0) } }
    func decode(_ type: Int8.Type) throws -> Int8 { try node.scalar(Int8.self) { Int8($0) } }
    func decode(_ type: Int16.Type) throws -> Int16 { try node.scalar(Int16.self) { Int16($0) } }
    func decode(_ type: Int32.Type) throws -> Int32 { try node.scalar(Int32.self) { Int32($0) } }
    func decode(_ type: Int64.Type) throws -> Int64 { try node.scalar(Int64.self) { Int64($0) } }
    func decode(_ type: UInt.Type) throws -> UInt { try node.scalar(UInt.self) { UInt($0) } }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try node.scalar(UInt8.self) { UInt8($0) } }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try node.scalar(UInt16.self) { UInt16($0) } }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try node.scalar(UInt32.self) { UInt32($0) } }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try node.scalar(UInt64.self) { UInt64($0) } }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try node.decodeAny(type) }
}
