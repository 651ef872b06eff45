import Foundation

/// Decodes ECS JSON responses into `Decodable` models, tolerating the variations ECS really produces.
///
/// Compared with `JSONDecoder` it accepts numbers and booleans sent as strings (`"40"`, `"false"`),
/// strings sent as numbers, ECS timestamps with or without seconds, an empty string where an optional
/// number, date or structure is absent, and lists either bare (`[…]`) or wrapped one level down under
/// a singular key (`{"Instance": […]}`), which is how ECS nests every list. Anything else that does not
/// fit the model is a `DecodingError` naming the path, never a crash.
public struct ECSJSONDecoder: Sendable {
    /// Creates a decoder.
    public init() {}

    /// Decodes `type` from a JSON document.
    /// - Parameters:
    ///   - type: The model to build.
    ///   - data: The response body.
    /// - Returns: The decoded model.
    /// - Throws: `DecodingError` when the body is not JSON or does not fit the model.
    public func decode<Value: Decodable>(_ type: Value.Type, from data: Data) throws -> Value {
        try decode(type, from: [UInt8](data))
    }

    /// Decodes `type` from the bytes of a JSON document.
    public func decode<Value: Decodable>(_ type: Value.Type, from bytes: [UInt8]) throws -> Value {
        let tape: JSONTape
        do {
            tape = try JSONTape(parsing: bytes)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: error.description, underlyingError: error))
        }
        let decoder = JSONNodeDecoder(document: JSONDocument(tape: tape), index: 0, path: nil)
        return try decoder.decodeValue(type)
    }
}

/// The parsed document shared by every container of one decode.
final class JSONDocument: Sendable {
    let tape: JSONTape

    init(tape: JSONTape) {
        self.tape = tape
    }

    func node(_ index: Int) -> JSONTape.Node { tape.nodes[index] }

