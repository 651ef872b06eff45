import Foundation

/// The server's output read as HTTP/1.1 responses, one at a time: status line, header lines, and a body
/// of `Content-Length` bytes, chunked, or (without either) running to the end.
struct ResponseStream {
    private let bytes: [UInt8]
    private var position = 0
    /// Why reading stopped before the end, if it did.
    private(set) var failure: String?

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The next response's status, or `nil` at the end (or at something that is not a response: ``failure``).
    mutating func next() -> Int? {
        guard position < bytes.count, failure == nil else { return nil }
        guard let end = RequestStream.find(RequestStream.headEnd, in: bytes, from: position) else {
            return fail("a response head without its blank line")
        }
        let lines = RequestStream.split(Array(bytes[position..<end]))
        guard let statusLine = lines.first else { return fail("a bare CR or LF in a response head") }
        let parts = statusLine.split(separator: 0x20, maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].elementsEqual("HTTP/1.1".utf8), parts[1].count == 3,
              parts[1].allSatisfy({ (0x30...0x39).contains($0) }),
              let status = Int(String(decoding: parts[1], as: UTF8.self)) else {
            return fail("a status line \(String(decoding: statusLine, as: UTF8.self).debugDescription)")
        }
        var contentLength: Int?
        var chunked = false
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex else {
                return fail("a header line \(String(decoding: line, as: UTF8.self).debugDescription)")
            }
            let name = String(decoding: line[..<colon], as: UTF8.self).lowercased()
            let value = String(decoding: RequestStream.trimmed(line[(colon + 1)...]), as: UTF8.self)
            if name == "content-length" {
                guard contentLength == nil, let length = Int(value), length >= 0 else { return fail("a Content-Length of \(value)") }
                contentLength = length
            } else if name == "transfer-encoding" {
                chunked = value.lowercased() == "chunked"
            }
        }
        position = end + RequestStream.headEnd.count
        if (100...199).contains(status) || status == 204 || status == 304 {
            return status
        }
        if chunked {
            return skipChunks() ? status : fail("a chunked body that does not end")
        }
        guard let contentLength else {
            position = bytes.count
            return status
        }
        guard bytes.count - position >= contentLength else { return fail("a body shorter than its Content-Length") }
        position += contentLength
        return status
    }

    private mutating func skipChunks() -> Bool {
        while let end = RequestStream.find(RequestStream.crlf, in: bytes, from: position) {
            let sizeText = String(decoding: bytes[position..<end], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size >= 0 else { return false }
            position = end + 2
            if size == 0 {
                // Trailers, then the blank line.
                guard let blank = RequestStream.find(RequestStream.crlf, in: bytes, from: position) else { return false }
                position = blank + 2
                return true
            }
            guard bytes.count - position >= size + 2 else { return false }
            position += size + 2
        }
        return false
    }

    private mutating func fail(_ reason: String) -> Int? {
        failure = reason
        return nil
    }
}
