import AliyunECS
import Foundation

/// Encodes an `Encodable` answer straight into JSON bytes, in the order its `encode(to:)` writes them:
/// what the simulated region answers with, dates in ECS's form, slashes unescaped.
///
/// Foundation's `JSONEncoder` builds a tree of dictionaries first and writes it afterwards; for a
/// 100-instance DescribeInstances page that was most of the emulator's time per request. This writer keeps
/// only a stack of open containers: a container is closed when its parent (or the caller) writes again.
struct StreamingJSONEncoder {
    /// The JSON of `value`.
    static func encode(_ value: some Encodable) throws -> Data {
        let writer = JSONByteWriter(capacity: 4096)
        try writer.encodeValue(value)
        writer.close(above: 0)
        return writer.bytes.data()
    }

    /// The JSON of a DescribeInstances answer whose instances are those of `page`, written from the JSON
    /// remembered for each (see ``DescribedInstanceMemo``): every other member is encoded from `response`,
    /// whose own `instances` are not read.
    /// - Parameter capacity: The bytes to reserve at once; on return, the size of this answer (at least 4 KiB).
    static func encode(_ response: DescribeInstancesResponse, instances page: [DescribedInstanceMemo.Entry], capacity: inout Int) throws -> Data {
        let writer = JSONByteWriter(capacity: capacity)
        writer.describedInstances = page
        try writer.encodeValue(response)
        writer.close(above: 0)
        capacity = max(4096, writer.bytes.count)
        return writer.bytes.data()
    }

    /// The JSON of `value`, as bytes to be written again later.
    static func bytes(of value: some Encodable) throws -> [UInt8] {
        let writer = JSONByteWriter(capacity: 4096)
        try writer.encodeValue(value)
        writer.close(above: 0)
        return writer.bytes.bytes(from: 0)
    }
}

/// The encoder every value and container of one encoding shares.
private final class JSONByteWriter: Encoder {
    /// An open object or array, and how many members it has so far.
    struct Frame {
        var isObject: Bool
        var count: Int
    }

    /// Where the JSON is written.
    let bytes: JSONOutputBuffer
    // Only this encoding's own code touches it, one call at a time: the dynamic exclusivity checks of a
    // class's stored properties cost more than the writing itself.
    @exclusivity(unchecked) var frames: [Frame] = []
    // Not tracked: ECS answers need no coding path, and keeping one costs an array copy per value.
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// The instances to write, from their remembered JSON, in place of the first `[ECSInstance]` encoded.
    var describedInstances: [DescribedInstanceMemo.Entry]?

    init(capacity: Int) {
        bytes = JSONOutputBuffer(capacity: capacity)
    }

    // MARK: Encoder

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        open(isObject: true)
        return KeyedEncodingContainer(KeyedWriter<Key>(writer: self, depth: frames.count))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        open(isObject: false)
        return UnkeyedWriter(writer: self, depth: frames.count)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueWriter(writer: self)
    }

    // MARK: Structure

    func open(isObject: Bool) {
        bytes.append(isObject ? UInt8(ascii: "{") : UInt8(ascii: "["))
        frames.append(Frame(isObject: isObject, count: 0))
    }

    /// Closes every container deeper than `depth`.
    func close(above depth: Int) {
        while frames.count > depth {
            let frame = frames.removeLast()
            bytes.append(frame.isObject ? UInt8(ascii: "}") : UInt8(ascii: "]"))
        }
    }

    /// Prepares the container at `depth` for its next member: closes what is nested deeper, writes the
    /// separating comma, counts the member.
    func beginMember(at depth: Int) {
        close(above: depth)
        let index = depth - 1
        if frames[index].count > 0 { bytes.append(UInt8(ascii: ",")) }
        frames[index].count += 1
    }

    func writeKey(_ key: some CodingKey) {
        writeString(key.stringValue)
        bytes.append(UInt8(ascii: ":"))
    }

    /// Writes a nested value where the cursor is; a value that wrote nothing becomes `{}`, as with `JSONEncoder`.
    func encodeValue<Value: Encodable>(_ value: Value) throws {
        if Value.self == Date.self, let date = value as? Date {
            writeString(ECSTimestamp.string(from: date))
            return
        }
        if Value.self == [ECSInstance].self, let page = describedInstances {
            // Each instance's JSON is copied as it was written: no `ECSInstance` is built, copied or compared.
            describedInstances = nil
            bytes.append(UInt8(ascii: "["))
            for (index, entry) in page.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                bytes.append(contentsOf: entry.json)
            }
            bytes.append(UInt8(ascii: "]"))
            return
        }
        try encodeNested(value)
    }

    private func encodeNested<Value: Encodable>(_ value: Value) throws {
        let depth = frames.count
        let start = bytes.count
        try value.encode(to: self)
        close(above: depth)
        if bytes.count == start { bytes.append(contentsOf: [UInt8(ascii: "{"), UInt8(ascii: "}")]) }
    }

    // MARK: Scalars

    func writeNull() {
        bytes.append(contentsOf: [UInt8(ascii: "n"), UInt8(ascii: "u"), UInt8(ascii: "l"), UInt8(ascii: "l")])
    }

    func writeBool(_ value: Bool) {
        if value {
            bytes.append(contentsOf: [UInt8(ascii: "t"), UInt8(ascii: "r"), UInt8(ascii: "u"), UInt8(ascii: "e")])
        } else {
            bytes.append(contentsOf: [UInt8(ascii: "f"), UInt8(ascii: "a"), UInt8(ascii: "l"), UInt8(ascii: "s"), UInt8(ascii: "e")])
        }
    }

    func writeInteger(_ value: some BinaryInteger) {
        bytes.append(contentsOf: String(value).utf8)
    }

    /// As `JSONEncoder` writes it: the shortest form that reads back, without a trailing `.0`; `null`
    /// where JSON has no number.
    func writeDouble(_ value: Double) {
        guard value.isFinite else {
            writeNull()
            return
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    func writeString(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            bytes.append(UInt8(ascii: "\""))
            var runStart = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                runStart = index + 1
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
                case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                default:
                    func hex(_ digit: UInt8) -> UInt8 { digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10 }
                    bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex(byte >> 4), hex(byte & 0x0F)])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
            bytes.append(UInt8(ascii: "\""))
        }
    }
}

