import AliyunECS
import Foundation

/// A custom image as the simulated region keeps it, with the times at which its state changes.
public struct SimulatedImage: Sendable, Hashable {
    /// The image ID (`m-…`).
    public var id: String
    /// The image name.
    public var name: String?
    /// The description given at creation.
    public var description: String?
    /// The instance it was made from.
    public var sourceInstanceId: String?
    /// Its tags.
    public var tags: [ResourceTag]
    /// When CreateImage was called.
    public var createdAt: Date
    /// When it becomes `Available` (unless it fails first).
    public var availableAt: Date
    /// When it fails (`CreateFailed`), if it does.
    public var failsAt: Date?
    /// Its system disk size in GiB.
    public var sizeGiB: Int
    /// The snapshots it is made of (they outlive it).
    public var snapshotIds: [String] = []
    /// When DeleteImage removed it.
    public var deletedAt: Date?

    /// `true` once DeleteImage removed it.
    public func isDeleted(at time: Date) -> Bool {
        deletedAt.map { time >= $0 } ?? false
    }

    /// The state at `time`.
    public func status(at time: Date) -> ImageStatus {
        if let failsAt, time >= failsAt { return .createFailed }
        return time >= availableAt ? .available : .creating
    }

    /// The creation progress at `time`, 0 to 100.
    public func progress(at time: Date) -> Int {
        switch status(at: time) {
        case .available: return 100
        default:
            let total = availableAt.timeIntervalSince(createdAt)
            guard total > 0 else { return 100 }
            let elapsed = min(time, failsAt ?? time).timeIntervalSince(createdAt)
            return max(0, min(99, Int(elapsed / total * 100)))
        }
    }

    /// The image as DescribeImages reports it at `time`.
    func described(at time: Date) -> ECSImage {
        let percent = "\(progress(at: time))%"
        var image = ECSImage(imageId: id)
        image.imageName = name
        image.description = description
        image.status = status(at: time)
        image.progress = percent
        image.size = sizeGiB
        image.creationTime = createdAt
        image.architecture = "x86_64"
        image.osType = "linux"
        image.platform = "Aliyun"
        image.imageOwnerAlias = "self"
        image.isSupportIoOptimized = true
        image.usage = "none"
        image.tags = tags
        image.diskDeviceMappings = snapshotIds.map { snapshotId in
            var disk = ECSImage.DiskDeviceMapping()
            disk.device = "/dev/xvda"
            disk.type = "system"
            disk.size = String(sizeGiB)
            disk.snapshotId = snapshotId
            disk.progress = percent
            return disk
        }
        return image
    }
}
