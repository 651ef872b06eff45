import AliyunECS
import Foundation

/// An instance that ECS has marked for recycling: the spot interruption notice.
public struct RecyclingNotice: Sendable, Hashable {
    /// Where the notice came from.
    public struct Source: Sendable, Hashable, CustomStringConvertible {
        let name: String

        /// A DescribeInstances answer carried the `Recycling` operation lock.
        public static let describeInstances = Source(name: "DescribeInstances")
        /// The instance's own metadata service reported a termination time.
        public static let instanceMetadata = Source(name: "instance metadata")
        /// A CloudMonitor interruption event, confirmed with DescribeInstances.
        public static let cloudMonitor = Source(name: "CloudMonitor")
        /// An EventBridge interruption event, confirmed with DescribeInstances.
        public static let eventBridge = Source(name: "EventBridge")
        /// A CloudMonitor or EventBridge event taken from an MNS queue, confirmed with DescribeInstances.
        public static let mns = Source(name: "mns")
        /// Reconciliation: an interruption found cut short, from what ECS holds (a notice image, a
        /// stopped instance with the interruption's mark).
        public static let reconciliation = Source(name: "reconciliation")


        /// The source's name.
        public var description: String { name }
    }

    /// The instance that will be reclaimed.
    public var instanceId: String
    /// When this watcher saw the mark.
    public var detectedAt: Date
    /// When ECS marked the instance, if the source says (an event's own time), which can be earlier than
    /// ``detectedAt``.
    public var markedAt: Date?
    /// When ECS will reclaim the instance, if the source says (the metadata service does).
    public var terminationTime: Date?
    /// The instance's last known description: zone, type, vSwitch, security groups, tags, spot settings.
    public var instance: ECSInstance?

    /// The interruption, when the description says which run of the instance it is.
    public var identity: InterruptionIdentity? { instance.flatMap(InterruptionIdentity.init) }
    /// Where the notice came from.
    public var source: Source

    /// Creates a notice.
    public init(
        instanceId: String, detectedAt: Date, markedAt: Date? = nil, terminationTime: Date? = nil, instance: ECSInstance? = nil, source: Source
    ) {
        self.instanceId = instanceId
        self.detectedAt = detectedAt
        self.markedAt = markedAt
        self.terminationTime = terminationTime
        self.instance = instance
        self.source = source
    }
}