    func withBytes<Result>(of node: JSONTape.Node, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try tape.bytes.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[Int(node.start)..<Int(node.start + node.length)]))
        }
    }

    /// Indexes of the key nodes of an object (each value node follows its key).
    func objectKeys(_ index: Int) -> [Int] {
        let object = node(index)
        var keys: [Int] = []
        keys.reserveCapacity(Int(object.length))
        var cursor = index + 1
        for _ in 0..<object.length {
            keys.append(cursor)
            cursor = Int(node(cursor + 1).end)
        }
        return keys
    }

    /// Indexes of the element nodes of an array.
    func arrayElements(_ index: Int) -> [Int] {
        let array = node(index)
        var elements: [Int] = []
        elements.reserveCapacity(Int(array.length))
        var cursor = index + 1
        for _ in 0..<array.length {
            elements.append(cursor)
            cursor = Int(node(cursor).end)
        }
        return elements
    }

    func keyMatches(_ keyIndex: Int, _ name: UnsafeBufferPointer<UInt8>) -> Bool {
        let key = node(keyIndex)
        if key.kind == .escapedString {
            return string(keyIndex).utf8.elementsEqual(name)
        }
        guard Int(key.length) == name.count else { return false }
        guard let expected = name.baseAddress else { return true }
        return withBytes(of: key) { bytes in
            guard let actual = bytes.baseAddress else { return false }
            return memcmp(actual, expected, name.count) == 0
        }
    }

    func string(_ index: Int) -> String {
        let node = node(index)
        return withBytes(of: node) { bytes in
            node.kind == .escapedString ? JSONText.unescape(bytes) : String(decoding: bytes, as: UTF8.self)
        }
    }

    func isEmptyString(_ index: Int) -> Bool {
        let node = node(index)
        return node.kind == .string && node.length == 0
    }

    /// A short rendering of a value for error messages.
    func describe(_ index: Int) -> String {
        switch node(index).kind {
        case .null: "null"
        case .true, .false: "a boolean"
        case .number: "a number"
        case .string, .escapedString: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// A lazily materialised coding path: only error messages need it.
final class JSONCodingPath: Sendable {
    let parent: JSONCodingPath?
    let key: String
    let index: Int?

    init(parent: JSONCodingPath?, key: String, index: Int?) {
        self.parent = parent
        self.key = key
        self.index = index
    }

    var keys: [any CodingKey] {
        var result: [any CodingKey] = []
        var current: JSONCodingPath? = self
        while let node = current {
            result.append(node.index.map { AnyCodingKey(index: $0) } ?? AnyCodingKey(node.key))
            current = node.parent
        }
        return result.reversed()
    }
}

/// A coding key built from a string at run time.
public struct AnyCodingKey: CodingKey, Sendable, Hashable {
    /// The key's name.
    public let stringValue: String
    /// The key's integer value, if it has one.
    public let intValue: Int?

    /// Creates a key with this name.
    public init(_ stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }

    /// Creates a key with this name.
    public init?(stringValue: String) {
        self.init(stringValue)
    }

    /// Creates a key from an integer.
    public init?(intValue: Int) {
        self.init(index: intValue)
    }

    /// Creates the key of a list position (0-based, as JSON arrays count).
    public init(index: Int) {
        stringValue = String(index)
        intValue = index
    }
}

/// The decoder for one node of the document.
struct JSONNodeDecoder: Decoder {
    let document: JSONDocument
    let index: Int
    let path: JSONCodingPath?

    var codingPath: [any CodingKey] { path?.keys ?? [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    var node: JSONTape.Node { document.node(index) }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard node.kind == .object else {
            throw mismatch([String: Any].self)
        }
        return KeyedDecodingContainer(JSONKeyedContainer<Key>(decoder: self, keys: document.objectKeys(index)))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (elements, wrapperKey) = try listElements()
        // Errors inside an unwrapped `{"Instance": […]}` name the inner key, as the JSON has it.
        let base = wrapperKey.map { JSONNodeDecoder(document: document, index: index, path: JSONCodingPath(parent: path, key: $0, index: nil)) } ?? self
        return JSONUnkeyedContainer(decoder: base, elements: elements)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        JSONSingleValueContainer(decoder: self)
    }

    /// The elements of a list, accepting ECS's `{"Item": […]}` wrapping as well as a bare array, and the
    /// wrapping key when there was one.
    func listElements() throws -> (elements: [Int], wrapperKey: String?) {
        switch node.kind {
        case .array:
            return (document.arrayElements(index), nil)
        case .object:
            if node.length == 0 { return ([], nil) }
            if node.length == 1, document.node(index + 2).kind == .array {
                return (document.arrayElements(index + 2), document.string(index + 1))
            }
            if node.length == 1, document.isEmptyString(index + 2) || document.node(index + 2).kind == .null {
                return ([], nil)
            }
            throw mismatch([Any].self)
        case .null:
            return ([], nil)
        case .string where node.length == 0:
            return ([], nil)
        default:
            throw mismatch([Any].self)
        }
    }

    func child(_ index: Int, key: String) -> JSONNodeDecoder {
        JSONNodeDecoder(document: document, index: index, path: JSONCodingPath(parent: path, key: key, index: nil))
    }

    func element(_ index: Int, position: Int) -> JSONNodeDecoder {
        JSONNodeDecoder(document: document, index: index, path: JSONCodingPath(parent: path, key: "", index: position))
    }

    func mismatch(_ type: Any.Type) -> DecodingError {
        DecodingError.typeMismatch(type, .init(
            codingPath: codingPath, debugDescription: "Expected \(type) but found \(document.describe(index))"))
    }

    func corrupted(_ message: String) -> DecodingError {
        DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: message))
    }

    /// `true` when this value stands for "absent": `null`, or an empty string where `type` is not a string.
    func isAbsent(as type: Any.Type) -> Bool {
        switch node.kind {
        case .null: true
        case .string where node.length == 0: type != String.self && type != Substring.self
        default: false
        }
    }

    // MARK: Scalars, leniently

    func decodeString() throws -> String {
        switch node.kind {
        case .string, .escapedString: return document.string(index)
        case .number: return document.withBytes(of: node) { String(decoding: $0, as: UTF8.self) }
        case .true: return "true"
        case .false: return "false"
        case .null: throw DecodingError.valueNotFound(String.self, .init(codingPath: codingPath, debugDescription: "Found null"))
        case .array, .object: throw mismatch(String.self)
        }
    }

    func decodeInteger<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        let parsed: Int64?
        switch node.kind {
        case .number, .string:
            parsed = document.withBytes(of: node) { JSONText.integer($0) }
        case .escapedString:
            var text = document.string(index)
            parsed = text.withUTF8 { JSONText.integer($0) }
        case .null:
            throw DecodingError.valueNotFound(type, .init(codingPath: codingPath, debugDescription: "Found null"))
        default:
            throw mismatch(type)
        }
        guard let parsed, let value = T(exactly: parsed) else {
            throw corrupted("Expected \(T.self) but found \(document.describe(index)) that is not one")
        }
        return value
    }

    func decodeDouble() throws -> Double {
        let parsed: Double?
        switch node.kind {
        case .number, .string:
            parsed = document.withBytes(of: node) { JSONText.floatingPoint($0) }
        case .escapedString:
            parsed = Double(document.string(index).trimmingSpaces())
        case .null:
            throw DecodingError.valueNotFound(Double.self, .init(codingPath: codingPath, debugDescription: "Found null"))
        default:
            throw mismatch(Double.self)
        }
        guard let parsed else { throw corrupted("Expected a number but found \(document.describe(index)) that is not one") }
        return parsed
    }

    func decodeBool() throws -> Bool {
        switch node.kind {
        case .true: return true
        case .false: return false
        case .string, .escapedString:
            switch document.string(index).trimmingSpaces().lowercased() {
            case "true": return true
            case "false": return false
            default: throw corrupted("Expected a boolean but found a string that is not one")
            }
        case .number:
            switch document.withBytes(of: node, { JSONText.integer($0) }) {
            case 0: return false
            case 1: return true
            default: throw corrupted("Expected a boolean but found a number that is not 0 or 1")
            }
        case .null:
            throw DecodingError.valueNotFound(Bool.self, .init(codingPath: codingPath, debugDescription: "Found null"))
        default:
            throw mismatch(Bool.self)
        }
    }

    func decodeDate() throws -> Date {
        let text = try decodeString()
        guard let date = ECSTimestamp.date(from: text) else {
            throw corrupted("Expected an ECS timestamp such as 2026-11-20T08:00Z")
        }
        return date
    }

    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        // Dispatch the few types with a wire form of their own before falling back to `init(from:)`.
        if type == String.self, let value = try decodeString() as? T { return value }
        if type == Int.self, let value = try decodeInteger(Int.self) as? T { return value }
        if type == Double.self, let value = try decodeDouble() as? T { return value }
        if type == Bool.self, let value = try decodeBool() as? T { return value }
        if type == Date.self, let value = try decodeDate() as? T { return value }
        return try T(from: self)
    }
}

