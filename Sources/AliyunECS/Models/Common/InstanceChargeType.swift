/// How an instance is billed (`InstanceChargeType`).
public struct InstanceChargeType: ECSStringEnum {
    /// The wire value.
    public let rawValue: String

    /// Wraps a wire value, known or not.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Pay-as-you-go: required for spot instances.
    public static let postPaid: Self = "PostPaid"
    /// Subscription.
    public static let prePaid: Self = "PrePaid"
}
