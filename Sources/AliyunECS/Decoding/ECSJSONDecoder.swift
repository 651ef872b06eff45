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
        try data.withUnsafeBytes { try decode(type, bytes: $0) }
    }

    /// Decodes `type` from the bytes of a JSON document.
    public func decode<Value: Decodable>(_ type: Value.Type, from bytes: [UInt8]) throws -> Value {
        try bytes.withUnsafeBytes { try decode(type, bytes: $0) }
    }

    private func decode<Value: Decodable>(_ type: Value.Type, bytes: UnsafeRawBufferPointer) throws -> Value {
        guard let fast = type as? any JSONTapeDecodable.Type else {
            // Any other type gets a document that owns a copy of the body: its `init(from:)` may keep the
            // decoder, and the body is only lent for the duration of this call.
            return try JSONNodeDecoder(document: JSONDocument(copying: bytes), index: 0, path: nil).decodeValue(type)
        }
        // The generated models read everything they need before returning and keep no decoder, so they
        // read the body where it is.
        let document = try JSONDocument(borrowing: bytes)
        if document.node(0).kind == .object {
            do {
                if let value = try fast.init(tape: JSONObjectView(document: document, index: 0)) as? Value { return value }
            } catch is JSONTapeError {
                // A bad body is rare: let the Decoder path report it, so errors name the same path either way.
            }
        }
        return try JSONNodeDecoder(document: document, index: 0, path: nil).decodeValue(type)
    }

    /// The `Decoder`-based path, used for types without a generated fast path (and by the parity tests).
    func decodeWithCoder<Value: Decodable>(_ type: Value.Type, from bytes: [UInt8]) throws -> Value {
        try bytes.withUnsafeBytes { raw in
            try JSONNodeDecoder(document: JSONDocument(borrowing: raw), index: 0, path: nil).decodeValue(type)
        }
    }
}

/// The parsed document shared by every container of one decode.
///
/// It either borrows the document's bytes (the generated models, which copy every string and number out
/// and keep nothing, so the body is never copied) or owns a copy of them (any other `Decodable`, whose
/// `init(from:)` may keep its decoder beyond the call that lent the body).
final class JSONDocument: @unchecked Sendable {
    // Immutable after init; the node buffer is given back for reuse, and an owned copy freed, in deinit.
    let bytes: UnsafeBufferPointer<UInt8>
    let nodes: UnsafeMutableBufferPointer<JSONTape.Node>
    private let owned: UnsafeMutableBufferPointer<UInt8>?

    /// Parses borrowed bytes: the document must not outlive them.
    /// - Throws: `DecodingError.dataCorrupted` at the top level when the bytes are not JSON.
    init(borrowing source: UnsafeRawBufferPointer) throws {
        bytes = source.assumingMemoryBound(to: UInt8.self)
        owned = nil
        nodes = try Self.parse(bytes)
    }

