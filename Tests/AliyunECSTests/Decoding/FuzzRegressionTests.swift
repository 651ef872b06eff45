import Foundation
import Testing
@testable import AliyunECS
@testable import AliyunECSTesting

/// What the fuzzers (`Scripts/fuzz`, `FuzzTesting/`) found, each replayed from the input that found it
/// (`Tests/Fixtures/fuzz-regressions/<target>-<what>`), so that a fix can never quietly come undone.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static func input(_ name: String) throws -> Data {
        try Fixtures.data("fuzz-regressions/\(name)")
    }

    /// The business parameters of a form body, read as the simulated region reads a request.
    static func parameters(ofBody body: Data) -> [String: String] {
        IncomingRequest(ECSHTTPRequest(
            method: "POST", urlString: "http://127.0.0.1:8080/",
            headers: [HTTPHeader(name: "Content-Type", value: "application/x-www-form-urlencoded")], body: body)
        ).businessParameters
    }

    @Test("A plain value where a list is expected is refused, not read as an empty list")
    func valueForAList() throws {
        // `InstanceId=` (no `.1`): DeleteInstances read it as `instanceIds == []`, so a required list was
        // "present", and the request could not be written and read back.
        let parameters = Self.parameters(ofBody: try Self.input("query-value-for-a-list"))
        #expect(parameters == ["InstanceId": ""])
        #expect(throws: DecodingError.self) { try QueryDecoder().decode(DeleteInstancesRequest.self, from: parameters) }
        #expect(throws: DecodingError.self) {
            try QueryDecoder().decode(DeleteInstancesRequest.self, from: ["InstanceId": "i-1"])
        }
        #expect(throws: DecodingError.self) {
            try QueryDecoder().decode(DeleteInstancesRequest.self, from: ["InstanceId.first": "i-1"])
        }
        // The list form still reads, in index order.
        let request = try QueryDecoder().decode(DeleteInstancesRequest.self, from: ["InstanceId.2": "i-2", "InstanceId.1": "i-1"])
        #expect(request.instanceIds == ["i-1", "i-2"])
    }

    @Test("A blank value in a comma-separated list is dropped, so the request reads the same after a round trip")
    func blankListValue() throws {
        // `Status=…, ,…`: the blank value was kept as an empty status, written back as `…,,…`, and that read
        // back without it, so DescribeImages changed when it was written and read again.
        let parameters = Self.parameters(ofBody: try Self.input("query-blank-list-value"))
        let request = try QueryDecoder().decode(DescribeImagesRequest.self, from: parameters)
        #expect(request.status?.contains(ImageStatus(rawValue: "")) == false)
        let written = try QueryEncoder().encode(request)
        let again = try QueryDecoder().decode(DescribeImagesRequest.self, from: Dictionary(uniqueKeysWithValues: written.map { ($0.name, $0.value) }))
        #expect(again == request)
        #expect(try QueryEncoder().encode(again) == written)

        for status in ["Creating, ,Available", "Creating,,Available", ",Creating,Available,", " Creating , Available "] {
            let decoded = try QueryDecoder().decode(DescribeImagesRequest.self, from: ["Status": status])
            #expect(decoded.status == [.creating, .available], "\(status)")
        }
    }

    @Test("A day that does not exist is refused, not moved into the next month")
    func dayThatDoesNotExist() throws {
        // `2026-02-31T08:00z` read as 2026-03-03T08:00:00Z: the day was checked against 31 in every month.
        let text = String(decoding: try Self.input("timestamp-day-that-does-not-exist"), as: UTF8.self)
        #expect(ECSTimestamp.date(from: text) == nil)
        for refused in ["2026-02-29T00:00Z", "2026-04-31T00:00Z", "2100-02-29T00:00Z", "2026-06-31T00:00:00Z"] {
            #expect(ECSTimestamp.date(from: refused) == nil, "\(refused)")
        }
        for accepted in ["2024-02-29T00:00Z", "2000-02-29T00:00Z", "2026-01-31T00:00Z", "2026-12-31T23:59:59Z"] {
            #expect(ECSTimestamp.date(from: accepted) != nil, "\(accepted)")
        }
    }

    @Test("INI syntax is read scalar by scalar: a combining mark after a quote or bracket does not hide it")
    func combiningMarkAfterINISyntax() throws {
        // `type = "\u{301}x"`: the quote and the combining mark make one Character, so the quotes were kept;
        // and a section named `\u{301}x` did not read back as a section. The fuzzer writes the parsed
        // sections back as INI (`[name]`, `key = "value"`) and parses them again.
        let file = String(decoding: try Self.input("ini-combining-mark-after-syntax"), as: UTF8.self)
        let sections = INIFile.parse(file)
        let written = sections.sorted { $0.key < $1.key }.map { name, entries in
            "[\(name)]\n" + entries.sorted { $0.key < $1.key }.map { "\($0.key) = \"\($0.value)\"\n" }.joined()
        }.joined()
        #expect(INIFile.parse(written) == sections)
        #expect(INIFile.parse("[default]\ntype = \"\u{301}x\"\n") == ["default": ["type": "\u{301}x"]])
        #expect(INIFile.parse("[\u{301}x]\nk = v\n") == ["\u{301}x": ["k": "v"]])
        #expect(INIFile.parse("[default]\nk =\u{301}v\n") == ["default": ["k": "\u{301}v"]])
    }

    @Test("A timestamp whose instant falls outside the years 0000 to 9999 is refused")
    func yearOutsideFourDigits() throws {
        // `9999-12-31T04:00-23:59` is 10000-01-01T03:59Z, which the four-digit written form cannot hold:
        // it was accepted, then written as 0000-01-01T03:59:00Z, ten thousand years off.
        let text = String(decoding: try Self.input("timestamp-year-10000"), as: UTF8.self)
        #expect(ECSTimestamp.date(from: text) == nil)
        #expect(ECSTimestamp.date(from: "0000-01-01T00:30+01:00") == nil)
        #expect(ECSTimestamp.date(from: "9999-12-31T23:59:60Z") == nil)
        for accepted in ["0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "0000-01-01T01:00+01:00", "9999-12-31T20:00-03:59"] {
            let date = try #require(ECSTimestamp.date(from: accepted), "\(accepted)")
            #expect(ECSTimestamp.date(from: ECSTimestamp.string(from: date)) == date, "\(accepted)")
        }
    }

    @Test("A fraction of a second never carries the instant into the next second")
    func fractionRoundingUp() throws {
        // `9999-12-31T23:59:59.99999Z`: so far from 1970 the Double sum rounded to 10000-01-01T00:00:00Z,
        // which the written form cannot hold, so it was written back as 9999-12-31T23:59:59Z, another second.
        let text = String(decoding: try Self.input("timestamp-fraction-rounding-up"), as: UTF8.self)
        let date = try #require(ECSTimestamp.date(from: text))
        #expect(date.timeIntervalSince1970 < 253_402_300_800)
        #expect(date.timeIntervalSince1970 > 253_402_300_799.99)
        #expect(ECSTimestamp.string(from: date) == "9999-12-31T23:59:59Z")
        for (text, second) in [
            ("2026-11-20T08:00:59.9999999999Z", "2026-11-20T08:00:59Z"),
            ("1970-01-01T00:00:00.99999999999999999Z", "1970-01-01T00:00:00Z"),
            ("2026-11-20T08:00:00.5Z", "2026-11-20T08:00:00Z"),
        ] {
            let date = try #require(ECSTimestamp.date(from: text), "\(text)")
            #expect(ECSTimestamp.string(from: date) == second, "\(text)")
            let start = try #require(ECSTimestamp.date(from: second))
            #expect(date.timeIntervalSince(start) > 0.49, "\(text): the fraction is kept")
        }
        #expect(ECSTimestamp.date(from: "2026-11-20T08:00:00.5Z")?.timeIntervalSince1970.truncatingRemainder(dividingBy: 1) == 0.5)
    }

    @Test("A number sent as escaped text reads by the same rules as plain text: no NaN or infinity")
    func escapedNaN() throws {
        // `{"TradePrice":"\u006ean"}`: the escaped path read the text with `Double(_:)`, which takes "nan",
        // where plain "nan" is refused; the model then held a NaN that JSON cannot carry.
        let body = try Self.input("json-escaped-nan")
        #expect(throws: DecodingError.self) { try ECSJSONDecoder().decode(RunInstancesResponse.self, from: body) }
        #expect(throws: DecodingError.self) { try ECSJSONDecoder().decodeWithCoder(RunInstancesResponse.self, from: Array(body)) }
        for text in [#""\u0069nf""#, #""-\u0069nfinity""#, #""\u004eaN""#] {
            #expect(throws: DecodingError.self, "\(text)") {
                try ECSJSONDecoder().decode(RunInstancesResponse.self, from: Array(#"{"TradePrice":\#(text)}"#.utf8))
            }
        }
        let price = try ECSJSONDecoder().decode(RunInstancesResponse.self, from: Array(#"{"TradePrice":"\u0031.5"}"#.utf8))
        #expect(price.tradePrice == 1.5)
    }
}
