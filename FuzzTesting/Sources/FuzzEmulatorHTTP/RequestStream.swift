/// What the input must be answered with, read as HTTP/1.1 requests (RFC 9112) more strictly than any
/// server has to: the complete, well-formed requests at its start, each owed exactly one response, then
/// what is left.
///
/// A request is claimed when it is, byte for byte: a method of `GET`, `POST`, `PUT`, `DELETE`, `OPTIONS`
/// or `PATCH`; one space; a target that starts with `/`, of visible ASCII; one space; `HTTP/1.1`; CRLF;
/// header lines `name: value` CRLF (a token, then visible ASCII, spaces and tabs), within the limits; an
/// empty line; then exactly `Content-Length` bytes of body (none without one). Anything this reading is not
/// sure a server must take the same way ends the claims: `Transfer-Encoding`, `Expect`, `Upgrade`, a
/// `Connection` other than `close` or `keep-alive`, a repeated `Content-Length` or `Host`, other methods
/// and versions, blank lines before a request, header blocks near a limit.
struct RequestStream {
    struct Limits {
        var maximumBodySize: Int
        var maximumHeaderSize: Int
        var maximumHeaderCount: Int
    }

    /// What follows the claimed requests.
    enum Rest {
        /// Nothing.
        case none
        /// The start of a request, ended before its header block (or its body) was complete.
        case incomplete
        /// Bytes this reading makes no claim about.
        case unclaimed
    }

    /// The complete, well-formed requests at the start, each owed exactly one response.
    private(set) var claimed = 0
    /// Whether the last claimed request ends the connection (`Connection: close`, or a declared body above
    /// the limit, which is refused at once): nothing after it is answered.
    private(set) var endsConnection = false
    private(set) var rest = Rest.none
    /// At most how many responses the rest can have: one per header block it may hold, and one refusal.
    private(set) var possibleHeadBlocks = 0
    /// Whether the rest may hold a HEAD request (whose response has no body, whatever it declares).
    private(set) var mayHaveHeadRequest = false

    static let methods: Set<String> = ["GET", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"]
    static let crlf: [UInt8] = [13, 10]
    static let headEnd: [UInt8] = [13, 10, 13, 10]

    init(_ input: [UInt8], limits: Limits) {
        var position = 0
        while position < input.count {
            guard let end = Self.find(Self.headEnd, in: input, from: position) else {
                finish(.incomplete, input[position...])
                return
            }
            guard let head = Self.head(input[position..<end], limits: limits) else {
                finish(.unclaimed, input[position...])
                return
            }
            let bodyStart = end + Self.headEnd.count
            if head.contentLength > limits.maximumBodySize {
                claimed += 1
                endsConnection = true
                return
            }
            guard input.count - bodyStart >= head.contentLength else {
                // The server reads what is left as this request's body, and the input ends inside it.
                rest = .incomplete
                possibleHeadBlocks = 1
                return
            }
            claimed += 1
            position = bodyStart + head.contentLength
            if head.closes {
                endsConnection = true
                return
            }
        }
    }

    private mutating func finish(_ rest: Rest, _ slice: ArraySlice<UInt8>) {
        let bytes = Array(slice)
        // An incomplete request that still holds a bare-LF blank line may be complete to a lenient parser.
        let blankLines = Self.count([10, 10], in: bytes) + Self.count([10, 13, 10], in: bytes)
        self.rest = rest == .incomplete && blankLines > 0 ? .unclaimed : rest
        possibleHeadBlocks = blankLines + 1
        mayHaveHeadRequest = Self.find(Array("HEAD".utf8), in: bytes, from: 0) != nil
    }

    struct Head {
        var contentLength = 0
        var closes = false
    }

    /// The header block's meaning, when it is one this reading claims.
    static func head(_ bytes: ArraySlice<UInt8>, limits: Limits) -> Head? {
        var lines = split(Array(bytes))
        guard !lines.isEmpty else { return nil }
        let requestLine = lines.removeFirst()
        let parts = requestLine.split(separator: 0x20, omittingEmptySubsequences: false)
        guard parts.count == 3, methods.contains(String(decoding: parts[0], as: UTF8.self)),
              parts[1].first == UInt8(ascii: "/"), parts[1].allSatisfy({ (0x21...0x7E).contains($0) }),
              parts[2].elementsEqual("HTTP/1.1".utf8) else { return nil }
        // Well inside the decoder's limits, which count in their own way: NIO's decoder counts the request
        // target toward both the size of one field and the size of all of them.
        guard lines.count <= limits.maximumHeaderCount - 2,
              requestLine.count + lines.reduce(0, { $0 + $1.count + 2 }) <= limits.maximumHeaderSize * 3 / 4 else { return nil }
        var head = Head()
        var seen: [String: Int] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
                  line[..<colon].allSatisfy(isTokenCharacter),
                  line[(colon + 1)...].allSatisfy({ (0x20...0x7E).contains($0) || $0 == 0x09 }) else { return nil }
            let name = String(decoding: line[..<colon], as: UTF8.self).lowercased()
            let value = String(decoding: trimmed(line[(colon + 1)...]), as: UTF8.self)
            seen[name, default: 0] += 1
            switch name {
            case "transfer-encoding", "expect", "upgrade", "te", "http2-settings":
                return nil
            case "content-length":
                guard seen[name] == 1, !value.isEmpty, value.count <= 12, value.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
                      let length = Int(value) else { return nil }
                head.contentLength = length
            case "connection":
                guard seen[name] == 1 else { return nil }
                switch value {
                case "close": head.closes = true
                case "keep-alive": break
                default: return nil
                }
            case "host":
                guard seen[name] == 1 else { return nil }
            default:
                break
            }
        }
        return head
    }

    /// The lines of a header block (without its final CRLF CRLF), or none when one holds a bare CR or LF.
    static func split(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        while let end = find(crlf, in: bytes, from: start) {
            lines.append(bytes[start..<end])
            start = end + 2
        }
        lines.append(bytes[start...])
        return lines.contains { $0.contains(13) || $0.contains(10) } ? [] : lines
    }

    static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var slice = bytes
        while let first = slice.first, first == 0x20 || first == 0x09 { slice = slice.dropFirst() }
        while let last = slice.last, last == 0x20 || last == 0x09 { slice = slice.dropLast() }
        return slice
    }

    static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }

    static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count >= needle.count, start <= bytes.count - needle.count else { return nil }
        for index in start...(bytes.count - needle.count) where bytes[index] == needle[0] && bytes[index..<(index + needle.count)].elementsEqual(needle) {
            return index
        }
        return nil
    }

    static func count(_ needle: [UInt8], in bytes: [UInt8]) -> Int {
        var count = 0
        var start = 0
        while let index = find(needle, in: bytes, from: start) {
            count += 1
            start = index + 1
        }
        return count
    }
}
