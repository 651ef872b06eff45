/// How a watch polls.
public struct WatchOptions: Sendable, Hashable {
    /// The time between two polls. Default: 2 seconds.
    public var pollInterval: Duration
    /// How much each interval varies at random, as a fraction (0.1 = ±10 %), so that many watchers
    /// do not poll in lockstep.
    public var jitter: Double
    /// The longest the watch may run; `nil` for no limit.
    public var timeout: Duration?
    /// How often a tagged fleet's descriptions are refreshed. Default: 10 minutes.
    public var descriptionRefreshInterval: Duration
    /// DescribeInstances calls one poll keeps in flight when watching by ID. Default: 4.
    public var concurrentCalls: Int
    /// How many polls in a row may fail with a transient error (throttling, 5xx, lost connection,
    /// already retried by the client) before the watch gives up; `nil` to keep trying.
    public var maximumConsecutiveFailures: Int?
    /// Whether a fleet's polls also look for members an interruption left stopped (`Stop`-mode instances
    /// whose lock is gone): one more DescribeInstances per poll. Default: no.
    public var includesStoppedMembers: Bool

    /// Creates options.
    public init(
        pollInterval: Duration = .seconds(2), jitter: Double = 0.1, timeout: Duration? = nil,
        descriptionRefreshInterval: Duration = .seconds(600), concurrentCalls: Int = 4,
        maximumConsecutiveFailures: Int? = nil, includesStoppedMembers: Bool = false
    ) {
        self.pollInterval = pollInterval
        self.jitter = min(max(jitter, 0), 1)
        self.timeout = timeout
        self.descriptionRefreshInterval = descriptionRefreshInterval
        self.concurrentCalls = concurrentCalls
        self.maximumConsecutiveFailures = maximumConsecutiveFailures
        self.includesStoppedMembers = includesStoppedMembers
    }

    /// The wait before the next poll, with jitter.
    func nextInterval(random: Double) -> Duration {
        let factor = 1 + jitter * (2 * min(max(random, 0), 1) - 1)
        return .seconds(fractional: max(pollInterval.inSeconds * factor, 0.001))
    }
}