/// The members of one JSON object.
private struct KeyedWriter<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let writer: JSONByteWriter
    let depth: Int
    var codingPath: [any CodingKey] { [] }

    private func member(_ key: Key) {
        writer.beginMember(at: depth)
        writer.writeKey(key)
    }

    mutating func encodeNil(forKey key: Key) throws { member(key); writer.writeNull() }
    mutating func encode(_ value: Bool, forKey key: Key) throws { member(key); writer.writeBool(value) }
    mutating func encode(_ value: String, forKey key: Key) throws { member(key); writer.writeString(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { member(key); writer.writeDouble(value) }
    mutating func encode(_ value: Float, forKey key: Key) throws { member(key); writer.writeDouble(Double(value)) }
    mutating func encode(_ value: Int, forKey key: Key) throws { member(key); writer.writeInteger(value) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { member(key); writer.writeInteger(value) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { member(key); writer.writeInteger(value) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { member(key); writer.writeInteger(value) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { member(key); writer.writeInteger(value) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { member(key); writer.writeInteger(value) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { member(key); writer.writeInteger(value) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { member(key); writer.writeInteger(value) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { member(key); writer.writeInteger(value) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { member(key); writer.writeInteger(value) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        member(key)
        try writer.encodeValue(value)
    }

    // Absent values are skipped here, before any generic code runs: the protocol's default forms go
    // through `Optional<T>`'s metadata for every field, present or not.
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        member(key)
        return writer.container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        member(key)
        return writer.unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        writer.beginMember(at: depth)
        writer.writeString("super")
        writer.bytes.append(UInt8(ascii: ":"))
        return writer
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        member(key)
        return writer
    }
}

/// The elements of one JSON array.
private struct UnkeyedWriter: UnkeyedEncodingContainer {
    let writer: JSONByteWriter
    let depth: Int
    var codingPath: [any CodingKey] { [] }
    var count: Int { writer.frames.count >= depth ? writer.frames[depth - 1].count : 0 }

    mutating func encodeNil() throws { writer.beginMember(at: depth); writer.writeNull() }
    mutating func encode(_ value: Bool) throws { writer.beginMember(at: depth); writer.writeBool(value) }
    mutating func encode(_ value: String) throws { writer.beginMember(at: depth); writer.writeString(value) }
    mutating func encode(_ value: Double) throws { writer.beginMember(at: depth); writer.writeDouble(value) }
    mutating func encode(_ value: Float) throws { writer.beginMember(at: depth); writer.writeDouble(Double(value)) }
    mutating func encode(_ value: Int) throws { writer.beginMember(at: depth); writer.writeInteger(value) }
    mutating func encode(_ value: Int64) throws { writer.beginMember(at: depth); writer.writeInteger(value) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        writer.beginMember(at: depth)
        try writer.encodeValue(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        writer.beginMember(at: depth)
        return writer.container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        writer.beginMember(at: depth)
        return writer.unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        writer.beginMember(at: depth)
        return writer
    }
}

/// One value where the cursor is (the key or the comma before it is already written).
private struct SingleValueWriter: SingleValueEncodingContainer {
    let writer: JSONByteWriter
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() throws { writer.writeNull() }
    mutating func encode(_ value: Bool) throws { writer.writeBool(value) }
    mutating func encode(_ value: String) throws { writer.writeString(value) }
    mutating func encode(_ value: Double) throws { writer.writeDouble(value) }
    mutating func encode(_ value: Float) throws { writer.writeDouble(Double(value)) }
    mutating func encode(_ value: Int) throws { writer.writeInteger(value) }
    mutating func encode(_ value: Int8) throws { writer.writeInteger(value) }
    mutating func encode(_ value: Int16) throws { writer.writeInteger(value) }
    mutating func encode(_ value: Int32) throws { writer.writeInteger(value) }
    mutating func encode(_ value: Int64) throws { writer.writeInteger(value) }
    mutating func encode(_ value: UInt) throws { writer.writeInteger(value) }
    mutating func encode(_ value: UInt8) throws { writer.writeInteger(value) }
    mutating func encode(_ value: UInt16) throws { writer.writeInteger(value) }
    mutating func encode(_ value: UInt32) throws { writer.writeInteger(value) }
    mutating func encode(_ value: UInt64) throws { writer.writeInteger(value) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try writer.encodeValue(value)
    }
}
