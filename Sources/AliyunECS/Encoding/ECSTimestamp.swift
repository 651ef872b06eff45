import Foundation

/// Reads and writes the UTC timestamps ECS uses, without `DateFormatter` (slow, and locale-sensitive).
///
/// Written as `yyyy-MM-ddTHH:mm:ssZ`. Read in every form ECS answers with: with or without seconds
/// (`2026-11-20T08:00Z`), with fractional seconds, and with `Z` or a `±HH:MM` offset.
public enum ECSTimestamp {
    /// Formats `date` as `yyyy-MM-ddTHH:mm:ssZ` in UTC (fractions of a second are dropped; an instant outside
    /// the years 0000–9999 is written as the nearer end, NaN as the epoch).
    public static func string(from date: Date) -> String {
        // Four-digit years only: an instant outside 0000-01-01 … 9999-12-31 is written as the nearer end (and
        // NaN as the epoch) rather than trapping or writing a form ECS would misread.
        let interval = date.timeIntervalSince1970
        let seconds = interval.isNaN ? 0 : Int64(min(max(interval.rounded(.down), Self.earliestWritable), Self.latestWritable))
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        let (year, month, day) = civilDate(fromDays: days)
        return String(unsafeUninitializedCapacity: 20) { bytes in
            func put(_ value: Int64, at offset: Int, width: Int) {
                var value = value
                for index in stride(from: offset + width - 1, through: offset, by: -1) {
                    bytes[index] = UInt8(truncatingIfNeeded: 48 + value % 10)
                    value /= 10
                }
            }
            put(year, at: 0, width: 4)
            bytes[4] = UInt8(ascii: "-")
            put(month, at: 5, width: 2)
            bytes[7] = UInt8(ascii: "-")
            put(day, at: 8, width: 2)
            bytes[10] = UInt8(ascii: "T")
            put(secondOfDay / 3600, at: 11, width: 2)
            bytes[13] = UInt8(ascii: ":")
            put(secondOfDay / 60 % 60, at: 14, width: 2)
            bytes[16] = UInt8(ascii: ":")
            put(secondOfDay % 60, at: 17, width: 2)
            bytes[19] = UInt8(ascii: "Z")
            return 20
        }
    }

    /// 0000-01-01T00:00:00Z, the earliest instant the written form holds.
    static let earliestWritable: Double = -62_167_219_200
    /// 9999-12-31T23:59:59Z, the latest.
    static let latestWritable: Double = 253_402_300_799

    /// Parses an ECS timestamp, or returns `nil` when `text` is not one.
    public static func date(from text: String) -> Date? {
        text.withUTF8Bytes { date(fromUTF8: $0) }
    }

    /// Parses an ECS timestamp from UTF-8 bytes, or returns `nil`.
    static func date(fromUTF8 bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        var scanner = TimestampScanner(bytes: bytes)
        guard let year = scanner.digits(4), scanner.expect("-"), let month = scanner.digits(2), scanner.expect("-"),
              let day = scanner.digits(2), scanner.expect("T") || scanner.expect(" "),
              let hour = scanner.digits(2), scanner.expect(":"), let minute = scanner.digits(2) else {
            return nil
        }
        var second: Int64 = 0
        var fraction = 0.0
        if scanner.expect(":") {
            guard let parsed = scanner.digits(2) else { return nil }
            second = parsed
            if scanner.expect(".") {
                guard let parsed = scanner.fraction() else { return nil }
                fraction = parsed
            }
        }
        var offsetSeconds: Int64 = 0
        if scanner.expect("Z") || scanner.expect("z") {
            // UTC.
        } else if let sign: Int64 = scanner.expect("+") ? 1 : scanner.expect("-") ? -1 : nil {
            guard let offsetHours = scanner.digits(2) else { return nil }
            _ = scanner.expect(":")
            guard let offsetMinutes = scanner.digits(2) else { return nil }
            offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
        } else {
            return nil
        }
        guard scanner.isAtEnd, (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month),
              hour < 24, minute < 60, second < 61 else {
            return nil
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        let total = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        // An offset can carry the instant out of the years 0000 to 9999, which the written form (four
        // digits of year) cannot hold: such a time would be written back as another one.
        guard writableSeconds.contains(total) else { return nil }
        return instant(second: total, fraction: fraction)
    }

    /// The instant `fraction` (0 ≤ fraction < 1) into the whole second `second`, never in the next one.
    ///
    /// A `Date` cannot hold every fraction: `.99999` at 9999-12-31T23:59:59, or `.9999999999` anywhere, rounds
    /// up to the next whole second (in the `Double` sum, or when `Date` moves it to and from its 2001
    /// reference), so the timestamp would name another second when written back (at 9999-12-31T23:59:59, an
    /// instant the written form cannot hold). Such an instant is the last one `Date` can hold in that
    /// second: at most 31 µs before its end in the years 0000 to 9999.
    private static func instant(second: Int64, fraction: Double) -> Date {
        let whole = Double(second)
        let end = whole + 1
        let date = Date(timeIntervalSince1970: whole + fraction)
        if date.timeIntervalSince1970 < end { return date }
        var shortfall = max(end.ulp, 0x1p-40)
        while shortfall < 0.5 {
            let earlier = Date(timeIntervalSince1970: end - shortfall)
            if earlier.timeIntervalSince1970 < end { return earlier }
            shortfall *= 2
        }
        return Date(timeIntervalSince1970: whole)
    }

    /// The whole seconds since 1970 that the written form can hold: 0000-01-01T00:00:00Z to 9999-12-31T23:59:59Z.
    static let writableSeconds: ClosedRange<Int64> =
        daysFromCivil(year: 0, month: 1, day: 1) * 86_400...(daysFromCivil(year: 9999, month: 12, day: 31) * 86_400 + 86_399)

    /// How many days `month` (1 to 12) of `year` has, in the proleptic Gregorian calendar.
    static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    // Howard Hinnant's days-from-civil algorithms: exact for the proleptic Gregorian calendar.
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthIndex = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civilDate(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}

/// Reads a timestamp's fields one after another. A struct with mutating methods rather than local
/// functions capturing a cursor: captured, the cursor lived in a box checked for exclusive access on every
/// byte, which made parsing a date cost a quarter of a microsecond.
private struct TimestampScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var cursor = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { cursor == bytes.count }

    /// Exactly `count` decimal digits, as a number.
    mutating func digits(_ count: Int) -> Int64? {
        guard cursor + count <= bytes.count else { return nil }
        var value: Int64 = 0
        for offset in cursor..<(cursor + count) {
            let byte = bytes[offset]
            guard byte >= 48, byte <= 57 else { return nil }
            value = value * 10 + Int64(byte - 48)
        }
        cursor += count
        return value
    }

    /// Steps over `ascii` when it comes next.
    mutating func expect(_ ascii: Unicode.Scalar) -> Bool {
        guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: ascii) else { return false }
        cursor += 1
        return true
    }

    /// The digits after a decimal point, as a fraction of a second; `nil` when there are none.
    mutating func fraction() -> Double? {
        var value = 0.0
        var scale = 0.1
        let start = cursor
        while cursor < bytes.count, bytes[cursor] >= 48, bytes[cursor] <= 57 {
            value += Double(bytes[cursor] - 48) * scale
            scale /= 10
            cursor += 1
        }
        return cursor > start ? value : nil
    }
}
