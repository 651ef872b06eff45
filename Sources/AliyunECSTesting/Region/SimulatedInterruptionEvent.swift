import AliyunECS
import Foundation

/// A spot interruption the simulated region announced, with the payloads CloudMonitor and EventBridge
/// would deliver for it: feed them to an event endpoint or an `EventRecyclingDetector`-style consumer.
public struct SimulatedInterruptionEvent: Sendable, Hashable {
    /// The event ID (the same in both payloads).
    public var eventId: String
    /// The instance being reclaimed.
    public var instanceId: String
    /// When the `Recycling` lock appeared.
    public var time: Date
    /// `delete`, or `stop` for an instance with the `Stop` behaviour.
    public var action: String
    /// The CloudMonitor system event (`Instance:PreemptibleInstanceInterruption`), as its HTTP callback posts it.
    public var cloudMonitorPayload: Data
    /// The EventBridge CloudEvent (`ecs:Instance:PreemptibleInstanceInterruption`).
    public var eventBridgePayload: Data

    /// The account ID the simulated region's resources belong to.
    public static let accountId = "1690700000000030"

    init(instance: SimulatedInstance, markedAt time: Date, regionId: String) {
        self.init(instanceId: instance.id, behavior: instance.spotInterruptionBehavior, markedAt: time, regionId: regionId)
    }

    init(instanceId: String, behavior: SpotInterruptionBehavior, markedAt time: Date, regionId: String) {
        self.instanceId = instanceId
        self.time = time
        action = behavior == .stop ? "stop" : "delete"
        eventId = Self.eventId(instanceId: instanceId, time: time)
        let resource = "acs:ecs:\(regionId):\(Self.accountId):instance/\(instanceId)"
        let cloudMonitor: [String: Any] = [
            "ver": "1.0", "id": eventId, "product": "ECS", "resourceId": resource, "level": "INFO",
            "name": "Instance:PreemptibleInstanceInterruption", "userId": Self.accountId,
            "eventTime": Self.cloudMonitorTime(time), "regionId": regionId,
            "content": ["instanceId": instanceId, "action": action],
        ]
        let eventBridge: [String: Any] = [
            "specversion": "1.0", "id": eventId, "source": "acs.ecs", "type": "ecs:Instance:PreemptibleInstanceInterruption",
            "subject": resource, "time": ECSTimestamp.string(from: time), "datacontenttype": "application/json;charset=utf-8",
            "aliyunaccountid": Self.accountId, "aliyunpublishtime": ECSTimestamp.string(from: time),
            "aliyuneventbusname": "default", "aliyunregionid": regionId,
            "data": ["instanceId": instanceId, "action": action],
        ]
        cloudMonitorPayload = (try? JSONSerialization.data(withJSONObject: cloudMonitor, options: [.sortedKeys])) ?? Data()
        eventBridgePayload = (try? JSONSerialization.data(withJSONObject: eventBridge, options: [.sortedKeys])) ?? Data()
    }

    /// A UUID-shaped ID derived from the instance and the time, so a scenario announces the same IDs every run.
    static func eventId(instanceId: String, time: Date) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in "\(instanceId)@\(time.timeIntervalSince1970)".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16, uppercase: true)
        let digits = String(repeating: "0", count: max(0, 16 - hex.count)) + hex
        return "\(digits.prefix(8))-\(digits.dropFirst(8).prefix(4))-4\(digits.suffix(3))-8000-00000000\(digits.prefix(4))"
    }

    /// CloudMonitor's `yyyyMMdd'T'HHmmss.SSS+0800` (China Standard Time, as CloudMonitor writes it).
    static func cloudMonitorTime(_ time: Date) -> String {
        let shifted = time.addingTimeInterval(8 * 3600)
        let iso = ECSTimestamp.string(from: shifted)  // yyyy-MM-ddTHH:mm:ssZ
        let compact = iso.replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "").dropLast()
        let milliseconds = Int((time.timeIntervalSince1970 * 1000).rounded()) % 1000
        return "\(compact).\(String(format: "%03d", milliseconds))+0800"
    }
}
