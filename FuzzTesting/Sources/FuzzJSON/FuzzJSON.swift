import Foundation
@testable import AliyunECS

/// libFuzzer entry point for the tape JSON parser and every generated response reader.
///
/// For each input it checks, and stops the fuzzer with a message naming the difference when one fails:
/// - the parser against Foundation's `JSONSerialization`: what Foundation reads, we read to the same values
///   (every number, every string scalar by scalar, every nesting), unless we refuse it with a limit we
///   document (nesting deeper than `JSONTape.maximumDepth`); what we read and Foundation refuses is explained
///   by one of our documented leniencies (invalid UTF-8 or a lone surrogate replaced with U+FFFD, a number
///   beyond a Double's range, a UTF-8 byte order mark);
/// - every generated response type (`GeneratedActions.requestTypes`' `Response`s) and the error body: the
///   generated tape reader and the `Decoder` path agree (both read the same model, or both refuse), what
///   `ECSJSONDecoder.decode` throws is a `DecodingError`, and a decoded model encoded to JSON and decoded
///   again is the same model.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    // A copy of exactly `size` bytes, so that reading past its end is an AddressSanitizer report.
    let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    FoundationComparison.check(bytes)
    for requestType in GeneratedActions.requestTypes {
        ResponseChecks.check(responseOf: requestType, bytes)
    }
    ResponseChecks.checkDecodeOnly(ResponseInterpreter.ErrorBody.self, bytes)
    return 0
}

/// Stops the fuzzer: libFuzzer saves the input as a reproducer.
func mismatch(_ message: String, _ bytes: [UInt8]) -> Never {
    let shown = String(decoding: bytes.prefix(300), as: UTF8.self).debugDescription
    fatalError("FuzzJSON mismatch: \(message)\ninput (\(bytes.count) bytes): \(shown)")
}

// MARK: Our parser against Foundation

