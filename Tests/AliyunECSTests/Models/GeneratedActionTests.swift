import Foundation
import Testing
@testable import AliyunECS

/// Every generated action, driven by the generated lists of actions (no list kept by hand). Every action of
/// the model, in whichever module it is generated: a request with every parameter set reaches the query with
/// the names and flattening the model gives, and an answer with every field of the model set decodes without
/// losing one. The actions in AliyunECS besides: their request reaches the wire exactly as the official SDK
/// sends it, their response type reads a realistic body, and where they have the fast path, its writer and
/// reader agree with `Codable`.
// Serialized: the every-action cases are many and CPU-bound; run one at a time, they leave the rest of the
// cooperative pool to the suites that wait on virtual clocks and time limits.
@Suite("Generated actions", .serialized)
struct GeneratedActionTests {
    /// The actions in AliyunECS.
    static let actions = GeneratedActions.requestTypes.map { $0.action }
    /// The actions in AliyunECS with the fast path (a generated query writer); the others, marked `codable`
    /// in `actions.txt`, go through `Codable` alone.
    static let withFastPath = actions.filter { WireSamples.all[$0] is any QueryWritable }
    /// Every action of the model.
    static let everyAction = EveryAction.requestTypes.map { $0.action }
    /// The actions with a capture of what the official SDK sent (`Codegen/capture-official`).
    static let captured = actions.filter { (try? Fixtures.data("official-wire/\($0).json")) != nil }
    /// The actions with a realistic answer in `Tests/Fixtures/responses`.
    static let withRealisticAnswer = actions.filter { (try? responseBody($0)) != nil }
    /// The generated request and answer samples of every action, read once (never mutated, so shared safely).
    nonisolated(unsafe) static let requestSamples = Result { try Fixtures.json("generated/request-samples.json") }
    nonisolated(unsafe) static let responseSamples = Result { try Fixtures.json("generated/response-samples.json") }

    @Test("Every generated action has a wire sample and an answer with every field; a capture and a realistic answer are asked for")
    func everyActionIsCovered() throws {
        #expect(Self.actions.count >= 21)
        let generatedAnswers = try Self.responseSamples.get()
        for action in Self.actions {
            #expect(WireSamples.all[action] != nil, "\(action) has no wire sample: run Codegen/generate")
            #expect(generatedAnswers[action] != nil, "\(action) has no generated answer: run Codegen/generate")
            // A newly added action works without these; they make its wire and its answers checked against
            // the official SDK and real bodies, so the suite asks for them.
            if !Self.captured.contains(action) {
                Issue.record("\(action): no official capture yet; run Codegen/capture-official \(action)", severity: .warning)
            }
            if !Self.withRealisticAnswer.contains(action) {
                Issue.record("\(action): no realistic answer yet; add Tests/Fixtures/responses/\(action).json", severity: .warning)
            }
        }
    }

    @Test("What recovery polls and the benchmarks measure keeps the fast path, writer and reader together")
    func fastPathWhereItCounts() throws {
        let polled: Set = ["DescribeInstances", "DescribeImages", "RunInstances", "CreateImage", "DescribeInstanceHistoryEvents"]
        #expect(polled.isSubset(of: Self.withFastPath))
        for type in GeneratedActions.requestTypes {
            let writes = Self.withFastPath.contains(type.action)
            #expect(writes == Self.hasTapeReader(type), "\(type.action): a fast writer and a tape reader, or neither")
        }
    }

    @Test("Every action of the model is generated, once, in the module the overlay's groups name")
    func everyActionOfTheModelIsGenerated() throws {
        let modelFile = Fixtures.directory.appendingPathComponent("../../Codegen/Model/ecs-2014-05-26.json")
        let model = try JSONSerialization.jsonObject(with: Data(contentsOf: modelFile)) as? [String: Any]
        let modelActions = try #require(model?["actions"] as? [String: Any])
        #expect(Set(Self.everyAction) == Set(modelActions.keys))
        #expect(Self.everyAction.count == modelActions.count, "no action is generated twice")
        #expect(Set(EveryAction.modules.keys) == Set(modelActions.keys))
    }

