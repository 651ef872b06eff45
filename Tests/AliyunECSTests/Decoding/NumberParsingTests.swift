import Foundation
import Testing
@testable import AliyunECS
@testable import AliyunECSTesting

/// Numbers in responses (prices, sizes) must read exactly as the general parser reads them, whichever
/// path the decoder takes.
@Suite("Number parsing")
struct NumberParsingTests {
    private static func parse(_ text: String) -> Double? {
        Array(text.utf8).withUnsafeBufferPointer { JSONText.floatingPoint($0) }
    }

    private static func short(_ text: String) -> Double? {
        Array(text.utf8).withUnsafeBufferPointer { JSONText.shortDecimal($0) }
    }

    @Test("Short decimals read bit for bit as Double(String) reads them")
    func shortDecimalsMatchTheGeneralParser() {
        var random = SeededGenerator(seed: 42)
        for _ in 0..<50_000 {
            let integerDigits = Int.random(in: 1...8, using: &random)
            let fractionDigits = Int.random(in: 0...(15 - integerDigits), using: &random)
            var text = Bool.random(using: &random) ? "-" : ""
            text += String((0..<integerDigits).map { _ in "0123456789".randomElement(using: &random) ?? "0" })
            if fractionDigits > 0 {
                text += "." + String((0..<fractionDigits).map { _ in "0123456789".randomElement(using: &random) ?? "0" })
            }
            let expected = Double(text)
            let fast = Self.short(text)
            #expect(fast != nil, "\(text) should take the short path")
            #expect(fast?.bitPattern == expected?.bitPattern, "\(text)")
            #expect(Self.parse(text)?.bitPattern == expected?.bitPattern, "\(text)")
        }
    }

    @Test("Typical response numbers", arguments: [
        ("0.165", 0.165), ("0", 0.0), ("40", 40.0), ("-0.5", -0.5), ("123456789.012345", 123456789.012345),
        ("0.1", 0.1), ("0.3", 0.3), ("9007199254740.99", 9007199254740.99),
    ])
    func typicalNumbers(text: String, value: Double) {
        #expect(Self.parse(text) == value)
        #expect(Self.short(text) == value)
    }

    @Test("Other forms fall back to the general parser with the same result", arguments: [
        "1e3", "1.5E-7", "-2.5e+10", "0.1234567890123456789", "12345678901234567", "+1.5", "1.", ".5",
        " 2.5 ", "5e-324", "1.7976931348623157e308",
    ])
    func otherFormsFallBack(text: String) {
        #expect(Self.short(text) == nil)
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        #expect(Self.parse(text)?.bitPattern == Double(trimmed)?.bitPattern)
    }

    @Test("Text that is not a number is refused", arguments: ["", "-", ".", "1.2.3", "1,5", "cheap", "1e999", "nan", "--1"])
    func notNumbers(text: String) {
        #expect(Self.short(text) == nil)
        #expect(Self.parse(text) == nil)
    }

    @Test("Negative zero keeps its sign")
    func negativeZero() {
        #expect(Self.parse("-0")?.sign == .minus)
        #expect(Self.parse("-0.0")?.sign == .minus)
    }
}
