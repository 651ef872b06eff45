/// What pruning one source's images did.
public struct PruneReport: Sendable, Hashable, CustomStringConvertible {
    /// The source instance.
    public var sourceInstanceId: String
    /// Images kept: among the newest, in use, or still being made.
    public var kept: [String]
    /// Images deleted.
    public var deletedImages: [String]
    /// Snapshots deleted (those of the deleted images).
    public var deletedSnapshots: [String]
    /// What could not be deleted this time, and why (the next prune tries again).
    public var failures: [String]

    /// Creates a report.
    public init(sourceInstanceId: String, kept: [String] = [], deletedImages: [String] = [], deletedSnapshots: [String] = [], failures: [String] = []) {
        self.sourceInstanceId = sourceInstanceId
        self.kept = kept
        self.deletedImages = deletedImages
        self.deletedSnapshots = deletedSnapshots
        self.failures = failures
    }

    /// `kept 2, deleted 3 images and 3 snapshots`.
    public var description: String {
        var text = "kept \(kept.count), deleted \(deletedImages.count) image(s) and \(deletedSnapshots.count) snapshot(s)"
        if !failures.isEmpty { text += "; \(failures.count) left for the next prune (\(failures.joined(separator: "; ")))" }
        return text
    }
}