enum FoundationComparison {
    static func check(_ bytes: [UInt8]) {
        let foundation = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        bytes.withUnsafeBytes { raw in
            let document: JSONDocument
            do {
                document = try JSONDocument(borrowing: raw)
            } catch {
                guard let foundation else { return }
                // Foundation also reads UTF-16 and UTF-32 (it detects them by their NUL bytes or byte order
                // mark); ECS answers in UTF-8, the only encoding we read.
                if bytes.contains(0) || bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) { return }
                // Foundation on Linux accepts a trailing comma (`[1,]`, `{"a":1,}`), which RFC 8259 and we
                // do not: without them, we must read what Foundation read.
                let withoutTrailingCommas = TrailingCommas.removed(from: bytes)
                if withoutTrailingCommas != bytes {
                    withoutTrailingCommas.withUnsafeBytes { raw in
                        guard let document = try? JSONDocument(borrowing: raw) else {
                            mismatch("Foundation reads it, and without its trailing commas we still refuse it: \(error)", bytes)
                        }
                        compare(document, 0, foundation, path: "$", withoutTrailingCommas)
                    }
                    return
                }
                // The one refusal of ours Foundation does not share: a limit we document.
                let reason = syntaxError(error)?.reason ?? "\(error)"
                guard reason == "nesting too deep" else {
                    mismatch("Foundation reads \(type(of: foundation)) but we refuse: \(error)", bytes)
                }
                return
            }
            guard let foundation else {
                guard Leniency.explains(document, bytes) != nil else {
                    mismatch("we read a document Foundation refuses, and none of our documented leniencies explains it", bytes)
                }
                return
            }
            compare(document, 0, foundation, path: "$", bytes)
        }
    }

    static func syntaxError(_ error: any Error) -> JSONTape.SyntaxError? {
        if let error = error as? JSONTape.SyntaxError { return error }
        if case DecodingError.dataCorrupted(let context)? = error as? DecodingError {
            return context.underlyingError as? JSONTape.SyntaxError
        }
        return nil
    }

    /// Compares the value at tape node `index` with what Foundation made of it.
    static func compare(_ document: JSONDocument, _ index: Int, _ theirs: Any, path: String, _ bytes: [UInt8]) {
        let node = document.node(index)
        switch node.kind {
        case .null:
            guard theirs is NSNull else { mismatch("\(path): we read null, Foundation \(theirs)", bytes) }
        case .true, .false:
            guard let number = theirs as? NSNumber, String(cString: number.objCType) == "c",
                  number.boolValue == (node.kind == .true) else {
                mismatch("\(path): we read \(node.kind), Foundation \(theirs)", bytes)
            }
        case .number:
            compareNumber(document.slice(node), theirs, path: path, bytes)
        case .string, .escapedString:
            let ours = document.string(index)
            guard let text = theirs as? String, sameScalars(ours, text) else {
                mismatch("\(path): we read the string \(ours.debugDescription), Foundation \(theirs)", bytes)
            }
        case .array:
            guard let array = theirs as? [Any], array.count == Int(node.length) else {
                mismatch("\(path): we read an array of \(node.length), Foundation \(theirs)", bytes)
            }
            for (position, element) in document.arrayElements(index).enumerated() {
                compare(document, element, array[position], path: "\(path)[\(position)]", bytes)
            }
        case .object:
            guard let object = theirs as? [String: Any] else {
                mismatch("\(path): we read an object, Foundation \(type(of: theirs))", bytes)
            }
            // Foundation keeps the last of duplicate keys (keys equal as Swift strings); so does this view
            // of ours. (Our decoders keep the first, as documented; that is the decoders' choice, not the
            // parser's values.)
            var ours: [String: Int] = [:]
            var cursor = index + 1
            for _ in 0..<node.length {
                ours[withoutByteOrderMarks(document.string(cursor))] = cursor + 1
                cursor = Int(document.node(cursor + 1).end)
            }
            let foundationObject = Dictionary(object.map { (withoutByteOrderMarks($0.key), $0.value) }, uniquingKeysWith: { _, last in last })
            guard ours.count == foundationObject.count else {
                mismatch("\(path): we read \(ours.count) distinct keys, Foundation \(foundationObject.count)", bytes)
            }
            for (key, valueIndex) in ours {
                guard let value = foundationObject[key] else {
                    mismatch("\(path): we read the key \(key.debugDescription), Foundation does not", bytes)
                }
                compare(document, valueIndex, value, path: "\(path).\(key)", bytes)
            }
        }
    }

    /// Whether two strings have the same scalars, but for the U+FEFF Foundation drops: it decodes each run of
    /// a string between escapes as if it were a document, and strips a byte order mark that starts a run
    /// (`"\u{FEFF}x"` and `"\\b\u{FEFF}x"` lose it, `"x\u{FEFF}y"` keeps it). We keep every character.
    static func sameScalars(_ ours: String, _ theirs: String) -> Bool {
        if Array(ours.unicodeScalars) == Array(theirs.unicodeScalars) { return true }
        return withoutByteOrderMarks(ours) == withoutByteOrderMarks(theirs)
    }

    static func withoutByteOrderMarks(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.lazy.filter { $0 != "\u{FEFF}" })
        return String(scalars)
    }

    static func compareNumber(_ text: UnsafeBufferPointer<UInt8>, _ theirs: Any, path: String, _ bytes: [UInt8]) {
        let literal = String(decoding: text, as: UTF8.self)
        guard let number = theirs as? NSNumber, String(cString: number.objCType) != "c" else {
            mismatch("\(path): we read the number \(literal), Foundation \(theirs)", bytes)
        }
        guard let double = JSONText.floatingPoint(text) else {
            mismatch("\(path): Foundation reads \(literal) as \(number), we cannot read it as a Double", bytes)
        }
        switch String(cString: number.objCType) {
        case "d", "f":
            if theirs is NSDecimalNumber {
                // Foundation keeps what fits no Int64 or UInt64 as a Decimal, whose conversion to Double
                // is not correctly rounded: compare within a relative error Decimal can explain.
                let expected = number.doubleValue
                guard abs(double - expected) <= abs(expected) * 1e-13 else {
                    mismatch("\(path): we read \(literal) as \(double), Foundation as the decimal \(number)", bytes)
                }
            } else {
                guard double == number.doubleValue else {
                    mismatch("\(path): we read \(literal) as \(double), Foundation as \(number.doubleValue)", bytes)
                }
            }
        case "Q", "L", "I", "S", "C":
            guard double == Double(number.uint64Value) else {
                mismatch("\(path): we read \(literal) as \(double), Foundation as \(number.uint64Value)", bytes)
            }
        default:
            guard JSONText.integer(text) == number.int64Value else {
                mismatch("\(path): we read \(literal) as the integer \(String(describing: JSONText.integer(text))), Foundation as \(number.int64Value)", bytes)
            }
            guard double == Double(number.int64Value) else {
                mismatch("\(path): we read \(literal) as \(double), Foundation as \(number.int64Value)", bytes)
            }
        }
    }
}

