import Foundation

/// The parsed form of a JSON document: a flat array of nodes (a "tape") over the document's bytes.
///
/// Parsing allocates one array; strings and numbers stay as byte ranges and are only turned into
/// Swift values when a model asks for them, which keeps large pages (100 instances, 300 KB) cheap.
/// Nesting deeper than ``maximumDepth`` is rejected, so hostile input cannot exhaust the stack.
enum JSONTape {
    enum Kind: UInt8, Sendable {
        case null, `false`, `true`, number, string, escapedString, array, object
    }

    /// One value. Containers are followed by their children; `end` is the index just past the subtree.
    /// Scalars use `start`/`length` as a byte range (strings without their quotes); containers use
    /// `length` as their element count (objects: entry count, each entry a key node then a value).
    /// Object keys carry a hash of their bytes, so models find their fields by comparing integers.
    struct Node: Sendable {
        var kind: Kind
        var start: UInt32
        var length: UInt32
        var end: UInt32
        var hash: UInt32 = 0
    }

    /// The hash object keys are stored and looked up with: the length and the first and last eight bytes,
    /// mixed, so it costs the same for every key. Equal hashes are always confirmed by comparing bytes.
    /// (`Scripts/generate-fast-coding.py` computes the same function for the generated decoders.)
    @inline(__always)
    static func keyHash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        let length = bytes.count
        var first: UInt64 = 0
        var last: UInt64 = 0
        if length >= 8, let base = bytes.baseAddress {
            first = UInt64(littleEndian: UnsafeRawPointer(base).loadUnaligned(as: UInt64.self))
            last = UInt64(littleEndian: UnsafeRawPointer(base + length - 8).loadUnaligned(as: UInt64.self))
        } else {
            for (offset, byte) in bytes.enumerated() { first |= UInt64(byte) << (8 * UInt64(offset)) }
        }
        return mixKeyHash(first: first, last: last, length: length)
    }

    /// ``keyHash(_:)`` of the `length` bytes at `start` in `document`. A short key that is not at the very
    /// end of the document is read with one load, masked, instead of byte by byte.
    @inline(__always)
    static func keyHash(in document: UnsafeBufferPointer<UInt8>, start: Int, length: Int) -> UInt32 {
        guard length < 8, start + 8 <= document.count, let base = document.baseAddress else {
            return keyHash(UnsafeBufferPointer(rebasing: document[start..<(start + length)]))
        }
        let word = UInt64(littleEndian: UnsafeRawPointer(base + start).loadUnaligned(as: UInt64.self))
        return mixKeyHash(first: word & ((1 << (8 * UInt64(length))) - 1), last: 0, length: length)
    }

    @inline(__always)
    private static func mixKeyHash(first: UInt64, last: UInt64, length: Int) -> UInt32 {
        let rotated = (last << 29) | (last >> 35)
        let mixed = (first ^ rotated ^ UInt64(length)) &* 0x9E37_79B9_7F4A_7C15
        return UInt32(truncatingIfNeeded: mixed >> 32)
    }

    /// ``keyHash(_:)`` of a string's UTF-8 bytes.
    @inline(__always)
    static func keyHash(_ text: String) -> UInt32 {
        text.withUTF8Bytes { keyHash($0) }
    }

    /// Why a document could not be parsed.
    struct SyntaxError: Error, Sendable, CustomStringConvertible {
        var offset: Int
        var reason: String
        var description: String { "Invalid JSON at byte \(offset): \(reason)" }
    }

    static let maximumDepth = 128

    /// Parses `bytes` into nodes. The returned buffer (its whole capacity) belongs to the caller, which
    /// gives it back with ``recycle(_:)``.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(SyntaxError) -> (nodes: UnsafeMutableBufferPointer<Node>, count: Int) {
        guard bytes.count < Int(UInt32.max) else {
            throw SyntaxError(offset: 0, reason: "document too large")
        }
        // ECS answers take 11 to 15 bytes per node pretty-printed, fewer compact; a buffer that turns out
        // too small grows, and the pool then keeps the grown one.
        var parser = JSONTapeParser(buffer: NodeBufferPool.shared.take(minimumCapacity: max(16, bytes.count / 8)))
        do {
            try parser.parseDocument(bytes)
        } catch {
            recycle(parser.nodes)
            throw error
        }
        return (parser.nodes, parser.count)
    }

    /// Returns a node buffer for reuse.
    static func recycle(_ nodes: UnsafeMutableBufferPointer<Node>) {
        NodeBufferPool.shared.give(nodes)
    }
}

