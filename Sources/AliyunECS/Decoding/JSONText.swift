/// Turns byte ranges of a JSON document into Swift strings and numbers.
enum JSONText {
    static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case 48...57: UInt32(byte - 48)
        case 65...70: UInt32(byte - 55)
        case 97...102: UInt32(byte - 87)
        default: nil
        }
    }

    /// Decodes a string body that contains escapes (the parser has already validated them).
    static func unescape(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        // Takes `output` as an argument: a local function capturing it would box the array.
        func appendScalar(_ value: UInt32, to output: inout [UInt8]) {
            let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
            output.append(contentsOf: String(scalar).utf8)
        }
        func hex4(at offset: Int) -> UInt32? {
            guard offset + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for position in offset..<offset + 4 {
                guard let digit = hexValue(bytes[position]) else { return nil }
                value = value << 4 | digit
            }
            return value
        }
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\\"), index + 1 < bytes.count else {
                output.append(byte)
                index += 1
                continue
            }
            let escape = bytes[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"):
                guard let unit = hex4(at: index) else {
                    appendScalar(0xFFFD, to: &output)
                    continue
                }
                index += 4
                if (0xD800...0xDBFF).contains(unit), index + 6 <= bytes.count,
                   bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u"),
                   let low = hex4(at: index + 2), (0xDC00...0xDFFF).contains(low) {
                    index += 6
                    appendScalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00), to: &output)
                } else {
                    // A lone surrogate cannot be represented; substitute as JSONSerialization does.
                    appendScalar((0xD800...0xDFFF).contains(unit) ? 0xFFFD : unit, to: &output)
                }
            default:
                output.append(escape)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Parses an integer literal, accepting an integral float form such as `40.0`.
    static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        var index = 0
        while index < bytes.count, bytes[index] == 0x20 { index += 1 }
        var end = bytes.count
        while end > index, bytes[end - 1] == 0x20 { end -= 1 }
        guard index < end else { return nil }
        var negative = false
        if bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        guard index < end else { return nil }
        var value: Int64 = 0
        let digitsStart = index
        while index < end, bytes[index] >= 48, bytes[index] <= 57 {
            let (multiplied, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (added, overflow2) = multiplied.addingReportingOverflow(Int64(bytes[index] - 48))
            guard !overflow1, !overflow2 else { return nil }
            value = added
            index += 1
        }
        guard index > digitsStart else { return nil }
        if index < end {
            // Not a plain integer: accept it only if it is a float with no fractional part.
            guard let double = floatingPoint(UnsafeBufferPointer(rebasing: bytes[digitsStart..<end])),
                  double.rounded() == double, abs(double) < 9.2e18 else { return nil }
            return negative ? -Int64(double) : Int64(double)
        }
        return negative ? -value : value
    }

    /// `true` or `false` written as text, in any case, with surrounding spaces allowed; `nil` otherwise.
    static func boolean(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 0x20 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 { end -= 1 }
        // Constants for the local function: capturing the `var`s would box them and check every access.
        let first = start
        let length = end - start
        func matches(_ word: StaticString) -> Bool {
            guard length == word.utf8CodeUnitCount else { return false }
            for offset in 0..<length where bytes[first + offset] | 0x20 != word.utf8Start[offset] {
                return false
            }
            return true
        }
        if matches("true") { return true }
        if matches("false") { return false }
        return nil
    }

    /// Parses a floating-point literal.
    static func floatingPoint(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        if let value = shortDecimal(bytes) { return value }
        let text = String(decoding: bytes, as: UTF8.self).trimmingSpaces()
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }

    /// `-?digits(.digits)?` with at most 15 digits in all, such as a price (`0.165`), or `nil` for any
    /// other form.
    ///
    /// Such a value is exact without the general parser: the digits make an integer below 2^53 and the
    /// power of ten dividing it is at most 10^15, so both are exact doubles and one IEEE division rounds
    /// the quotient correctly, which is the value `strtod` returns (Clinger's fast path).
    static func shortDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var index = 0
        let negative = bytes.first == UInt8(ascii: "-")
        if negative { index = 1 }
        var mantissa: UInt64 = 0
        var digitCount = 0
        var fractionDigits = 0
        var pointSeen = false
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte &- UInt8(ascii: "0") < 10 {
                digitCount += 1
                guard digitCount <= 15 else { return nil }
                mantissa = mantissa &* 10 &+ UInt64(byte &- UInt8(ascii: "0"))
                if pointSeen { fractionDigits += 1 }
            } else if byte == UInt8(ascii: "."), !pointSeen, digitCount > 0 {
                pointSeen = true
            } else {
                return nil
            }
        }
        guard digitCount > 0, !pointSeen || fractionDigits > 0 else { return nil }
        let magnitude = Double(mantissa) / exactPowersOfTen[fractionDigits]
        return negative ? -magnitude : magnitude
    }

    /// 10^0 … 10^15, each exactly representable.
    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ]
}

extension String {
    func trimmingSpaces() -> String {
        // Almost nothing has spaces to trim; checking the ends first spares a copy.
        guard utf8.first == UInt8(ascii: " ") || utf8.last == UInt8(ascii: " ") else { return self }
        var view = Substring(self)
        while view.first == " " { view = view.dropFirst() }
        while view.last == " " { view = view.dropLast() }
        return String(view)
    }
}