    @Test("A request with every parameter the model has set encodes to the model's names, flattening and values", arguments: everyAction)
    func requestMatchesModel(action: String) throws {
        let type = try #require(EveryAction.requestTypes.first { $0.action == action })
        let samples = try Self.requestSamples.get()
        let expected = try #require(samples[action] as? [[String]]).map { QueryParameter(name: $0[0], value: $0[1]) }
        try Self.checkRoundTrip(type, expected: expected)
    }

    @Test("Our canonical query carries exactly the parameters the official SDK sends", arguments: captured)
    func wireExact(action: String) throws {
        let sample = try #require(WireSamples.all[action])
        let capture = try Fixtures.json("official-wire/\(action).json")
        let official = try #require(capture["parameters"] as? [[String]])
        // The Python SDK writes booleans as True/False; ECS's documentation and the Java and Go SDKs write
        // true/false, which is what we send. Everything else must match exactly, name by name.
        let expected = official.map { pair in [pair[0], pair[1] == "True" ? "true" : (pair[1] == "False" ? "false" : pair[1])] }
        let ours = try Self.decodedQuery(of: sample)
        #expect(ours.map(\.name) == ours.map(\.name).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }, "the query is in canonical order")
        #expect(Set(ours.map(\.name)).count == ours.count, "no parameter is sent twice")
        let oursByName = Dictionary(uniqueKeysWithValues: ours.map { ($0.name, $0.value) })
        let expectedByName = Dictionary(expected.map { ($0[0], $0[1]) }, uniquingKeysWith: { first, _ in first })
        #expect(expectedByName.count == expected.count)
        for name in Set(oursByName.keys).union(expectedByName.keys).sorted() {
            #expect(oursByName[name] == expectedByName[name], "\(action) parameter \(name)")
        }
    }

    @Test("The fast writer writes what the Codable encoder writes, and decoding it back gives the same request", arguments: withFastPath)
    func encodersAgree(action: String) throws {
        let sample = try #require(WireSamples.all[action])
        try Self.checkEncoders(sample)
    }

    @Test("A realistic body decodes, fast path and Codable path alike, keeping every field it carries", arguments: withRealisticAnswer)
    func responseDecodes(action: String) throws {
        let type = try #require(GeneratedActions.requestTypes.first { $0.action == action })
        try Self.checkResponse(type, body: try Self.responseBody(action))
    }

    @Test("An answer with every field of the model set decodes without losing one", arguments: everyAction)
    func everyFieldDecodes(action: String) throws {
        let type = try #require(EveryAction.requestTypes.first { $0.action == action })
        let samples = try Self.responseSamples.get()
        let body = try JSONSerialization.data(withJSONObject: try #require(samples[action]))
        try Self.checkResponse(type, body: body)
    }

    // MARK: Helpers

    static func hasTapeReader<Request: ECSRequest>(_ type: Request.Type) -> Bool {
        Request.Response.self is any JSONTapeDecodable.Type
    }

    static func responseBody(_ action: String) throws -> Data {
        if let body = try? Fixtures.response("\(action).json") { return body }
        return try Fixtures.response("\(action)-100.json")
    }

    /// Our canonical query, split and percent-decoded.
    static func decodedQuery<Request: ECSRequest>(of request: Request) throws -> [QueryParameter] {
        let query = String(decoding: try QueryEncoder().canonicalQuery(request), as: UTF8.self)
        return try query.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try #require(String(parts[0]).removingPercentEncoding)
            let value = try #require(String(parts.count > 1 ? parts[1] : "").removingPercentEncoding)
            return QueryParameter(name: name, value: value)
        }
    }

