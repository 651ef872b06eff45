import AliyunECSTesting
import Foundation

/// Snapshot storage over a run, measured at intervals. A disk's snapshots store its used data once (the
/// blocks every snapshot of the chain refers to, whichever snapshot first copied them) plus what each kept
/// incremental snapshot copied; a disk with no complete snapshot kept stores nothing.
final class StorageMeter: @unchecked Sendable {
    /// The used data of a disk: what a full snapshot copies.
    let usedGiB: Double
    // Guarded by `lock`.
    private let lock = NSLock()
    private var total = 0.0

    init(usedGiB: Double) {
        self.usedGiB = usedGiB
    }

    /// Counts what the complete snapshots kept at `time` store as kept for `interval`.
    func measure(_ snapshots: [SimulatedSnapshot], at time: Date, over interval: Duration) {
        var incrementalByDisk: [String: Double] = [:]
        for snapshot in snapshots where snapshot.status(at: time) == .accomplished {
            let incremental = snapshot.copiedGiB < usedGiB ? snapshot.copiedGiB : 0
            incrementalByDisk[snapshot.sourceDiskId, default: 0] += incremental
        }
        let gib = incrementalByDisk.values.reduce(0) { $0 + usedGiB + $1 }
        lock.withLock { total += gib * interval.inSeconds / 3600 }
    }

    /// GiB-hours so far.
    var gibHours: Double {
        lock.withLock { total }
    }
}
