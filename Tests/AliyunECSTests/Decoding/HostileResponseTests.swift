import Foundation
import Testing
@testable import AliyunECS

/// Generated hostile bodies through every response decoder: always a typed error or a value, never a
/// crash or a hang.
@Suite("Hostile responses")
struct HostileResponseTests {
    /// A small deterministic generator so failures reproduce.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        mutating func int(_ upper: Int) -> Int { Int(next() % UInt64(max(upper, 1))) }
    }

    static let fixtures = ["DescribeInstances-100.json", "DescribeImages-100.json", "RunInstances.json", "CreateImage.json", "DescribeSnapshots.json", "DescribeAvailableResource.json"]

    /// What decoding one body as one type came to.
    enum Outcome {
        case decoded
        case refused(DecodingError)
        /// Anything but a `DecodingError`: never acceptable.
        case untyped(any Error)

        var isTypedError: Bool {
            if case .refused = self { return true }
            return false
        }
    }

    /// Decodes `bytes` as one response type.
    static func outcome<Value: Decodable>(_ type: Value.Type, _ bytes: [UInt8]) -> Outcome {
        do {
            _ = try ECSJSONDecoder().decode(type, from: bytes)
            return .decoded
        } catch let error as DecodingError {
            return .refused(error)
        } catch {
            return .untyped(error)
        }
    }

    static func outcome<Request: ECSRequest>(responseOf type: Request.Type, _ bytes: [UInt8]) -> Outcome {
        outcome(Request.Response.self, bytes)
    }

    /// Decodes with every generated response type and the error body, and checks that each outcome is a
    /// value or a `DecodingError`. Returns how many were refused.
    @discardableResult
    func decodeEverywhere(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> Int {
        let parses = (try? bytes.withUnsafeBytes { try JSONDocument(borrowing: $0) }) != nil
        // What Foundation parses, our parser parses too. (The converse does not hold on purpose: like
        // `String(decoding:as:)`, it replaces invalid UTF-8 and lone surrogates, and reads numbers beyond a
        // Double's range as text where a string is expected.)
        if (try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])) != nil {
            #expect(parses, "Foundation parses it, so must we", sourceLocation: sourceLocation)
        }
        guard parses else {
            // Every decode parses the whole body before any type reads it: a body that does not parse is
            // the same refusal, with an empty coding path, whatever the type.
            guard case .refused(.dataCorrupted(let context)) = Self.outcome(DescribeInstancesResponse.self, bytes) else {
                Issue.record("a body that does not parse was not refused as corrupted", sourceLocation: sourceLocation)
                return 0
            }
            #expect(context.codingPath.isEmpty, sourceLocation: sourceLocation)
            return Self.typeCount
        }
        var outcomes = GeneratedActions.requestTypes.map { Self.outcome(responseOf: $0, bytes) }
        outcomes.append(Self.outcome(ResponseInterpreter.ErrorBody.self, bytes))
        for case .untyped(let error) in outcomes {
            Issue.record("an untyped error: \(error)", sourceLocation: sourceLocation)
        }
        return outcomes.filter(\.isTypedError).count
    }

    static var typeCount: Int { GeneratedActions.requestTypes.count + 1 }

    @Test("Truncations of every fixture fail cleanly", arguments: fixtures)
    func truncations(file: String) async throws {
        let bytes = [UInt8](try Fixtures.response(file))
        let step = max(1, bytes.count / 120)
        for length in stride(from: 0, to: bytes.count - 1, by: step) {
            #expect(decodeEverywhere(Array(bytes.prefix(length))) == Self.typeCount, "truncated at \(length)")
            // CPU-heavy loops yield so that concurrently running async tests are not starved.
            await Task.yield()
        }
    }

    @Test("Random byte flips never crash the decoders", arguments: fixtures)
    func mutations(file: String) async throws {
        let original = [UInt8](try Fixtures.response(file))
        var generator = Generator(state: UInt64(file.utf8.count) &* 7919)
        let interesting: [UInt8] = Array("{}[]\",:0-9.eEtfn\\u".utf8) + [0, 0x7F, 0xC3, 0xFF, 0x0A]
        for _ in 0..<150 {
            await Task.yield()
            var bytes = original
            for _ in 0..<(1 + generator.int(8)) {
                let position = generator.int(bytes.count)
                switch generator.int(3) {
                case 0: bytes[position] = interesting[generator.int(interesting.count)]
                case 1: bytes.remove(at: position)
                default: bytes.insert(interesting[generator.int(interesting.count)], at: position)
                }
            }
            decodeEverywhere(bytes)
        }
    }

    @Test("Deep nesting is refused instead of exhausting the stack")
    func deepNesting() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(decodeEverywhere(Array(deep.utf8)) == Self.typeCount)
        let deepObjects = String(repeating: #"{"a":"#, count: 50_000) + "1" + String(repeating: "}", count: 50_000)
        #expect(decodeEverywhere(Array(deepObjects.utf8)) == Self.typeCount)
        let nestedInstances = #"{"Instances":{"Instance":[{"InstanceId":"i","Tags":"# + String(repeating: "[", count: 5000) + "]"
        #expect(decodeEverywhere(Array(nestedInstances.utf8)) == Self.typeCount)
    }

    @Test("Wrong types in every field are typed errors that name the field", arguments: ["1", "true", "null", "\"x\"", "[]", "{}", "[{}]", "-1e999", "\"\\ud800\""])
    func wrongTypes(value: String) async throws {
        let original = String(decoding: try Fixtures.response("DescribeInstances-100.json"), as: UTF8.self)
        // Replace the value of each of the first instance's top-level keys in turn.
        let keys = ["InstanceId", "Cpu", "Status", "OperationLocks", "Tags", "VpcAttributes", "CreationTime", "SecurityGroupIds", "Instances"]
        for key in keys {
            let range = try #require(original.range(of: "\"\(key)\":"))
            let rest = original[range.upperBound...]
            let end = try #require(Self.endOfValue(in: rest))
            let mutated = Array((original[..<range.upperBound] + value + original[end...]).utf8)
            switch Self.outcome(DescribeInstancesResponse.self, mutated) {
            case .decoded:
                #expect(Self.fits(value, key), "\(value) in \(key) decoded")
            case .refused(let error):
                #expect(!Self.fits(value, key), "\(value) in \(key) was refused: \(error)")
                #expect(Self.path(of: error).contains(key), "the error names \(key): \(Self.path(of: error))")
            case .untyped(let error):
                Issue.record("\(value) in \(key): an untyped error \(error)")
            }
            await Task.yield()
        }
    }

    /// Whether the lenient decoder accepts `value` in `key` of an instance (or the page).
    static func fits(_ value: String, _ key: String) -> Bool {
        let lists: Set = ["OperationLocks", "Tags", "SecurityGroupIds", "Instances"]
        switch (key, value) {
        case (_, "null"): return key != "InstanceId"               // absent; InstanceId is required
        // Strings take any scalar: numbers (even beyond a Double's range) and booleans as their text.
        case ("InstanceId", "1"), ("InstanceId", "true"), ("InstanceId", "\"x\""), ("InstanceId", "\"\\ud800\""), ("InstanceId", "-1e999"): return true
        case ("Status", "1"), ("Status", "true"), ("Status", "\"x\""), ("Status", "\"\\ud800\""), ("Status", "-1e999"): return true
        case ("Cpu", "1"): return true
        case (_, "[]"), (_, "{}"): return lists.contains(key) || key == "VpcAttributes" && value == "{}"
        case (_, "[{}]"): return key == "OperationLocks"              // lock entries have no required field
        default: return false
        }
    }

    static func path(of error: DecodingError) -> [String] {
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return context.codingPath.map(\.stringValue)
        case .keyNotFound(let key, let context):
            return context.codingPath.map(\.stringValue) + [key.stringValue]
        @unknown default:
            return []
        }
    }

    @Test("Huge and random bodies end quickly with a typed error")
    func hugeAndRandom() {
        var generator = Generator(state: 42)
        for size in [1, 10, 1000, 100_000] {
            let random = (0..<size).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            #expect(decodeEverywhere(random) == Self.typeCount)
        }
        let hugeString = "{\"RequestId\":\"" + String(repeating: "x", count: 5_000_000) + "\"}"
        let decoded = try? ECSJSONDecoder().decode(CreateImageResponse.self, from: Array(hugeString.utf8))
        #expect(decoded == nil, "no ImageId: a typed error")
        let manyInstances = "{\"Instances\":{\"Instance\":[" + Array(repeating: "{\"InstanceId\":\"i\"}", count: 200_000).joined(separator: ",") + "]}}"
        let many = try? ECSJSONDecoder().decode(DescribeInstancesResponse.self, from: Array(manyInstances.utf8))
        #expect(many?.instances.count == 200_000)
    }

    @Test("Escapes and Unicode decode correctly")
    func escapes() throws {
        let body = #"{"ImageId":"m-\u0041\"q\"\\\/\n中文\ud83d\ude00","RequestId":"x"}"#
        let decoded = try ECSJSONDecoder().decode(CreateImageResponse.self, from: Array(body.utf8))
        #expect(decoded.imageId == "m-A\"q\"\\/\n中文😀")
    }

    @Test("Strings and keys read right wherever an escape, a control character or a multibyte character falls")
    func specialBytesAtEveryOffset() throws {
        // The string scanner looks at eight bytes at a time: move each kind of special byte through every
        // position of a word, in keys and in values, and check against Foundation's JSONDecoder.
        let specials = [#"\""#, #"\\"#, #"\n"#, #"\u00e9"#, "é", "中", "\u{1}", "\u{1F}", "\u{7F}"]
        for special in specials {
            for offset in 0..<20 {
                let text = String(repeating: "a", count: offset) + special + String(repeating: "b", count: 19 - offset)
                let body = Array(#"{"k\#(text)":"v\#(text)","ImageId":"m-\#(text)","RequestId":"\#(text)"}"#.utf8)
                let expected = try? JSONDecoder().decode([String: String].self, from: Data(body))
                let decoded = try? ECSJSONDecoder().decode([String: String].self, from: body)
                #expect(decoded == expected, "\(special.debugDescription) at offset \(offset)")
                if let expected {
                    let response = try ECSJSONDecoder().decode(CreateImageResponse.self, from: body)
                    #expect(response.imageId == expected["ImageId"], "\(special.debugDescription) at offset \(offset), fast path")
                    #expect(response.requestId == expected["RequestId"], "\(special.debugDescription) at offset \(offset), fast path")
                }
            }
        }
    }

    @Test("A key's hash is the same whether read in one masked load or byte by byte")
    func keyHashForms() {
        let document = Array("RequestId\"ImageId\"Size\"a\"\"DiskDeviceMappings\"x".utf8)
        document.withUnsafeBufferPointer { bytes in
            for start in 0..<bytes.count {
                for length in 0...min(16, bytes.count - start) {
                    let bytewise = JSONTape.keyHash(UnsafeBufferPointer(rebasing: bytes[start..<(start + length)]))
                    #expect(JSONTape.keyHash(in: bytes, start: start, length: length) == bytewise, "start \(start), length \(length)")
                }
            }
        }
    }

    /// The index just past a JSON value starting at the beginning of `text` (strings and nesting aware).
    static func endOfValue(in text: Substring) -> Substring.Index? {
        var depth = 0
        var inString = false
        var escaped = false
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if inString {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" {
                    inString = false
                    if depth == 0 { return text.index(after: index) }
                }
            } else {
                switch character {
                case "\"": inString = true
                case "{", "[": depth += 1
                case "}", "]":
                    if depth == 0 { return index }
                    depth -= 1
                    if depth == 0 { return text.index(after: index) }
                case ",": if depth == 0 { return index }
                default: break
                }
            }
            index = text.index(after: index)
        }
        return nil
    }
}
