import Foundation

/// A model that reads itself straight from the parsed JSON tape, bypassing `Decoder`.
///
/// The conformances are generated (`Codegen/generate`, for the actions of `Codegen/actions.txt`) from
/// the API model's wire names and types, and a parity test checks that they decode exactly what the `Codable` path decodes.
/// ``ECSJSONDecoder`` uses them when a type has one: for a 100-instance page this is several times faster
/// than going through `Decoder`.
protocol JSONTapeDecodable {
    /// Reads the value from a JSON object.
    init(tape object: JSONObjectView) throws
}

/// Why the fast path could not read a value. ``ECSJSONDecoder`` then decodes the body again through
/// `Decoder`, which reports the problem with its full coding path: a bad body is rare, and this keeps the
/// error a caller sees the same whichever path found it.
struct JSONTapeError: Error {
    enum Problem {
        case typeMismatch(expected: Any.Type, found: String)
        case valueNotFound(Any.Type)
        case corrupted(String)
        case keyNotFound(String)
    }

    var problem: Problem
}

/// One key of a JSON object, compared without building a `String`.
struct JSONKeyView {
    let document: JSONDocument
    let index: Int

    /// The hash of the key's bytes (see `JSONTape.keyHash`).
    var hash: UInt32 { document.node(index).hash }

    /// Whether the key spells `literal`, compared eight bytes at a time (keys are short, and a call to
    /// `memcmp` would cost more than the comparison).
    @inline(__always)
    static func == (key: JSONKeyView, literal: StaticString) -> Bool {
        let node = key.document.node(key.index)
        guard node.kind == .string else { return key.document.string(key.index) == literal.description }
        let length = Int(node.length)
        guard length == literal.utf8CodeUnitCount else { return false }
        guard let base = key.document.bytes.baseAddress else { return length == 0 }
        let stored = UnsafeRawPointer(base + Int(node.start))
        let expected = UnsafeRawPointer(literal.utf8Start)
        var offset = 0
        while offset + 8 <= length {
            guard stored.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                == expected.loadUnaligned(fromByteOffset: offset, as: UInt64.self) else { return false }
            offset += 8
        }
        while offset < length {
            guard stored.load(fromByteOffset: offset, as: UInt8.self) == expected.load(fromByteOffset: offset, as: UInt8.self) else { return false }
            offset += 1
        }
        return true
    }

    /// The key as a string (for error paths).
    var string: String { document.string(index) }
}

/// A JSON object on the tape: iterate its entries once and switch on each key's hash.
struct JSONObjectView {
    let document: JSONDocument
    let index: Int

    /// Calls `body` with each key and value, in document order.
    @inline(__always)
    func forEach(_ body: (JSONKeyView, JSONValueView) throws -> Void) throws {
        let object = document.node(index)
        var cursor = index + 1
        for _ in 0..<object.length {
            try body(JSONKeyView(document: document, index: cursor), JSONValueView(document: document, index: cursor + 1))
            cursor = Int(document.node(cursor + 1).end)
        }
    }

    /// The error for a required key the object lacks.
    static func missing(_ key: String) -> JSONTapeError {
        JSONTapeError(problem: .keyNotFound(key))
    }
}

/// One JSON value on the tape, read with the same leniency as ``ECSJSONDecoder``: numbers and booleans
/// sent as strings, strings sent as numbers, an empty string or `null` meaning "absent" for optional
/// non-string values, and lists bare or wrapped one level down (`{"Item": […]}`).
struct JSONValueView {
    let document: JSONDocument
    let index: Int

    var kind: JSONTape.Kind { document.node(index).kind }

    private func mismatch(_ type: Any.Type) -> JSONTapeError {
        switch kind {
        case .null: JSONTapeError(problem: .valueNotFound(type))
        case .array, .object: JSONTapeError(problem: .typeMismatch(expected: type, found: document.describe(index)))
        default: JSONTapeError(problem: .corrupted("Expected \(type) but found \(document.describe(index)) that is not one"))
        }
    }

    /// A structure or list was expected: like ``JSONNodeDecoder``, always a type mismatch, even for `null` or a
    /// scalar (a scalar reader's `mismatch` reports those as missing or corrupted values instead).
    private func containerMismatch(_ type: Any.Type) -> JSONTapeError {
        JSONTapeError(problem: .typeMismatch(expected: type, found: document.describe(index)))
    }

