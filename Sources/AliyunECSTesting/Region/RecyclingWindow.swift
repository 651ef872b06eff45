import Foundation

/// An instance's notice as the region's `LockReason` filter sees it: from the mark to the release.
struct RecyclingWindow: Sendable {
    /// When the `Recycling` lock appears.
    var marked: Date
    /// When the instance is released (or, with the `Stop` behaviour, stopped): the lock goes with it.
    var released: Date

    /// Whether the lock can be on at `time` (it is, if the instance is also running, pending or starting).
    func mayBeMarked(at time: Date) -> Bool { marked <= time && time < released }
}
