import Foundation

/// Why ECS has locked an instance (`OperationLocks.LockReason[].LockReason`).
///
/// ECS spells these values inconsistently (`recycling` in answers, `Recycling` in its documentation),
/// so equality and hashing ignore case: `LockReason(rawValue: "recycling") == .recycling`.
public struct LockReason: ECSStringEnum {
    /// The wire value, as received.
    public let rawValue: String

    /// Wraps a wire value, known or not.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// A spot instance that ECS is about to reclaim: the interruption notice.
    public static let recycling: Self = "Recycling"
    /// Locked for an overdue payment.
    public static let financial: Self = "financial"
    /// Locked for security reasons.
    public static let security: Self = "security"
    /// Locked because the dedicated host it runs on has an overdue payment.
    public static let dedicatedHostFinancial: Self = "dedicatedhostfinancial"
    /// Locked after a refund.
    public static let refunded: Self = "refunded"

    /// `true` for the spot interruption notice, whatever its case.
    public var isRecycling: Bool { self == .recycling }

    /// Compares ignoring case.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.rawValue.caseInsensitiveCompare(rhs.rawValue) == .orderedSame
    }

    /// Hashes the lower-cased value, consistently with `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(rawValue.lowercased())
    }
}