    /// `true` for `null`, and for `""` where the wanted type is not a string.
    @inline(__always)
    private func isAbsent(forString: Bool) -> Bool {
        let node = document.node(index)
        return node.kind == .null || (!forString && node.kind == .string && node.length == 0)
    }

    func string() throws -> String {
        guard let value = document.stringValue(index) else { throw mismatch(String.self) }
        return value
    }

    func optionalString() throws -> String? {
        isAbsent(forString: true) ? nil : try string()
    }

    func int() throws -> Int {
        guard let parsed = document.integerValue(index), let value = Int(exactly: parsed) else { throw mismatch(Int.self) }
        return value
    }

    func optionalInt() throws -> Int? {
        isAbsent(forString: false) ? nil : try int()
    }

    func int64() throws -> Int64 {
        guard let value = document.integerValue(index) else { throw mismatch(Int64.self) }
        return value
    }

    func optionalInt64() throws -> Int64? {
        isAbsent(forString: false) ? nil : try int64()
    }

    func double() throws -> Double {
        guard let value = document.doubleValue(index) else { throw mismatch(Double.self) }
        return value
    }

    func optionalDouble() throws -> Double? {
        isAbsent(forString: false) ? nil : try double()
    }

    func bool() throws -> Bool {
        guard let value = document.boolValue(index) else { throw mismatch(Bool.self) }
        return value
    }

    func optionalBool() throws -> Bool? {
        isAbsent(forString: false) ? nil : try bool()
    }

    func date() throws -> Date {
        guard let value = document.dateValue(index) else {
            throw JSONTapeError(problem: .corrupted("Expected an ECS timestamp such as 2026-11-20T08:00Z"))
        }
        return value
    }

    func optionalDate() throws -> Date? {
        isAbsent(forString: false) ? nil : try date()
    }

    func enumValue<Value: ECSStringEnum>(_ type: Value.Type = Value.self) throws -> Value {
        Value(rawValue: try string())
    }

    func optionalEnum<Value: ECSStringEnum>(_ type: Value.Type = Value.self) throws -> Value? {
        isAbsent(forString: false) ? nil : Value(rawValue: try string())
    }

    func object() throws -> JSONObjectView {
        guard kind == .object else { throw containerMismatch([String: Any].self) }
        return JSONObjectView(document: document, index: index)
    }

    /// A nested structure, or `nil` when absent (`null` or `""`).
    func optionalObject() throws -> JSONObjectView? {
        isAbsent(forString: false) ? nil : try object()
    }

    /// A model read with its fast path.
    func model<Value: JSONTapeDecodable>(_ type: Value.Type = Value.self) throws -> Value {
        try Value(tape: object())
    }

    /// An optional model read with its fast path.
    func optionalModel<Value: JSONTapeDecodable>(_ type: Value.Type = Value.self) throws -> Value? {
        try optionalObject().map { try Value(tape: $0) }
    }

    /// The elements of a list, bare or wrapped (`{"Item": […]}`), each read with `element`.
    func list<Element>(_ element: (JSONValueView) throws -> Element) throws -> [Element] {
        let node = document.node(index)
        let arrayIndex: Int
        switch node.kind {
        case .array:
            arrayIndex = index
        case .object:
            if node.length == 0 { return [] }
            guard node.length == 1 else { throw mismatch([Any].self) }
            let inner = document.node(index + 2)
            if inner.kind == .null || (inner.kind == .string && inner.length == 0) { return [] }
            guard inner.kind == .array else { throw mismatch([Any].self) }
            arrayIndex = index + 2
        case .null:
            return []
        case .string where node.length == 0:
            return []
        default:
            throw mismatch([Any].self)
        }
        let array = document.node(arrayIndex)
        var result: [Element] = []
        result.reserveCapacity(Int(array.length))
        var cursor = arrayIndex + 1
        for _ in 0..<Int(array.length) {
            result.append(try element(JSONValueView(document: document, index: cursor)))
            cursor = Int(document.node(cursor).end)
        }
        return result
    }

    /// A list that may be absent altogether (`nil` for `null` or `""`, as for every optional non-string value).
    func optionalList<Element>(_ element: (JSONValueView) throws -> Element) throws -> [Element]? {
        isAbsent(forString: false) ? nil : try list(element)
    }
}
