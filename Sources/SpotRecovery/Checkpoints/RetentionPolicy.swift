/// How many SpotRecovery images to keep per source instance: the newest ones, plus any in use or still
/// being made. Older ones are deleted with their snapshots, which ECS would otherwise bill for ever.
public struct RetentionPolicy: Sendable, Hashable {
    /// How many available images to keep per source (at least 1).
    public var keep: Int

    /// Creates a policy.
    public init(keep: Int) {
        self.keep = max(1, keep)
    }
}
