import Foundation

/// Remembers which zone/type pairs must sit out for a while, and why: ECS answered that they had no
/// capacity, or they were just interrupted. Shared by every relaunch of one ``SpotRecoverer``.
public actor CapacityCooldowns {
    /// Why a zone/type sits out.
    public enum Reason: Sendable, Hashable {
        /// A launch there answered with a capacity error (`OperationDenied.NoStock`, …).
        case noCapacity
        /// An instance there was just reclaimed: relaunching into it gets short-lived instances.
        case interrupted
    }

    /// One zone/type's cool-down.
    public struct Cooldown: Sendable, Hashable {
        /// When it ends.
        public var until: Date
        /// Why it was set.
        public var reason: Reason
    }

    private var entries: [String: Cooldown] = [:]

    /// Creates an empty record.
    public init() {}

    private static func key(zoneId: String, instanceType: String) -> String { zoneId + "\u{0}" + instanceType }

    /// Records that `zoneId`/`instanceType` had no capacity; skip it until `date`.
    public func markSoldOut(zoneId: String, instanceType: String, until date: Date) {
        mark(zoneId: zoneId, instanceType: instanceType, until: date, reason: .noCapacity)
    }

    /// Records that an instance of `instanceType` in `zoneId` was interrupted; skip the pair until `date`.
    public func markInterrupted(zoneId: String, instanceType: String, until date: Date) {
        mark(zoneId: zoneId, instanceType: instanceType, until: date, reason: .interrupted)
    }

    private func mark(zoneId: String, instanceType: String, until date: Date, reason: Reason) {
        let key = Self.key(zoneId: zoneId, instanceType: instanceType)
        if let existing = entries[key], existing.until >= date { return }
        entries[key] = Cooldown(until: date, reason: reason)
    }

    /// The cool-down in force for `zoneId`/`instanceType` at `time`, if any.
    public func cooldown(zoneId: String, instanceType: String, at time: Date) -> Cooldown? {
        guard let entry = entries[Self.key(zoneId: zoneId, instanceType: instanceType)], time < entry.until else { return nil }
        return entry
    }

    /// `true` while `zoneId`/`instanceType` is cooling down at `time`.
    public func isCoolingDown(zoneId: String, instanceType: String, at time: Date) -> Bool {
        cooldown(zoneId: zoneId, instanceType: instanceType, at: time) != nil
    }

    /// Forgets every cool-down.
    public func reset() {
        entries.removeAll()
    }
}
