import Foundation

/// How long a disk snapshot, and so an image made from an instance, takes: from the data it copies.
///
/// A disk's first snapshot is full: it copies the disk's used data. A later one is incremental: it copies
/// what changed since the newest complete snapshot of that disk that still exists. The time is a fixed
/// overhead plus the data over the throughput, times a log-normal factor drawn for each image from the
/// region's seed and the image's source and time. Without a model the region gives every image
/// ``SimulatedRegionConfiguration/imageCreationDuration``.
public struct SimulatedSnapshotModel: Sendable, Hashable {
    /// The share of the system disk that holds data (0 to 1): what a full snapshot copies.
    public var usedFraction: Double
    /// The share of the used data that changes per hour: what an incremental snapshot copies, per hour since
    /// the snapshot it follows (never more than the used data).
    public var changedFractionPerHour: Double
    /// GiB copied per minute.
    public var throughputGiBPerMinute: Double
    /// What every snapshot takes, whatever it copies.
    public var overhead: Duration
    /// The shape of the log-normal factor on the time (0: exactly the formula).
    public var spread: Double
    /// The share of images that fail part-way (`CreateFailed`) for a reason of their own.
    public var failureRate: Double

    /// Creates a model.
    public init(
        usedFraction: Double, changedFractionPerHour: Double, throughputGiBPerMinute: Double, overhead: Duration,
        spread: Double = 0, failureRate: Double = 0
    ) {
        self.usedFraction = min(max(usedFraction, 0), 1)
        self.changedFractionPerHour = max(changedFractionPerHour, 0)
        self.throughputGiBPerMinute = max(throughputGiBPerMinute, 0.001)
        self.overhead = overhead
        self.spread = max(spread, 0)
        self.failureRate = min(max(failureRate, 0), 1)
    }

    /// The GiB a snapshot of a disk of `diskGiB` copies: the used data when `sinceLastSnapshot` is `nil`
    /// (a full snapshot), else what changed in that many seconds.
    public func copiedGiB(diskGiB: Double, sinceLastSnapshot: TimeInterval?) -> Double {
        let used = diskGiB * usedFraction
        guard let sinceLastSnapshot else { return used }
        return min(used, used * changedFractionPerHour * max(sinceLastSnapshot, 0) / 3600)
    }

    /// The time to copy `gib`, before the log-normal factor.
    public func typicalDuration(copying gib: Double) -> Duration {
        .seconds(fractional: overhead.inSeconds + gib / throughputGiBPerMinute * 60)
    }
}
