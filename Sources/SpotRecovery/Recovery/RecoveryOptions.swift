/// How the whole recovery flow runs.
public struct RecoveryOptions: Sendable, Hashable {
    /// How the fleet is watched. Its timeout ends the watch (normally); recoveries under way still finish.
    public var watch: WatchOptions
    /// How instances are imaged.
    public var snapshot: SnapshotOptions
    /// How replacements are launched.
    public var relaunch: RelaunchOptions
    /// How many instances are recovered at once; more wait their turn. Default: 16.
    public var maximumConcurrentRecoveries: Int

    /// Creates options.
    public init(
        watch: WatchOptions = WatchOptions(), snapshot: SnapshotOptions = SnapshotOptions(),
        relaunch: RelaunchOptions = RelaunchOptions(), maximumConcurrentRecoveries: Int = 16
    ) {
        self.watch = watch
        self.snapshot = snapshot
        self.relaunch = relaunch
        self.maximumConcurrentRecoveries = max(1, maximumConcurrentRecoveries)
    }
}