    /// Decodes the model's flattened sample into the Swift request, encodes it again, and expects every
    /// parameter back under the model's name with its value (JSON text compared as JSON). A property that
    /// lost its wire name, a list flattened the wrong way or a value of the wrong type breaks the round trip.
    static func checkRoundTrip<Request: ECSRequest>(_ type: Request.Type, expected: [QueryParameter]) throws {
        let request = try QueryDecoder().decode(Request.self, from: Dictionary(uniqueKeysWithValues: expected.map { ($0.name, $0.value) }))
        let ours = try QueryEncoder().encode(request)
        let oursByName = Dictionary(ours.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        #expect(oursByName.count == ours.count, "\(Request.action): no parameter is sent twice")
        #expect(Set(oursByName.keys) == Set(expected.map(\.name)), "\(Request.action): the parameter names")
        for parameter in expected {
            guard let value = oursByName[parameter.name] else { continue }
            if parameter.value.hasPrefix("[") || parameter.value.hasPrefix("{") {
                #expect(try sameJSON(value, parameter.value), "\(Request.action) \(parameter.name): \(value)")
            } else {
                #expect(value == parameter.value, "\(Request.action) \(parameter.name)")
            }
        }
    }

    static func sameJSON(_ first: String, _ second: String) throws -> Bool {
        let parse = { (text: String) in try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) as? NSObject }
        return try parse(first).map { try $0.isEqual(parse(second)) } ?? false
    }

    static func checkEncoders<Request: ECSRequest>(_ request: Request) throws {
        let fast = try QueryEncoder().encode(request)
        let coded = try QueryEncoder().encodeWithCoder(request)
        #expect(fast.sorted { $0.name < $1.name } == coded.sorted { $0.name < $1.name })
        let decoded = try QueryDecoder().decode(Request.self, from: Dictionary(uniqueKeysWithValues: fast.map { ($0.name, $0.value) }))
        #expect(try QueryEncoder().encode(decoded) == fast)
    }

    static func checkResponse<Request: ECSRequest>(_ type: Request.Type, body: Data) throws {
        let fast = try ECSJSONDecoder().decode(Request.Response.self, from: body)
        let coded = try ECSJSONDecoder().decodeWithCoder(Request.Response.self, from: Array(body))
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ECSTimestamp.string(from: date))
        }
        encoder.outputFormatting = .sortedKeys
        let fastJSON = try encoder.encode(fast)
        #expect(fastJSON == (try encoder.encode(coded)), "the fast reader and the Decoder path agree")
        let carried = try leaves(of: JSONSerialization.jsonObject(with: body))
        let kept = try leaves(of: JSONSerialization.jsonObject(with: fastJSON))
        for (path, value) in carried.sorted(by: { $0.key < $1.key }) {
            let key = path.split(separator: ".").last.map(String.init) ?? path
            if unmodelledKeys[Request.action]?.contains(key) == true { continue }
            #expect(kept[path] == value, "\(Request.action): \(path) is \(value) in the body but \(kept[path] ?? "missing") in the model")
        }
        #expect(!carried.isEmpty)
    }

    /// Keys the bodies carry that the official SDK's model (7.11.8) does not know; like any unknown key,
    /// they are skipped when read.
    static let unmodelledKeys: [String: Set<String>] = ["DescribeImages": ["SourceInstanceId", "SupplierId"]]

    /// Every non-empty leaf of a JSON document by its path, its value normalized the way our decoder reads
    /// ECS's variations (numbers and booleans sent as text, timestamps with or without seconds).
    static func leaves(of object: Any, path: String = "") -> [String: String] {
        var result: [String: String] = [:]
        switch object {
        case let dictionary as [String: Any]:
            for (key, value) in dictionary {
                result.merge(leaves(of: value, path: path.isEmpty ? key : path + "." + key)) { first, _ in first }
            }
        case let array as [Any]:
            for (index, value) in array.enumerated() {
                result.merge(leaves(of: value, path: path + "." + String(index))) { first, _ in first }
            }
        case let number as NSNumber:
            // JSONSerialization gives booleans as NSNumbers of C type `char`, and whole numbers as wider ones.
            if String(cString: number.objCType) == "c" {
                result[path] = number.boolValue ? "true" : "false"
            } else {
                result[path] = normalized(number.stringValue)
            }
        case let text as String where !text.isEmpty:
            result[path] = normalized(text)
        default:
            break
        }
        return result
    }

    static func normalized(_ text: String) -> String {
        if let date = ECSTimestamp.date(from: text) { return ECSTimestamp.string(from: date) }
        if let number = Double(text), number.isFinite {
            return number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        }
        return text
    }
}
