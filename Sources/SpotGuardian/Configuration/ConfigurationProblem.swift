/// One thing wrong with a configuration, naming the key: `regions[0].fleets[1].placement.zones[0]: a zone
/// needs its vSwitchId`.
public struct ConfigurationProblem: Sendable, Hashable, CustomStringConvertible {
    /// Where: a key path such as `regions[0].fleets[1].selector`, or the file.
    public var key: String
    /// What is wrong, and how to put it right.
    public var message: String

    /// Creates a problem. Control characters and line breaks in either part (a key read from the file may
    /// hold them) are written as escapes such as `\n` or `\u{2028}`, so that a problem is always one line:
    /// `--check-config` prints one problem per line, and a crafted key cannot add lines of its own.
    public init(key: String, message: String) {
        self.key = Self.oneLine(key)
        self.message = Self.oneLine(message)
    }

    /// `text` with its control characters and line and paragraph separators escaped.
    static func oneLine(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var line = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar) else {
                line.append(scalar)
                continue
            }
            let escaped = switch scalar {
            case "\n": "\\n"
            case "\r": "\\r"
            case "\t": "\\t"
            default: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            }
            line.append(contentsOf: escaped.unicodeScalars)
        }
        return String(line)
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .control || scalar.value == 0x2028 || scalar.value == 0x2029
    }

    /// `key: message`.
    public var description: String { "\(key): \(message)" }
}

/// Why a configuration cannot be used: every problem found, one per line.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// The problems, in the order found.
    public var problems: [ConfigurationProblem]

    /// Creates an error.
    public init(problems: [ConfigurationProblem]) {
        self.problems = problems
    }

    /// One problem per line.
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