/// Keeps a few node buffers between decodes: a 100-instance page needs half a megabyte of nodes, and
/// allocating that afresh each time costs page faults that show in every profile.
private final class NodeBufferPool: @unchecked Sendable {
    static let shared = NodeBufferPool()

    // `buffers` is guarded by `lock`.
    private let lock = NSLock()
    private var buffers: [UnsafeMutableBufferPointer<JSONTape.Node>] = []
    private let maximumBuffers = 4
    private let maximumCapacity = 1 << 20

    /// Buffers of at most this many nodes (under a kilobyte; a small answer such as RunInstances' needs
    /// about twenty) come straight from the allocator's per-thread cache, which is cheaper than the
    /// pool's lock.
    private let smallCapacity = 1000 / MemoryLayout<JSONTape.Node>.stride

    func take(minimumCapacity: Int) -> UnsafeMutableBufferPointer<JSONTape.Node> {
        if minimumCapacity <= smallCapacity { return .allocate(capacity: minimumCapacity) }
        lock.lock()
        // The largest buffer: a smaller one that fits now may be outgrown by the next, larger document,
        // and growing copies every node.
        if let index = buffers.indices.max(by: { buffers[$0].count < buffers[$1].count }),
           buffers[index].count >= minimumCapacity {
            let buffer = buffers.remove(at: index)
            lock.unlock()
            return buffer
        }
        lock.unlock()
        return .allocate(capacity: minimumCapacity)
    }

    func give(_ buffer: UnsafeMutableBufferPointer<JSONTape.Node>) {
        if buffer.count <= smallCapacity {
            buffer.deallocate()
            return
        }
        lock.lock()
        defer { lock.unlock() }
        if buffer.count <= maximumCapacity, buffers.count < maximumBuffers {
            buffers.append(buffer)
        } else {
            buffer.deallocate()
        }
    }
}

/// A growable buffer of nodes: the parser's hot path appends millions of them, and a plain buffer
/// avoids the copy-on-write checks and the final copy an `Array` would need.
private struct NodeStorage {
    var nodes: UnsafeMutableBufferPointer<JSONTape.Node>
    var count = 0

    init(buffer: UnsafeMutableBufferPointer<JSONTape.Node>) {
        nodes = buffer
    }

    @inline(__always)
    mutating func append(_ node: JSONTape.Node) {
        if count == nodes.count { grow() }
        (nodes.baseAddress.unsafelyUnwrapped + count).initialize(to: node)
        count += 1
    }

    mutating func grow() {
        let larger = UnsafeMutableBufferPointer<JSONTape.Node>.allocate(capacity: nodes.count * 2)
        _ = larger.moveInitialize(fromContentsOf: nodes[0..<count])
        JSONTape.recycle(nodes)
        nodes = larger
    }

    @inline(__always)
    subscript(index: Int) -> JSONTape.Node {
        get { nodes[index] }
        set { nodes[index] = newValue }
    }
}

/// A recursive-descent parser that appends nodes to a tape.
private struct JSONTapeParser {
    var storage: NodeStorage
    var cursor = 0

    init(buffer: UnsafeMutableBufferPointer<JSONTape.Node>) {
        storage = NodeStorage(buffer: buffer)
    }

    var nodes: UnsafeMutableBufferPointer<JSONTape.Node> { storage.nodes }
    var count: Int { storage.count }

