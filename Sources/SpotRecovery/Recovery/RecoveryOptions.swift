/// How the whole recovery flow runs.
public struct RecoveryOptions: Sendable, Hashable {
    /// How the fleet is watched. Its timeout ends the watch (normally); recoveries under way still finish.
    public var watch: WatchOptions
    /// How instances are imaged.
    public var snapshot: SnapshotOptions
    /// How replacements are launched.
    public var relaunch: RelaunchOptions
    /// How many instances are recovered at once; more wait their turn. Every image is requested at once
    /// regardless, and a recovery waiting for stock to come back (``RelaunchOptions/capacityRetryTimeout``)
    /// leaves its turn to the others while it waits. Default: 16.
    public var maximumConcurrentRecoveries: Int
    /// How instances launched with `SpotInterruptionBehavior` `Stop` are brought back.
    public var stopMode: StopModeOptions
    /// When the notice image fails or cannot finish before the instance is released, relaunch from the
    /// newest available checkpoint of the instance instead (if there is one). Default: yes.
    public var checkpointFallback: Bool
    /// How long past the expected release the notice image is still waited for before the checkpoint
    /// fallback. Default: one minute.
    public var checkpointFallbackGrace: Duration
    /// How long ECS gives between the `Recycling` mark and the release, when the notice does not say.
    /// Default: 5 minutes.
    public var interruptionNotice: Duration
    /// Images to keep per source; after a successful relaunch the source's older images and their
    /// snapshots are pruned. `nil` keeps everything. Default: `nil`.
    public var retention: RetentionPolicy?

    /// Creates options.
    public init(
        watch: WatchOptions = WatchOptions(), snapshot: SnapshotOptions = SnapshotOptions(),
        relaunch: RelaunchOptions = RelaunchOptions(), maximumConcurrentRecoveries: Int = 16,
        stopMode: StopModeOptions = StopModeOptions(), checkpointFallback: Bool = true,
        checkpointFallbackGrace: Duration = .seconds(60), interruptionNotice: Duration = .seconds(300),
        retention: RetentionPolicy? = nil
    ) {
        self.watch = watch
        self.snapshot = snapshot
        self.relaunch = relaunch
        self.maximumConcurrentRecoveries = max(1, maximumConcurrentRecoveries)
        self.stopMode = stopMode
        self.checkpointFallback = checkpointFallback
        self.checkpointFallbackGrace = checkpointFallbackGrace
        self.interruptionNotice = interruptionNotice
        self.retention = retention
    }
}
