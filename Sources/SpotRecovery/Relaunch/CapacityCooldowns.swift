import Foundation

/// Remembers which zone/type pairs were sold out, so that relaunches skip them until a cool-down ends.
/// Shared by every relaunch of one ``SpotRecoverer``.
public actor CapacityCooldowns {
    private var until: [String: Date] = [:]

    /// Creates an empty record.
    public init() {}

    private static func key(zoneId: String, instanceType: String) -> String { zoneId + "\u{0}" + instanceType }

    /// Records that `zoneId`/`instanceType` had no capacity; skip it until `date`.
    public func markSoldOut(zoneId: String, instanceType: String, until date: Date) {
        let key = Self.key(zoneId: zoneId, instanceType: instanceType)
        until[key] = max(until[key] ?? date, date)
    }

    /// `true` while `zoneId`/`instanceType` is cooling down at `time`.
    public func isCoolingDown(zoneId: String, instanceType: String, at time: Date) -> Bool {
        guard let end = until[Self.key(zoneId: zoneId, instanceType: instanceType)] else { return false }
        return time < end
    }

    /// Forgets every cool-down.
    public func reset() {
        until.removeAll()
    }
}
