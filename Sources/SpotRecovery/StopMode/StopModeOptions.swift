/// How an instance launched with `SpotInterruptionBehavior` `Stop` is brought back: ECS keeps its disks
/// and releases its compute, so the same instance can be started again once there is stock.
public struct StopModeOptions: Sendable, Hashable {
    /// Whether stop-mode instances are restarted in place (otherwise they are imaged and relaunched like
    /// any other). Default: yes.
    public var restartInPlace: Bool
    /// How long to wait for the interrupted instance to be `Stopped` in economical mode. Default: 10 minutes.
    public var stopTimeout: Duration
    /// How often to look while waiting for the stop. Default: 10 seconds.
    public var pollInterval: Duration
    /// How long StartInstance is retried while ECS answers that there is no stock or the price is too
    /// low, from the moment the instance is stopped; past it the stopped instance is imaged and a
    /// replacement launched elsewhere. Default: 30 minutes.
    public var restartDeadline: Duration
    /// The first wait between two StartInstance calls. Default: 15 seconds.
    public var initialBackoff: Duration
    /// The longest wait between two StartInstance calls. Default: 2 minutes.
    public var maximumBackoff: Duration
    /// Whether to wait until the restarted instance is `Running`. Default: no.
    public var waitUntilRunning: Bool

    /// Creates options.
    public init(
        restartInPlace: Bool = true, stopTimeout: Duration = .seconds(600), pollInterval: Duration = .seconds(10),
        restartDeadline: Duration = .seconds(1800), initialBackoff: Duration = .seconds(15),
        maximumBackoff: Duration = .seconds(120), waitUntilRunning: Bool = false
    ) {
        self.restartInPlace = restartInPlace
        self.stopTimeout = stopTimeout
        self.pollInterval = pollInterval
        self.restartDeadline = restartDeadline
        self.initialBackoff = initialBackoff
        self.maximumBackoff = max(initialBackoff, maximumBackoff)
        self.waitUntilRunning = waitUntilRunning
    }
}
