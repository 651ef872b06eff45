import AliyunECS
import Foundation

/// An instance system event as DescribeInstanceHistoryEvents reports it: one recorded by hand with
/// ``SimulatedRegion/recordSystemEvent(_:instanceId:publishedAt:notBefore:finishedAt:endingAs:reason:)``, or one the
/// region records for a spot interruption when ``SimulatedRegionConfiguration/spotInterruptionEventType`` names a
/// type (ECS documents none: whether it records an interruption there is not known).
///
/// A user's own StopInstance or DeleteInstance is not a system event.
public struct SimulatedSystemEvent: Sendable, Hashable {
    /// The event ID (`e-…`).
    public var eventId: String
    /// The instance it concerns.
    public var instanceId: String
    /// Its kind.
    public var type: SystemEventType
    /// When ECS published it; it is not reported before.
    public var publishedAt: Date
    /// When it is scheduled to be executed.
    public var notBefore: Date
    /// When it ended, or `nil` while it has not.
    public var finishedAt: Date?
    /// The state it ends in (`Executed`, `Avoided`, `Canceled` or `Failed`).
    public var outcome: SystemEventCycleStatus
    /// Why it happened.
    public var reason: String?

    /// Creates an event.
    public init(
        eventId: String, instanceId: String, type: SystemEventType, publishedAt: Date, notBefore: Date,
        finishedAt: Date?, outcome: SystemEventCycleStatus = .executed, reason: String? = nil
    ) {
        self.eventId = eventId
        self.instanceId = instanceId
        self.type = type
        self.publishedAt = publishedAt
        self.notBefore = notBefore
        self.finishedAt = finishedAt
        self.outcome = outcome
        self.reason = reason
    }

    /// Its state at `time`: `nil` before it is published, then `Scheduled`, `Executing` from ``notBefore``,
    /// and ``outcome`` once finished.
    public func status(at time: Date) -> SystemEventCycleStatus? {
        guard time >= publishedAt else { return nil }
        if let finishedAt, time >= finishedAt { return outcome }
        return time >= notBefore ? .executing : .scheduled
    }

    /// The event a spot interruption leaves: published with the `Recycling` lock, executed when ECS
    /// releases (or stops) the instance.
    init(interruptionOf instanceId: String, type: SystemEventType, markedAt: Date, endsAt: Date) {
        self.init(
            eventId: Self.eventId(instanceId: instanceId, time: markedAt), instanceId: instanceId, type: type, publishedAt: markedAt,
            notBefore: endsAt, finishedAt: endsAt, outcome: .executed, reason: "The spot instance is reclaimed.")
    }

    /// An ID of ECS's shape derived from the instance and the time, so a scenario records the same IDs every run.
    static func eventId(instanceId: String, time: Date) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in "\(instanceId)#\(time.timeIntervalSince1970)".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 36)
        return "e-bp" + String(repeating: "0", count: max(0, 14 - hex.count)) + hex
    }

    /// The numeric codes ECS reports beside a type's name; only those its documentation shows.
    static let typeCodes: [SystemEventType: Int] = [.systemMaintenanceReboot: 1, .instanceExpirationStop: 34, .systemFailureReboot: 65]
    /// The numeric codes ECS reports beside a state's name; only those its documentation shows.
    static let statusCodes: [SystemEventCycleStatus: Int] = [.executed: 0, .avoided: 8, .scheduled: 24]
}
