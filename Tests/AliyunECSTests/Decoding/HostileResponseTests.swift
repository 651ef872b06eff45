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

    static let fixtures = ["DescribeInstances-100.json", "DescribeImages-100.json", "RunInstances.json", "CreateImage.json"]

    /// Decodes with every response model; returns how many attempts threw.
    func decodeEverywhere(_ bytes: [UInt8]) -> Int {
        var thrown = 0
        let decoder = ECSJSONDecoder()
        if (try? decoder.decode(DescribeInstancesResponse.self, from: bytes)) == nil { thrown += 1 }
        if (try? decoder.decode(DescribeImagesResponse.self, from: bytes)) == nil { thrown += 1 }
        if (try? decoder.decode(RunInstancesResponse.self, from: bytes)) == nil { thrown += 1 }
        if (try? decoder.decode(CreateImageResponse.self, from: bytes)) == nil { thrown += 1 }
        if (try? decoder.decode(ResponseInterpreter.ErrorBody.self, from: bytes)) == nil { thrown += 1 }
        return thrown
    }

    @Test("Truncations of every fixture fail cleanly", arguments: fixtures)
    func truncations(file: String) async throws {
        let bytes = [UInt8](try Fixtures.response(file))
        let step = max(1, bytes.count / 120)
        for length in stride(from: 0, to: bytes.count - 1, by: step) {
            #expect(decodeEverywhere(Array(bytes.prefix(length))) == 5, "truncated at \(length)")
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
            _ = decodeEverywhere(bytes)
        }
    }

    @Test("Deep nesting is refused instead of exhausting the stack")
    func deepNesting() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(decodeEverywhere(Array(deep.utf8)) == 5)
        let deepObjects = String(repeating: #"{"a":"#, count: 50_000) + "1" + String(repeating: "}", count: 50_000)
        #expect(decodeEverywhere(Array(deepObjects.utf8)) == 5)
        let nestedInstances = #"{"Instances":{"Instance":[{"InstanceId":"i","Tags":"# + String(repeating: "[", count: 5000) + "]"
        #expect(decodeEverywhere(Array(nestedInstances.utf8)) == 5)
    }

    @Test("Wrong types in every field are typed errors", arguments: ["1", "true", "null", "\"x\"", "[]", "{}", "[{}]", "-1e999", "\"\\ud800\""])
    func wrongTypes(value: String) async throws {
        let original = String(decoding: try Fixtures.response("DescribeInstances-100.json"), as: UTF8.self)
        // Replace the value of each of the first instance's top-level keys in turn.
        let keys = ["\"InstanceId\":", "\"Cpu\":", "\"Status\":", "\"OperationLocks\":", "\"Tags\":", "\"VpcAttributes\":", "\"CreationTime\":", "\"SecurityGroupIds\":", "\"Instances\":"]
        for key in keys {
            guard let range = original.range(of: key) else { continue }
            let rest = original[range.upperBound...]
            guard let end = Self.endOfValue(in: rest) else { continue }
            let mutated = original[..<range.upperBound] + value + original[end...]
            _ = decodeEverywhere(Array(mutated.utf8))
            await Task.yield()
        }
    }

    @Test("Huge and random bodies end quickly with a typed error")
    func hugeAndRandom() {
        var generator = Generator(state: 42)
        for size in [1, 10, 1000, 100_000] {
            let random = (0..<size).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            #expect(decodeEverywhere(random) == 5)
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
