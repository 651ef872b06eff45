/// A parsed JSON document laid out as a flat array of nodes (a "tape") over the original bytes.
///
/// Parsing allocates one array; strings and numbers stay as byte ranges and are only turned into
/// Swift values when a model asks for them, which keeps large pages (100 instances, 300 KB) cheap.
/// Nesting deeper than ``maximumDepth`` is rejected, so hostile input cannot exhaust the stack.
struct JSONTape: Sendable {
    enum Kind: UInt8, Sendable {
        case null, `false`, `true`, number, string, escapedString, array, object
    }

    /// One value. Containers are followed by their children; `end` is the index just past the subtree.
    /// Scalars use `start`/`length` as a byte range (strings without their quotes); containers use
    /// `length` as their element count (objects: entry count, each entry a key node then a value).
    /// Object keys carry the FNV-1a hash of their bytes, so models find their fields by comparing integers.
    struct Node: Sendable {
        var kind: Kind
        var start: UInt32
        var length: UInt32
        var end: UInt32
        var hash: UInt32 = 0
    }

    /// FNV-1a over bytes: the hash object keys are stored and looked up with.
    @inline(__always)
    static func keyHash(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for byte in bytes { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return hash
    }

    /// Why a document could not be parsed.
    struct SyntaxError: Error, Sendable, CustomStringConvertible {
        var offset: Int
        var reason: String
        var description: String { "Invalid JSON at byte \(offset): \(reason)" }
    }

    static let maximumDepth = 128

    let bytes: [UInt8]
    private(set) var nodes: [Node]

    init(parsing bytes: [UInt8]) throws(SyntaxError) {
        guard bytes.count < Int(UInt32.max) else {
            throw SyntaxError(offset: 0, reason: "document too large")
        }
        self.bytes = bytes
        var parser = JSONTapeParser()
        nodes = try bytes.withUnsafeBufferPointer { buffer throws(SyntaxError) in
            try parser.parseDocument(buffer)
        }
    }
}

/// A recursive-descent parser that appends nodes to a tape.
private struct JSONTapeParser {
    var nodes: [JSONTape.Node] = []
    var cursor = 0

    mutating func parseDocument(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONTape.SyntaxError) -> [JSONTape.Node] {
        nodes.reserveCapacity(max(16, bytes.count / 12))
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
        return nodes
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
        nodes.append(.init(kind: kind, start: UInt32(cursor), length: UInt32(count), end: UInt32(nodes.count + 1)))
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
        nodes.append(.init(kind: .number, start: UInt32(start), length: UInt32(cursor - start), end: UInt32(nodes.count + 1)))
    }

    mutating func parseString(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONTape.SyntaxError) {
        cursor += 1
        let start = cursor
        var escaped = false
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
        nodes.append(.init(
            kind: escaped ? .escapedString : .string,
            start: UInt32(start), length: UInt32(cursor - start), end: UInt32(nodes.count + 1)))
        cursor += 1
    }

    mutating func parseArray(_ bytes: UnsafeBufferPointer<UInt8>, depth: Int) throws(JSONTape.SyntaxError) {
        guard depth <= JSONTape.maximumDepth else { throw fail("nesting too deep") }
        let index = nodes.count
        nodes.append(.init(kind: .array, start: UInt32(cursor), length: 0, end: 0))
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
        nodes[index].length = count
        nodes[index].end = UInt32(nodes.count)
    }

    mutating func parseObject(_ bytes: UnsafeBufferPointer<UInt8>, depth: Int) throws(JSONTape.SyntaxError) {
        guard depth <= JSONTape.maximumDepth else { throw fail("nesting too deep") }
        let index = nodes.count
        nodes.append(.init(kind: .object, start: UInt32(cursor), length: 0, end: 0))
        cursor += 1
        skipWhitespace(bytes)
        var count: UInt32 = 0
        if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "}") {
            cursor += 1
        } else {
            while true {
                skipWhitespace(bytes)
                guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: "\"") else { throw fail("expected a key") }
                try parseString(bytes)
                let key = nodes[nodes.count - 1]
                nodes[nodes.count - 1].hash = key.kind == .escapedString
                    ? JSONTape.keyHash(JSONText.unescape(UnsafeBufferPointer(rebasing: bytes[Int(key.start)..<Int(key.start + key.length)])).utf8)
                    : JSONTape.keyHash(UnsafeBufferPointer(rebasing: bytes[Int(key.start)..<Int(key.start + key.length)]))
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
        nodes[index].length = count
        nodes[index].end = UInt32(nodes.count)
    }
}
