/// What `spot-guardian --check-config FILE` reports: the exit status and the lines to print.
public struct ConfigurationCheck: Sendable, Hashable {
    /// Whether the file is a usable configuration.
    public var isValid: Bool
    /// One line when valid (what it configures); otherwise one line per problem, each naming its key
    /// (or the file, when it is missing or not JSON).
    public var lines: [String]

    /// The process exit status: 0 when valid, 1 otherwise.
    public var exitStatus: Int32 { isValid ? 0 : 1 }

    /// Validates the file at `path` with `loader` (its environment included, as at start).
    public init(path: String, loader: GuardianConfigurationLoader = GuardianConfigurationLoader()) {
        do {
            let configuration = try loader.load(path: path)
            let fleets = configuration.regions.reduce(0) { $0 + $1.fleets.count }
            isValid = true
            lines = ["\(path): valid (\(configuration.regions.count) region(s), \(fleets) fleet(s))"]
        } catch {
            isValid = false
            lines = error.problems.map(\.description)
        }
    }
}