    /// Parses a copy of the bytes, which the document keeps for as long as it lives.
    /// - Throws: `DecodingError.dataCorrupted` at the top level when the bytes are not JSON.
    init(copying source: UnsafeRawBufferPointer) throws {
        let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(source.count, 1))
        _ = copy.initialize(from: source)
        let bytes = UnsafeBufferPointer(rebasing: copy[..<source.count])
        do {
            nodes = try Self.parse(bytes)
        } catch {
            copy.deallocate()
            throw error
        }
        self.bytes = bytes
        owned = copy
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws -> UnsafeMutableBufferPointer<JSONTape.Node> {
        do {
            return try JSONTape.parse(bytes).nodes
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: error.description, underlyingError: error))
        }
    }

    deinit {
        JSONTape.recycle(nodes)
        owned?.deallocate()
    }

    @inline(__always)
    func node(_ index: Int) -> JSONTape.Node { nodes[index] }

    @inline(__always)
    func slice(_ node: JSONTape.Node) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[Int(node.start)..<Int(node.start + node.length)])
    }

    /// Indexes of the element nodes of an array.
    func arrayElements(_ index: Int) -> [Int] {
        let array = nodes[index]
        var elements: [Int] = []
        elements.reserveCapacity(Int(array.length))
        var cursor = index + 1
        for _ in 0..<array.length {
            elements.append(cursor)
            cursor = Int(nodes[cursor].end)
        }
        return elements
    }

    /// Whether the key node at `keyIndex` spells `name`.
    func keyEquals(_ keyIndex: Int, _ name: String) -> Bool {
        let key = nodes[keyIndex]
        if key.kind == .escapedString { return string(keyIndex) == name }
        let stored = slice(key)
        var name = name
        return name.withUTF8 { expected in
            guard expected.count == stored.count else { return false }
            guard let expectedBase = expected.baseAddress, let storedBase = stored.baseAddress else { return true }
            return memcmp(expectedBase, storedBase, expected.count) == 0
        }
    }

    func string(_ index: Int) -> String {
        let node = nodes[index]
        return node.kind == .escapedString ? JSONText.unescape(slice(node)) : String(decoding: slice(node), as: UTF8.self)
    }

    func isEmptyString(_ index: Int) -> Bool {
        let node = nodes[index]
        return node.kind == .string && node.length == 0
    }

    /// A short rendering of a value for error messages.
    func describe(_ index: Int) -> String {
        switch nodes[index].kind {
        case .null: "null"
        case .true, .false: "a boolean"
        case .number: "a number"
        case .string, .escapedString: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    // MARK: Scalars, leniently. `nil` means "not this type"; callers turn it into an error with a path.

    func stringValue(_ index: Int) -> String? {
        let node = nodes[index]
        switch node.kind {
        case .string: return String(decoding: slice(node), as: UTF8.self)
        case .escapedString: return JSONText.unescape(slice(node))
        case .number: return String(decoding: slice(node), as: UTF8.self)
        case .true: return "true"
        case .false: return "false"
        case .null, .array, .object: return nil
        }
    }

    func integerValue(_ index: Int) -> Int64? {
        let node = nodes[index]
        switch node.kind {
        case .number, .string: return JSONText.integer(slice(node))
        case .escapedString:
            var text = string(index)
            return text.withUTF8 { JSONText.integer($0) }
        default: return nil
        }
    }

    func doubleValue(_ index: Int) -> Double? {
        let node = nodes[index]
        switch node.kind {
        case .number, .string: return JSONText.floatingPoint(slice(node))
        case .escapedString:
            // The same rules as plain text (no NaN or infinity, which `Double(_:)` would take).
            var text = string(index)
            return text.withUTF8 { JSONText.floatingPoint($0) }
        default: return nil
        }
    }

    func boolValue(_ index: Int) -> Bool? {
        let node = nodes[index]
        switch node.kind {
        case .true: return true
        case .false: return false
        case .string:
            return JSONText.boolean(slice(node))
        case .escapedString:
            var text = string(index)
            return text.withUTF8 { JSONText.boolean($0) }
        case .number:
            switch JSONText.integer(slice(node)) {
            case 0: return false
            case 1: return true
            default: return nil
            }
        default: return nil
        }
    }

    func dateValue(_ index: Int) -> Date? {
        let node = nodes[index]
        guard node.kind == .string else { return stringValue(index).flatMap(ECSTimestamp.date(from:)) }
        return ECSTimestamp.date(fromUTF8: slice(node))
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
        return KeyedDecodingContainer(JSONKeyedContainer<Key>(decoder: self))
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

    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        if let value: T = try JSONScalars.decode(type, document, index, path: { codingPath }) { return value }
        return try T(from: self)
    }
}

/// Reads scalars straight from the document, without building a decoder for them: models have dozens of
/// scalar fields, and this is where decoding spends its time.
enum JSONScalars {
    static func isAbsent(_ document: JSONDocument, _ index: Int, as type: Any.Type) -> Bool {
        let node = document.node(index)
        switch node.kind {
        case .null: return true
        case .string where node.length == 0: return type != String.self && type != Substring.self
        default: return false
        }
    }

    static func failure(_ type: Any.Type, _ document: JSONDocument, _ index: Int, path: () -> [any CodingKey]) -> DecodingError {
        switch document.node(index).kind {
        case .null:
            return DecodingError.valueNotFound(type, .init(codingPath: path(), debugDescription: "Found null"))
        case .array, .object:
            return DecodingError.typeMismatch(type, .init(codingPath: path(), debugDescription: "Expected \(type) but found \(document.describe(index))"))
        default:
            return DecodingError.dataCorrupted(.init(
                codingPath: path(), debugDescription: "Expected \(type) but found \(document.describe(index)) that is not one"))
        }
    }

    static func string(_ document: JSONDocument, _ index: Int, path: () -> [any CodingKey]) throws -> String {
        guard let value = document.stringValue(index) else { throw failure(String.self, document, index, path: path) }
        return value
    }

    static func integer<T: FixedWidthInteger>(_ type: T.Type, _ document: JSONDocument, _ index: Int, path: () -> [any CodingKey]) throws -> T {
        guard let parsed = document.integerValue(index), let value = T(exactly: parsed) else { throw failure(type, document, index, path: path) }
        return value
    }

    static func double(_ document: JSONDocument, _ index: Int, path: () -> [any CodingKey]) throws -> Double {
        guard let value = document.doubleValue(index) else { throw failure(Double.self, document, index, path: path) }
        return value
    }

    static func bool(_ document: JSONDocument, _ index: Int, path: () -> [any CodingKey]) throws -> Bool {
        guard let value = document.boolValue(index) else { throw failure(Bool.self, document, index, path: path) }
        return value
    }

    /// Decodes the types with a wire form of their own (strings, numbers, booleans, ECS timestamps and
    /// open enums) directly; `nil` for every other type.
    @inline(__always)
    static func decode<T>(_ type: T.Type, _ document: JSONDocument, _ index: Int, path: () -> [any CodingKey]) throws -> T? {
        if type == String.self { return try string(document, index, path: path) as? T }
        if let enumType = type as? any ECSStringEnum.Type {
            return enumType.init(rawValue: try string(document, index, path: path)) as? T
        }
        if type == Int.self { return try integer(Int.self, document, index, path: path) as? T }
        if type == Bool.self { return try bool(document, index, path: path) as? T }
        if type == Double.self { return try double(document, index, path: path) as? T }
        if type == Date.self {
            guard let date = document.dateValue(index) else {
                throw DecodingError.dataCorrupted(.init(codingPath: path(), debugDescription: "Expected an ECS timestamp such as 2026-11-20T08:00Z"))
            }
            return date as? T
        }
        return nil
    }
}

struct JSONKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: JSONNodeDecoder
    /// An open-addressing table from key hash to key node index (`-1` when empty); its size is a power of
    /// two at least twice the number of keys, so a lookup is one or two probes.
    let table: [Int32]
    let mask: Int

    init(decoder: JSONNodeDecoder) {
        self.decoder = decoder
        let document = decoder.document
        let object = document.node(decoder.index)
        var size = 8
        while size < Int(object.length) * 2 { size <<= 1 }
        var table = [Int32](repeating: -1, count: size)
        let mask = size - 1
        var cursor = decoder.index + 1
        for _ in 0..<object.length {
            var slot = Int(document.node(cursor).hash) & mask
            while table[slot] >= 0 { slot = (slot + 1) & mask }
            table[slot] = Int32(cursor)
            cursor = Int(document.node(cursor + 1).end)
        }
        self.table = table
        self.mask = mask
    }

    var codingPath: [any CodingKey] { decoder.codingPath }

    var allKeys: [Key] {
        table.filter { $0 >= 0 }.sorted().compactMap { Key(stringValue: decoder.document.string(Int($0))) }
    }

    /// The value node for `key`, or `nil` when the object does not have it.
    @inline(__always)
    private func valueIndex(_ key: Key) -> Int? {
        let name = key.stringValue
        let hash = JSONTape.keyHash(name)
        let document = decoder.document
        var slot = Int(hash) & mask
        while true {
            let keyIndex = Int(table[slot])
            guard keyIndex >= 0 else { return nil }
            if document.node(keyIndex).hash == hash, document.keyEquals(keyIndex, name) { return keyIndex + 1 }
            slot = (slot + 1) & mask
        }
    }

    private func path(_ key: Key) -> [any CodingKey] { codingPath + [key] }

    private func require(_ key: Key) throws -> Int {
        guard let index = valueIndex(key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "No value for \"\(key.stringValue)\""))
        }
        return index
    }

    /// The value node for `key` unless it is missing or stands for "absent" for `type`.
    private func present(_ key: Key, as type: Any.Type) -> Int? {
        guard let index = valueIndex(key), !JSONScalars.isAbsent(decoder.document, index, as: type) else { return nil }
        return index
    }

    func contains(_ key: Key) -> Bool { valueIndex(key) != nil }

    func decodeNil(forKey key: Key) throws -> Bool {
        decoder.document.node(try require(key)).kind == .null
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try JSONScalars.bool(decoder.document, require(key)) { path(key) } }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try JSONScalars.string(decoder.document, require(key)) { path(key) } }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try JSONScalars.double(decoder.document, require(key)) { path(key) } }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try decode(Double.self, forKey: key)) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try JSONScalars.integer(type, decoder.document, require(key)) { path(key) } }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try JSONScalars.integer(type, decoder.document, require(key)) { path(key) } }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try JSONScalars.integer(type, decoder.document, require(key)) { path(key) } }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try JSONScalars.integer(type, decoder.document, require(key)) { path(key) } }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try JSONScalars.integer(type, decoder.document, require(key)) { path(key) } }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try JSONScalars.integer(type, decoder.document, require(key)) { path(key) } }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try JSONScalars.integer(type, decoder.document, require(key)) { path(key) } }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try JSONScalars.integer(type, decoder.document, require(key)) { path(key) } }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try JSONScalars.integer(type, decoder.document, require(key)) { path(key) } }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try JSONScalars.integer(type, decoder.document, require(key)) { path(key) } }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let index = try require(key)
        if let value: T = try JSONScalars.decode(type, decoder.document, index, path: { path(key) }) { return value }
        return try T(from: decoder.child(index, key: key.stringValue))
    }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        guard let index = present(key, as: type) else { return nil }
        return try JSONScalars.bool(decoder.document, index) { path(key) }
    }

    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        guard let index = present(key, as: type) else { return nil }
        return try JSONScalars.string(decoder.document, index) { path(key) }
    }

    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        guard let index = present(key, as: type) else { return nil }
        return try JSONScalars.double(decoder.document, index) { path(key) }
    }

    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? {
        try decodeIfPresent(Double.self, forKey: key).map(Float.init)
    }

    private func integerIfPresent<T: FixedWidthInteger>(_ type: T.Type, _ key: Key) throws -> T? {
        guard let index = present(key, as: type) else { return nil }
        return try JSONScalars.integer(type, decoder.document, index) { path(key) }
    }

    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try integerIfPresent(type, key) }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try integerIfPresent(type, key) }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try integerIfPresent(type, key) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try integerIfPresent(type, key) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try integerIfPresent(type, key) }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try integerIfPresent(type, key) }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try integerIfPresent(type, key) }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try integerIfPresent(type, key) }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try integerIfPresent(type, key) }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try integerIfPresent(type, key) }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let index = present(key, as: type) else { return nil }
        if let value: T = try JSONScalars.decode(type, decoder.document, index, path: { path(key) }) { return value }
        return try T(from: decoder.child(index, key: key.stringValue))
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder.child(require(key), key: key.stringValue).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder.child(require(key), key: key.stringValue).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { decoder }
    func superDecoder(forKey key: Key) throws -> any Decoder { decoder.child(try require(key), key: key.stringValue) }
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

    /// The next element's node, and its position for error paths.
    private mutating func next() throws -> (index: Int, position: Int) {
        guard currentIndex < elements.count else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath, debugDescription: "No more elements"))
        }
        defer { currentIndex += 1 }
        return (elements[currentIndex], currentIndex)
    }

    private func path(_ position: Int) -> [any CodingKey] { codingPath + [AnyCodingKey(index: position)] }

    mutating func decodeNil() throws -> Bool {
        guard currentIndex < elements.count, decoder.document.node(elements[currentIndex]).kind == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool {
        let (index, position) = try next()
        return try JSONScalars.bool(decoder.document, index) { path(position) }
    }

    mutating func decode(_ type: String.Type) throws -> String {
        let (index, position) = try next()
        return try JSONScalars.string(decoder.document, index) { path(position) }
    }

    mutating func decode(_ type: Double.Type) throws -> Double {
        let (index, position) = try next()
        return try JSONScalars.double(decoder.document, index) { path(position) }
    }

    mutating func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }

    private mutating func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        let (index, position) = try next()
        return try JSONScalars.integer(type, decoder.document, index) { path(position) }
    }

    mutating func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (index, position) = try next()
        if let value: T = try JSONScalars.decode(type, decoder.document, index, path: { path(position) }) { return value }
        return try T(from: decoder.element(index, position: position))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (index, position) = try next()
        return try decoder.element(index, position: position).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (index, position) = try next()
        return try decoder.element(index, position: position).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (index, position) = try next()
        return decoder.element(index, position: position)
    }
}

