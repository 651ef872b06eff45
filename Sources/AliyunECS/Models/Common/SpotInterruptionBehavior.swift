/// What ECS does to a spot instance it reclaims (`SpotInterruptionBehavior`).
public struct SpotInterruptionBehavior: ECSStringEnum {
    /// The wire value.
    public let rawValue: String

    /// Wraps a wire value, known or not.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Release the instance (the default).
    public static let terminate: Self = "Terminate"
    /// Stop the instance in economical mode and keep its disks.
    public static let stop: Self = "Stop"
}
