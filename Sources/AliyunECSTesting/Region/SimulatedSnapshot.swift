import AliyunECS
import Foundation

/// A snapshot as the simulated region keeps it: taken by CreateImage, billed until DeleteSnapshot removes
/// it, and not deletable while the image made from it exists (as in ECS, DeleteImage leaves it behind).
public struct SimulatedSnapshot: Sendable, Hashable {
    /// The snapshot ID (`s-…`).
    public var id: String
    /// The instance whose disk it copies.
    public var sourceInstanceId: String?
    /// The disk it copies.
    public var sourceDiskId: String
    /// The image it was taken for, while that image exists.
    public var imageId: String?
    /// Its size in GiB (the disk's).
    public var sizeGiB: Int
    /// The data it copied and stores, in GiB: the disk's used data for a full snapshot, what changed since
    /// the previous one for an incremental snapshot (what its storage is billed on).
    public var copiedGiB: Double
    /// When it was started.
    public var createdAt: Date
    /// When it is complete.
    public var completesAt: Date
    /// When it fails, if it does.
    public var failsAt: Date?
    /// Its tags.
    public var tags: [ResourceTag]

    /// `progressing`, `accomplished` or `failed` at `time`.
    public func status(at time: Date) -> SnapshotStatus {
        if let failsAt, time >= failsAt { return .failed }
        return time >= completesAt ? .accomplished : .progressing
    }

    /// The snapshot as DescribeSnapshots reports it at `time`.
    func described(at time: Date, regionId: String) -> ECSSnapshot {
        var snapshot = ECSSnapshot()
        snapshot.snapshotId = id
        snapshot.snapshotName = "auto_\(id)"
        snapshot.status = status(at: time)
        let total = completesAt.timeIntervalSince(createdAt)
        let percent = status(at: time) == .accomplished || total <= 0
            ? 100 : max(0, min(99, Int(min(time, failsAt ?? time).timeIntervalSince(createdAt) / total * 100)))
        snapshot.progress = "\(percent)%"
        snapshot.usage = imageId == nil ? "none" : "image"
        snapshot.sourceDiskId = sourceDiskId
        snapshot.sourceDiskType = "System"
        snapshot.sourceDiskSize = String(sizeGiB)
        snapshot.category = "standard"
        snapshot.snapshotType = "user"
        snapshot.regionId = regionId
        snapshot.sourceRegionId = regionId
        snapshot.creationTime = createdAt
        snapshot.available = status(at: time) == .accomplished
        snapshot.encrypted = false
        snapshot.tags = tags
        return snapshot
    }
}