struct JSONSingleValueContainer: SingleValueDecodingContainer {
    let decoder: JSONNodeDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    private var document: JSONDocument { decoder.document }
    private var index: Int { decoder.index }

    func decodeNil() -> Bool { decoder.node.kind == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try JSONScalars.bool(document, index) { codingPath } }
    func decode(_ type: String.Type) throws -> String { try JSONScalars.string(document, index) { codingPath } }
    func decode(_ type: Double.Type) throws -> Double { try JSONScalars.double(document, index) { codingPath } }
    func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }
    func decode(_ type: Int.Type) throws -> Int { try JSONScalars.integer(type, document, index) { codingPath } }
    func decode(_ type: Int8.Type) throws -> Int8 { try JSONScalars.integer(type, document, index) { codingPath } }
    func decode(_ type: Int16.Type) throws -> Int16 { try JSONScalars.integer(type, document, index) { codingPath } }
    func decode(_ type: Int32.Type) throws -> Int32 { try JSONScalars.integer(type, document, index) { codingPath } }
    func decode(_ type: Int64.Type) throws -> Int64 { try JSONScalars.integer(type, document, index) { codingPath } }
    func decode(_ type: UInt.Type) throws -> UInt { try JSONScalars.integer(type, document, index) { codingPath } }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try JSONScalars.integer(type, document, index) { codingPath } }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try JSONScalars.integer(type, document, index) { codingPath } }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try JSONScalars.integer(type, document, index) { codingPath } }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try JSONScalars.integer(type, document, index) { codingPath } }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decodeValue(type) }
}
