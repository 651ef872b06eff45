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

        /// The source's name.
        public var description: String { name }
    }

    /// The instance that will be reclaimed.
    public var instanceId: String
    /// When this watcher saw the mark.
    public var detectedAt: Date
    /// When ECS will reclaim the instance, if the source says (the metadata service does).
    public var terminationTime: Date?
    /// The instance's last known description: zone, type, vSwitch, security groups, tags, spot settings.
    public var instance: ECSInstance?
    /// Where the notice came from.
    public var source: Source

    /// Creates a notice.
    public init(instanceId: String, detectedAt: Date, terminationTime: Date? = nil, instance: ECSInstance? = nil, source: Source) {
        self.instanceId = instanceId
        self.detectedAt = detectedAt
        self.terminationTime = terminationTime
        self.instance = instance
        self.source = source
    }
}