    mutating func parseDocument(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONTape.SyntaxError) {
        skipWhitespace(bytes)
        // A UTF-8 byte order mark is tolerated, as some proxies add one.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF, cursor == 0 {
            cursor = 3
            skipWhitespace(bytes)
        }
        try parseValue(bytes, depth: 0)
        skipWhitespace(bytes)
        guard cursor == bytes.count else {
            throw fail("unexpected data after the document")
        }
    }

    func fail(_ reason: String) -> JSONTape.SyntaxError {
        JSONTape.SyntaxError(offset: cursor, reason: reason)
    }

    mutating func skipWhitespace(_ bytes: UnsafeBufferPointer<UInt8>) {
        while cursor < bytes.count {
            switch bytes[cursor] {
            case 0x20, 0x0A, 0x0D, 0x09: cursor += 1
            default: return
            }
        }
    }

    mutating func parseValue(_ bytes: UnsafeBufferPointer<UInt8>, depth: Int) throws(JSONTape.SyntaxError) {
        guard cursor < bytes.count else { throw fail("unexpected end of input") }
        switch bytes[cursor] {
        case UInt8(ascii: "{"): try parseObject(bytes, depth: depth + 1)
        case UInt8(ascii: "["): try parseArray(bytes, depth: depth + 1)
        case UInt8(ascii: "\""): try parseString(bytes)
        case UInt8(ascii: "t"): try parseLiteral(bytes, "true", .true)
        case UInt8(ascii: "f"): try parseLiteral(bytes, "false", .false)
        case UInt8(ascii: "n"): try parseLiteral(bytes, "null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try parseNumber(bytes)
        default: throw fail("unexpected character")
        }
    }

    mutating func parseLiteral(
        _ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString, _ kind: JSONTape.Kind
    ) throws(JSONTape.SyntaxError) {
        let count = literal.utf8CodeUnitCount
        guard cursor + count <= bytes.count else { throw fail("unexpected end of input") }
        let pointer = literal.utf8Start
        for index in 0..<count where bytes[cursor + index] != pointer[index] {
            throw fail("invalid literal")
        }
        storage.append(.init(kind: kind, start: UInt32(cursor), length: UInt32(count), end: UInt32(storage.count + 1)))
        cursor += count
    }

    mutating func parseNumber(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONTape.SyntaxError) {
        let start = cursor
        func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
        if bytes[cursor] == UInt8(ascii: "-") { cursor += 1 }
        guard cursor < bytes.count, isDigit(bytes[cursor]) else { throw fail("invalid number") }
        if bytes[cursor] == UInt8(ascii: "0") {
            cursor += 1
        } else {
            while cursor < bytes.count, isDigit(bytes[cursor]) { cursor += 1 }
        }
        if cursor < bytes.count, bytes[cursor] == UInt8(ascii: ".") {
            cursor += 1
            guard cursor < bytes.count, isDigit(bytes[cursor]) else { throw fail("invalid number") }
            while cursor < bytes.count, isDigit(bytes[cursor]) { cursor += 1 }
        }
        if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "e") || bytes[cursor] == UInt8(ascii: "E") {
            cursor += 1
            if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "+") || bytes[cursor] == UInt8(ascii: "-") {
                cursor += 1
            }
            guard cursor < bytes.count, isDigit(bytes[cursor]) else { throw fail("invalid number") }
            while cursor < bytes.count, isDigit(bytes[cursor]) { cursor += 1 }
        }
        storage.append(.init(kind: .number, start: UInt32(start), length: UInt32(cursor - start), end: UInt32(storage.count + 1)))
    }

    mutating func parseString(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONTape.SyntaxError) {
        cursor += 1
        let start = cursor
        var escaped = false
        cursor = Self.skipPlainWords(bytes, from: cursor)
        while true {
            guard cursor < bytes.count else { throw fail("unterminated string") }
            let byte = bytes[cursor]
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                cursor += 1
                guard cursor < bytes.count else { throw fail("unterminated string") }
                switch bytes[cursor] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                     UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    cursor += 1
                case UInt8(ascii: "u"):
                    guard cursor + 4 < bytes.count else { throw fail("unterminated string") }
                    for offset in 1...4 where JSONText.hexValue(bytes[cursor + offset]) == nil {
                        throw fail("invalid \\u escape")
                    }
                    cursor += 5
                default:
                    throw fail("invalid escape")
                }
                continue
            }
            guard byte >= 0x20 else { throw fail("control character in string") }
            cursor += 1
        }
        storage.append(.init(
            kind: escaped ? .escapedString : .string,
            start: UInt32(start), length: UInt32(cursor - start), end: UInt32(storage.count + 1)))
        cursor += 1
    }

    /// Skips plain bytes (none a quote, a backslash or a control character) eight at a time from
    /// `position`. Returns the position of the first special byte, or, within the last seven bytes of
    /// the document, where byte-by-byte scanning must resume.
    ///
    /// In each word the lowest flagged byte is exact: a false alarm can only come from a borrow out of
    /// a lower, truly special byte.
    @inline(__always)
    static func skipPlainWords(_ bytes: UnsafeBufferPointer<UInt8>, from position: Int) -> Int {
        guard let base = bytes.baseAddress else { return position }
        var position = position
        while position + 8 <= bytes.count {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self))
            let quote = word ^ 0x2222_2222_2222_2222
            let backslash = word ^ 0x5C5C_5C5C_5C5C_5C5C
            let special = (((quote &- 0x0101_0101_0101_0101) & ~quote)
                | ((backslash &- 0x0101_0101_0101_0101) & ~backslash)
                | ((word &- 0x2020_2020_2020_2020) & ~word)) & 0x8080_8080_8080_8080
            if special != 0 { return position + (special.trailingZeroBitCount >> 3) }
            position += 8
        }
        return position
    }

    /// An object key: a string stored with its ``JSONTape/keyHash(_:)``.
    mutating func parseKey(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONTape.SyntaxError) {
        let start = cursor + 1
        var position = Self.skipPlainWords(bytes, from: start)
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                storage.append(.init(
                    kind: .string, start: UInt32(start), length: UInt32(position - start),
                    end: UInt32(storage.count + 1), hash: JSONTape.keyHash(in: bytes, start: start, length: position - start)))
                cursor = position + 1
                return
            }
            guard byte != UInt8(ascii: "\\"), byte >= 0x20 else { break }
            position += 1
        }
        // Escapes (or an error): the general path, then hash the unescaped key.
        try parseString(bytes)
        let key = storage[storage.count - 1]
        let text = UnsafeBufferPointer(rebasing: bytes[Int(key.start)..<Int(key.start + key.length)])
        storage[storage.count - 1].hash = key.kind == .escapedString ? JSONTape.keyHash(JSONText.unescape(text)) : JSONTape.keyHash(text)
    }

    mutating func parseArray(_ bytes: UnsafeBufferPointer<UInt8>, depth: Int) throws(JSONTape.SyntaxError) {
        guard depth <= JSONTape.maximumDepth else { throw fail("nesting too deep") }
        let index = storage.count
        storage.append(.init(kind: .array, start: UInt32(cursor), length: 0, end: 0))
        cursor += 1
        skipWhitespace(bytes)
        var count: UInt32 = 0
        if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "]") {
            cursor += 1
        } else {
            while true {
                skipWhitespace(bytes)
                try parseValue(bytes, depth: depth)
                count += 1
                skipWhitespace(bytes)
                guard cursor < bytes.count else { throw fail("unterminated array") }
                if bytes[cursor] == UInt8(ascii: ",") {
                    cursor += 1
                    continue
                }
                guard bytes[cursor] == UInt8(ascii: "]") else { throw fail("expected ',' or ']'") }
                cursor += 1
                break
            }
        }
        storage[index].length = count
        storage[index].end = UInt32(storage.count)
    }

    mutating func parseObject(_ bytes: UnsafeBufferPointer<UInt8>, depth: Int) throws(JSONTape.SyntaxError) {
        guard depth <= JSONTape.maximumDepth else { throw fail("nesting too deep") }
        let index = storage.count
        storage.append(.init(kind: .object, start: UInt32(cursor), length: 0, end: 0))
        cursor += 1
        skipWhitespace(bytes)
        var count: UInt32 = 0
        if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "}") {
            cursor += 1
        } else {
            while true {
                skipWhitespace(bytes)
                guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: "\"") else { throw fail("expected a key") }
                try parseKey(bytes)
                skipWhitespace(bytes)
                guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: ":") else { throw fail("expected ':'") }
                cursor += 1
                skipWhitespace(bytes)
                try parseValue(bytes, depth: depth)
                count += 1
                skipWhitespace(bytes)
                guard cursor < bytes.count else { throw fail("unterminated object") }
                if bytes[cursor] == UInt8(ascii: ",") {
                    cursor += 1
                    continue
                }
                guard bytes[cursor] == UInt8(ascii: "}") else { throw fail("expected ',' or '}'") }
                cursor += 1
                break
            }
        }
        storage[index].length = count
        storage[index].end = UInt32(storage.count)
    }
}