/// Foundation's one leniency we do not share.
enum TrailingCommas {
    /// The document with every comma that only whitespace separates from a closing `]` or `}` removed
    /// (outside strings).
    static func removed(from bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        var inString = false
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                output.append(byte)
                if byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
                    output.append(bytes[index + 1])
                    index += 2
                    continue
                }
                if byte == UInt8(ascii: "\"") { inString = false }
                index += 1
                continue
            }
            if byte == UInt8(ascii: "\"") { inString = true }
            if byte == UInt8(ascii: ",") {
                var next = index + 1
                while next < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[next]) { next += 1 }
                if next < bytes.count, bytes[next] == UInt8(ascii: "]") || bytes[next] == UInt8(ascii: "}") {
                    index += 1
                    continue
                }
            }
            output.append(byte)
            index += 1
        }
        return output
    }
}

/// The documented ways our parser is more lenient than Foundation's.
enum Leniency: String {
    case byteOrderMark = "a UTF-8 byte order mark is tolerated"
    case invalidUTF8 = "invalid UTF-8 is replaced with U+FFFD"
    case loneSurrogate = "a lone surrogate escape is replaced with U+FFFD"
    case numberBeyondDouble = "a number beyond a Double's range is kept as text"

    /// The first leniency that explains why we read a document Foundation refuses, or `nil`.
    static func explains(_ document: JSONDocument, _ bytes: [UInt8]) -> Leniency? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return .byteOrderMark }
        if String(validating: bytes, as: UTF8.self) == nil { return .invalidUTF8 }
        var index = 0
        let count = countNodes(document)
        while index < count {
            let node = document.node(index)
            if node.kind == .escapedString, hasLoneSurrogate(document.slice(node)) { return .loneSurrogate }
            if node.kind == .number, JSONText.floatingPoint(document.slice(node)) == nil { return .numberBeyondDouble }
            index += 1
        }
        return nil
    }

    static func countNodes(_ document: JSONDocument) -> Int {
        Int(document.node(0).end)
    }

    /// Whether an escaped string's raw text has a `\uD800`–`\uDFFF` escape that is not half of a pair.
    static func hasLoneSurrogate(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        var pendingHigh = false
        func unit(at position: Int) -> UInt32? {
            guard position + 6 <= text.count, text[position] == UInt8(ascii: "\\"), text[position + 1] == UInt8(ascii: "u") else { return nil }
            var value: UInt32 = 0
            for offset in 2..<6 {
                guard let digit = JSONText.hexValue(text[position + offset]) else { return nil }
                value = value << 4 | digit
            }
            return value
        }
        while index < text.count {
            if let value = unit(at: index) {
                if (0xDC00...0xDFFF).contains(value) {
                    if !pendingHigh { return true }
                    pendingHigh = false
                } else {
                    if pendingHigh { return true }
                    pendingHigh = (0xD800...0xDBFF).contains(value)
                }
                index += 6
                continue
            }
            if pendingHigh { return true }
            index += text[index] == UInt8(ascii: "\\") ? 2 : 1
        }
        return pendingHigh
    }
}

// MARK: Every response type

