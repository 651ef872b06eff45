/// One thing wrong with a configuration, naming the key: `regions[0].fleets[1].placement.zones[0]: a zone
/// needs its vSwitchId`.
public struct ConfigurationProblem: Sendable, Hashable, CustomStringConvertible {
    /// Where: a key path such as `regions[0].fleets[1].selector`, or the file.
    public var key: String
    /// What is wrong, and how to put it right.
    public var message: String

    /// Creates a problem.
    public init(key: String, message: String) {
        self.key = key
        self.message = message
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
