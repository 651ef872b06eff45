import Foundation
@testable import AliyunECS

/// libFuzzer entry point for `ECSTimestamp`: every form ECS answers with, and no crash on any input.
///
/// It checks, and stops the fuzzer with a message naming the difference when one fails:
/// - reading bytes and reading the same text as a `String` agree;
/// - an accepted timestamp names a day that exists (no February 30th);
/// - an accepted timestamp written back (`yyyy-MM-ddTHH:mm:ssZ`) reads as the same instant, to the second;
/// - a timestamp already in the written form (`T` or a space, `Z` or `z`, a real calendar day, not a leap
///   second) is written back exactly as it came;
/// - from 1600 on, the instant is the one Foundation's Gregorian calendar gives for the same fields and
///   offset.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTimestamp(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    TimestampChecks.check(bytes)
    return 0
}

enum TimestampChecks {
    static func mismatch(_ message: String, _ bytes: [UInt8]) -> Never {
        fatalError("FuzzTimestamp mismatch: \(message)\ninput: \(String(decoding: bytes.prefix(200), as: UTF8.self).debugDescription)")
    }

    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar
    }()

    static func check(_ bytes: [UInt8]) {
        let date = bytes.withUnsafeBufferPointer { ECSTimestamp.date(fromUTF8: $0) }
        if let text = String(validating: bytes, as: UTF8.self), ECSTimestamp.date(from: text) != date {
            mismatch("reading bytes gives \(String(describing: date)), reading the string \(String(describing: ECSTimestamp.date(from: text)))", bytes)
        }
        guard let date else { return }
        let written = ECSTimestamp.string(from: date)
        guard let readBack = ECSTimestamp.date(from: written) else {
            mismatch("the accepted instant \(date.timeIntervalSince1970) is written as \(written.debugDescription), which does not read back", bytes)
        }
        let whole = date.timeIntervalSince1970.rounded(.down)
        guard readBack.timeIntervalSince1970 == whole else {
            mismatch("the accepted instant \(date.timeIntervalSince1970) is written as \(written), which reads as \(readBack.timeIntervalSince1970)", bytes)
        }
        guard let fields = Fields(bytes) else {
            mismatch("an accepted timestamp does not have ECS's layout", bytes)
        }
        guard fields.isCalendarDay else {
            mismatch("a day that does not exist (\(fields.year)-\(fields.month)-\(fields.day)) is accepted as \(written)", bytes)
        }
        if fields.isWrittenForm, fields.second < 60, fields.isCalendarDay {
            var canonical = bytes
            canonical[10] = UInt8(ascii: "T")
            canonical[19] = UInt8(ascii: "Z")
            guard Array(written.utf8) == canonical else {
                mismatch("a timestamp in the written form is written back as \(written)", bytes)
            }
        }
        if fields.year >= 1600, fields.isCalendarDay, fields.second < 60,
           let expected = utc.date(from: DateComponents(
               year: fields.year, month: fields.month, day: fields.day,
               hour: fields.hour, minute: fields.minute, second: fields.second)) {
            let expectedSeconds = expected.timeIntervalSince1970 - Double(fields.offsetSeconds)
            guard abs(date.timeIntervalSince1970 - fields.fraction - expectedSeconds) < 1e-3 else {
                mismatch("we read \(date.timeIntervalSince1970), Foundation's calendar gives \(expectedSeconds) + \(fields.fraction)", bytes)
            }
        }
    }

    /// The fields of a timestamp in ECS's layout, read here independently of `ECSTimestamp`.
    struct Fields {
        var year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0
        var fraction = 0.0
        var offsetSeconds = 0
        var isWrittenForm = false

        init?(_ bytes: [UInt8]) {
            func number(_ range: Range<Int>) -> Int? {
                guard range.upperBound <= bytes.count else { return nil }
                var value = 0
                for byte in bytes[range] {
                    guard (48...57).contains(byte) else { return nil }
                    value = value * 10 + Int(byte - 48)
                }
                return value
            }
            guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
                  let hour = number(11..<13), let minute = number(14..<16) else { return nil }
            (self.year, self.month, self.day, self.hour, self.minute) = (year, month, day, hour, minute)
            var index = 16
            if index < bytes.count, bytes[index] == UInt8(ascii: ":"), let second = number(17..<19) {
                self.second = second
                index = 19
                if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                    index += 1
                    var scale = 0.1
                    while index < bytes.count, (48...57).contains(bytes[index]) {
                        fraction += Double(bytes[index] - 48) * scale
                        scale /= 10
                        index += 1
                    }
                }
            }
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
                guard let hours = number((index + 1)..<(index + 3)) else { return nil }
                let minutesStart = index + 3 < bytes.count && bytes[index + 3] == UInt8(ascii: ":") ? index + 4 : index + 3
                guard let minutes = number(minutesStart..<(minutesStart + 2)) else { return nil }
                offsetSeconds = sign * (hours * 3600 + minutes * 60)
            }
            isWrittenForm = bytes.count == 20 && index == 19 && (bytes[19] == UInt8(ascii: "Z") || bytes[19] == UInt8(ascii: "z"))
        }

        var isCalendarDay: Bool {
            guard (1...12).contains(month), day >= 1 else { return false }
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
            return day <= lengths[month - 1]
        }
    }
}