enum ResponseChecks {
    static func check<Request: ECSRequest>(responseOf type: Request.Type, _ bytes: [UInt8]) {
        check(Request.Response.self, bytes)
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ECSTimestamp.string(from: date))
        }
        return encoder
    }()

    static func encoded<Value: Encodable>(_ value: Value, _ what: String, _ bytes: [UInt8]) -> [UInt8] {
        do {
            return Array(try encoder.encode(value))
        } catch {
            mismatch("\(Value.self) \(what) cannot be encoded again: \(error)", bytes)
        }
    }

    /// The generated tape reader's result, or `nil` when the type has none or the body is not an object
    /// (where `ECSJSONDecoder` does not use it either).
    static func tapeResult<Value>(_ type: Value.Type, _ bytes: [UInt8]) -> Result<Value, any Error>? {
        guard let fast = type as? any JSONTapeDecodable.Type else { return nil }
        return bytes.withUnsafeBytes { raw -> Result<Value, any Error>? in
            guard let document = try? JSONDocument(borrowing: raw), document.node(0).kind == .object else { return nil }
            do {
                guard let value = try fast.init(tape: JSONObjectView(document: document, index: 0)) as? Value else {
                    mismatch("the tape reader of \(Value.self) made another type", bytes)
                }
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
    }

    static func check<Value: Codable>(_ type: Value.Type, _ bytes: [UInt8]) {
        let coded = Result { try ECSJSONDecoder().decodeWithCoder(Value.self, from: bytes) }
        let decoded = Result { try ECSJSONDecoder().decode(Value.self, from: bytes) }
        if case .failure(let error) = decoded, !(error is DecodingError) {
            mismatch("ECSJSONDecoder.decode(\(Value.self)) threw a \(Swift.type(of: error)), not a DecodingError: \(error)", bytes)
        }
        if case .failure(let error) = coded, !(error is DecodingError) {
            mismatch("the Decoder path of \(Value.self) threw a \(Swift.type(of: error)), not a DecodingError: \(error)", bytes)
        }
        switch (tapeResult(Value.self, bytes), coded) {
        case (.success(let fast)?, .success(let slow)):
            let fastJSON = encoded(fast, "read by the tape reader", bytes)
            guard fastJSON == encoded(slow, "read by the Decoder path", bytes) else {
                mismatch("the tape reader and the Decoder path read different \(Value.self)s: \(String(decoding: fastJSON, as: UTF8.self))", bytes)
            }
        case (.success?, .failure(let error)):
            mismatch("the tape reader reads a \(Value.self), the Decoder path refuses: \(error)", bytes)
        case (.failure(let error)?, .success):
            mismatch("the Decoder path reads a \(Value.self), the tape reader refuses: \(error)", bytes)
        case (.failure(let error)?, .failure):
            guard error is JSONTapeError else {
                mismatch("the tape reader of \(Value.self) threw a \(Swift.type(of: error)), not a JSONTapeError: \(error)", bytes)
            }
        case (nil, _):
            break
        }
        switch (decoded, coded) {
        case (.success(let value), .success(let slow)):
            let json = encoded(value, "read by ECSJSONDecoder", bytes)
            guard json == encoded(slow, "read by the Decoder path", bytes) else {
                mismatch("ECSJSONDecoder and its Decoder path read different \(Value.self)s", bytes)
            }
            checkRoundTrip(value, json, bytes)
        case (.failure, .failure):
            break
        default:
            mismatch("ECSJSONDecoder and its Decoder path disagree on whether the body is a \(Value.self)", bytes)
        }
    }

    /// A decoded model, encoded to JSON and decoded again (both paths), is the same model.
    static func checkRoundTrip<Value: Codable>(_ value: Value, _ json: [UInt8], _ bytes: [UInt8]) {
        for (path, again) in [
            ("ECSJSONDecoder", Result { try ECSJSONDecoder().decode(Value.self, from: json) }),
            ("the Decoder path", Result { try ECSJSONDecoder().decodeWithCoder(Value.self, from: json) }),
        ] {
            switch again {
            case .success(let model):
                let jsonAgain = encoded(model, "decoded again", bytes)
                guard jsonAgain == json else {
                    mismatch("""
                        a \(Value.self) encoded and decoded again by \(path) changed:
                        \(String(decoding: json, as: UTF8.self))
                        \(String(decoding: jsonAgain, as: UTF8.self))
                        """, bytes)
                }
            case .failure(let error):
                mismatch("\(path) refuses the JSON a decoded \(Value.self) encodes to (\(String(decoding: json, as: UTF8.self))): \(error)", bytes)
            }
        }
    }

    /// A type that is only `Decodable`: a value or a `DecodingError`, never anything else.
    static func checkDecodeOnly<Value: Decodable>(_ type: Value.Type, _ bytes: [UInt8]) {
        do {
            _ = try ECSJSONDecoder().decode(Value.self, from: bytes)
        } catch is DecodingError {
        } catch {
            mismatch("ECSJSONDecoder.decode(\(Value.self)) threw a \(Swift.type(of: error)), not a DecodingError: \(error)", bytes)
        }
    }
}