struct JSONKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: JSONNodeDecoder
    let keys: [Int]

    var codingPath: [any CodingKey] { decoder.codingPath }

    var allKeys: [Key] {
        keys.compactMap { Key(stringValue: decoder.document.string($0)) }
    }

    /// The value node for `key`, or `nil` when the object does not have it.
    private func valueIndex(_ key: Key) -> Int? {
        let name = key.stringValue
        let found = name.utf8.withContiguousStorageIfAvailable { bytes in
            keys.first { decoder.document.keyMatches($0, bytes) }
        }
        if let found { return found.map { $0 + 1 } }
        let bytes = Array(name.utf8)
        return bytes.withUnsafeBufferPointer { buffer in keys.first { decoder.document.keyMatches($0, buffer) } }.map { $0 + 1 }
    }

    private func child(_ key: Key) throws -> JSONNodeDecoder {
        guard let index = valueIndex(key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "No value for \"\(key.stringValue)\""))
        }
        return decoder.child(index, key: key.stringValue)
    }

    /// The child for `key` unless it is missing or stands for "absent" for `type`.
    private func presentChild(_ key: Key, as type: Any.Type) -> JSONNodeDecoder? {
        guard let index = valueIndex(key) else { return nil }
        let child = decoder.child(index, key: key.stringValue)
        return child.isAbsent(as: type) ? nil : child
    }

    func contains(_ key: Key) -> Bool { valueIndex(key) != nil }

    func decodeNil(forKey key: Key) throws -> Bool {
        try child(key).node.kind == .null
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try child(key).decodeBool() }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try child(key).decodeString() }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try child(key).decodeDouble() }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try child(key).decodeDouble()) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try child(key).decodeInteger(type) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try child(key).decodeInteger(type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try child(key).decodeInteger(type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try child(key).decodeInteger(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try child(key).decodeInteger(type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try child(key).decodeInteger(type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try child(key).decodeInteger(type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try child(key).decodeInteger(type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try child(key).decodeInteger(type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try child(key).decodeInteger(type) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try child(key).decodeValue(type) }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try presentChild(key, as: type)?.decodeBool() }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try presentChild(key, as: type)?.decodeString() }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try presentChild(key, as: type)?.decodeDouble() }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? {
        guard let child = presentChild(key, as: type) else { return nil }
        return Float(try child.decodeDouble())
    }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try presentChild(key, as: type)?.decodeInteger(type) }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try presentChild(key, as: type)?.decodeInteger(type) }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try presentChild(key, as: type)?.decodeInteger(type) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try presentChild(key, as: type)?.decodeInteger(type) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try presentChild(key, as: type)?.decodeInteger(type) }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try presentChild(key, as: type)?.decodeInteger(type) }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try presentChild(key, as: type)?.decodeInteger(type) }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try presentChild(key, as: type)?.decodeInteger(type) }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try presentChild(key, as: type)?.decodeInteger(type) }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try presentChild(key, as: type)?.decodeInteger(type) }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        try presentChild(key, as: type)?.decodeValue(type)
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try child(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try child(key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { decoder }
    func superDecoder(forKey key: Key) throws -> any Decoder { try child(key) }
}

struct JSONUnkeyedContainer: UnkeyedDecodingContainer {
    let decoder: JSONNodeDecoder
    let elements: [Int]
    private(set) var currentIndex = 0

    init(decoder: JSONNodeDecoder, elements: [Int]) {
        self.decoder = decoder
        self.elements = elements
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private mutating func next() throws -> JSONNodeDecoder {
        guard currentIndex < elements.count else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath, debugDescription: "No more elements"))
        }
        defer { currentIndex += 1 }
        return decoder.element(elements[currentIndex], position: currentIndex)
    }

    mutating func decodeNil() throws -> Bool {
        guard currentIndex < elements.count, decoder.document.node(elements[currentIndex]).kind == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try next().decodeBool() }
    mutating func decode(_ type: String.Type) throws -> String { try next().decodeString() }
    mutating func decode(_ type: Double.Type) throws -> Double { try next().decodeDouble() }
    mutating func decode(_ type: Float.Type) throws -> Float { Float(try next().decodeDouble()) }
    mutating func decode(_ type: Int.Type) throws -> Int { try next().decodeInteger(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try next().decodeInteger(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try next().decodeInteger(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next().decodeInteger(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next().decodeInteger(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try next().decodeInteger(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next().decodeInteger(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next().decodeInteger(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next().decodeInteger(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next().decodeInteger(type) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decodeValue(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
    mutating func superDecoder() throws -> any Decoder { try next() }
}

struct JSONSingleValueContainer: SingleValueDecodingContainer {
    let decoder: JSONNodeDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { decoder.node.kind == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try decoder.decodeBool() }
    func decode(_ type: String.Type) throws -> String { try decoder.decodeString() }
    func decode(_ type: Double.Type) throws -> Double { try decoder.decodeDouble() }
    func decode(_ type: Float.Type) throws -> Float { Float(try decoder.decodeDouble()) }
    func decode(_ type: Int.Type) throws -> Int { try decoder.decodeInteger(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decoder.decodeInteger(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decoder.decodeInteger(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decoder.decodeInteger(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decoder.decodeInteger(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try decoder.decodeInteger(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decoder.decodeInteger(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decoder.decodeInteger(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decoder.decodeInteger(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decoder.decodeInteger(type) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decodeValue(type) }
}
