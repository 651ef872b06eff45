import Foundation

/// The MNS queue one region's interruption events arrive through (`regions[].eventQueue`): a CloudMonitor
/// event subscription or an EventBridge rule delivers `Instance:PreemptibleInstanceInterruption` into it, and
/// spot-guardian long-polls it, deleting each message only once its event is handled.
public struct EventQueueConfiguration: Sendable, Hashable {
    /// The account's MNS endpoint, e.g. `https://<account-id>.mns.cn-hangzhou.aliyuncs.com`.
    public var endpoint: String
    /// The queue's name.
    public var queue: String
    /// How long one receive waits for a message (long polling), 1 to 30 seconds. Default: 20.
    public var waitSeconds: Int
    /// How long a received message stays invisible to other consumers; spot-guardian extends it while the
    /// event is being handled. Default: 2 minutes.
    public var visibilityTimeout: Duration
    /// How many times a message may be received before it is deleted unhandled (and logged as given up).
    /// Default: 5.
    public var maximumDequeues: Int

    /// The range `waitSeconds` must lie in.
    public static let waitSecondsRange = 1...30
    /// The range `visibilityTimeout` must lie in, as MNS allows it.
    public static let visibilityTimeoutRange = Duration.seconds(1)...Duration.seconds(43_200)

    /// Creates a configuration.
    public init(endpoint: String, queue: String, waitSeconds: Int = 20, visibilityTimeout: Duration = .seconds(120), maximumDequeues: Int = 5) {
        self.endpoint = endpoint
        self.queue = queue
        self.waitSeconds = min(max(waitSeconds, Self.waitSecondsRange.lowerBound), Self.waitSecondsRange.upperBound)
        self.visibilityTimeout = min(max(visibilityTimeout, Self.visibilityTimeoutRange.lowerBound), Self.visibilityTimeoutRange.upperBound)
        self.maximumDequeues = max(1, maximumDequeues)
    }
}
