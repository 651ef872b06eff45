import AliyunECS
import Foundation

/// A spot interruption event as CloudMonitor or EventBridge delivers it: a hint that an instance is about
/// to be reclaimed, never an order. ``EventRecyclingDetector`` confirms each one with DescribeInstances
/// before anything is imaged or launched, so a forged or replayed event costs one read call.
public struct InterruptionEvent: Sendable, Hashable {
    /// Who delivered the event.
    public struct Source: Sendable, Hashable, CustomStringConvertible {
        let name: String
        /// A CloudMonitor system event (`Instance:PreemptibleInstanceInterruption`), pushed to an HTTP
        /// callback, an MNS queue, Function Compute or SLS.
        public static let cloudMonitor = Source(name: "CloudMonitor")
        /// An EventBridge CloudEvent (`ecs:Instance:PreemptibleInstanceInterruption`).
        public static let eventBridge = Source(name: "EventBridge")
        /// The source's name.
        public var description: String { name }
    }

    /// The event's ID: the same event delivered again carries the same ID.
    public var id: String
    /// The instance the event is about.
    public var instanceId: String
    /// What ECS says it will do (`delete`, perhaps `stop`; not documented for every case).
    public var action: String?
    /// The region, when the event names it.
    public var regionId: String?
    /// When the event happened, when it says.
    public var time: Date?
    /// Who delivered it.
    public var source: Source

    /// Creates an event.
    public init(id: String, instanceId: String, action: String? = nil, regionId: String? = nil, time: Date? = nil, source: Source) {
        self.id = id
        self.instanceId = instanceId
        self.action = action
        self.regionId = regionId
        self.time = time
        self.source = source
    }

    /// The CloudMonitor event name of a spot interruption.
    public static let cloudMonitorName = "Instance:PreemptibleInstanceInterruption"
    /// The EventBridge event type of a spot interruption.
    public static let eventBridgeType = "ecs:Instance:PreemptibleInstanceInterruption"
}
