import AliyunECS
import Foundation

/// Durations as configurations write them: `250ms`, `30s`, `5m`, `1h30m`, or a number of seconds.
enum DurationText {
    /// The duration `text` spells, or `nil`.
    static func parse(_ text: String) -> Duration? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(trimmed), seconds.isFinite, seconds >= 0 { return .seconds(fractional: seconds) }
        var total = 0.0
        var number = ""
        var rest = Substring(trimmed)
        guard !rest.isEmpty else { return nil }
        while let first = rest.first {
            if first.isASCIIDigitCharacter || first == "." {
                number.append(first)
                rest = rest.dropFirst()
                continue
            }
            guard let value = Double(number) else { return nil }
            let unit: Double
            if rest.hasPrefix("ms") {
                unit = 0.001
                rest = rest.dropFirst(2)
            } else {
                switch first {
                case "s": unit = 1
                case "m": unit = 60
                case "h": unit = 3600
                case "d": unit = 86_400
                default: return nil
                }
                rest = rest.dropFirst()
            }
            total += value * unit
            number = ""
        }
        guard number.isEmpty, total.isFinite else { return nil }
        return .seconds(fractional: total)
    }
}

extension Character {
    var isASCIIDigitCharacter: Bool {
        guard let ascii = asciiValue else { return false }
        return ascii >= 48 && ascii <= 57
    }
}
