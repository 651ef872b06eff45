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

    /// Compares ignoring (ASCII) case.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.rawValue.utf8.count == rhs.rawValue.utf8.count
            && zip(lhs.rawValue.utf8, rhs.rawValue.utf8).allSatisfy { asciiLowercase($0) == asciiLowercase($1) }
    }

    /// Hashes the lower-cased value, consistently with `==`.
    public func hash(into hasher: inout Hasher) {
        for byte in rawValue.utf8 { hasher.combine(Self.asciiLowercase(byte)) }
    }

    private static func asciiLowercase(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }
}
