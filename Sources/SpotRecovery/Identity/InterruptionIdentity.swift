import AliyunECS
import Foundation

/// Which interruption a recovery is for: an instance, and the start time of the run ECS interrupted.
///
/// Every step of a recovery keys on it, in every process that works on it: the ClientTokens of the image
/// and of the replacement, the tags that find them again after a restart, and the ledger that runs each
/// recovery once. Every replica reads the same start time from DescribeInstances, so they all derive the
/// same identity. A `Stop`-mode instance started again in place gets a new start time, so its next
/// interruption is a new recovery.
public struct InterruptionIdentity: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The interrupted instance.
    public var instanceId: String
    /// The instance's `StartTime` when it was interrupted, to the second.
    public var startTime: Date

    /// Creates an identity.
    public init(instanceId: String, startTime: Date) {
        self.instanceId = instanceId
        self.startTime = Date(timeIntervalSince1970: startTime.timeIntervalSince1970.rounded(.down))
    }

    /// The identity of the current run of a described instance: its start time, else its creation time
    /// (an instance never started since it was created). `nil` when the description has neither.
    public init?(_ instance: ECSInstance) {
        guard let start = instance.startTime ?? instance.creationTime else { return nil }
        self.init(instanceId: instance.instanceId, startTime: start)
    }

    /// `<instance>@<start, seconds since 1970>`: the value of the ``SpotRecoverer/interruptionTagKey`` tag.
    public var key: String { "\(instanceId)@\(Int64(startTime.timeIntervalSince1970))" }

    /// Reads a ``key``; `nil` when `key` is not one.
    public init?(key: String) {
        guard let at = key.lastIndex(of: "@"), at != key.startIndex,
              let seconds = Int64(key[key.index(after: at)...]) else { return nil }
        self.init(instanceId: String(key[..<at]), startTime: Date(timeIntervalSince1970: Double(seconds)))
    }

    /// The ``key``.
    public var description: String { key }
}
