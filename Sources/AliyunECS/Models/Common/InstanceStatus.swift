/// The lifecycle state of an ECS instance (`Status`).
public struct InstanceStatus: ECSStringEnum {
    /// The wire value.
    public let rawValue: String

    /// Wraps a wire value, known or not.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Being created.
    public static let pending: Self = "Pending"
    /// Running.
    public static let running: Self = "Running"
    /// Being started.
    public static let starting: Self = "Starting"
    /// Being stopped.
    public static let stopping: Self = "Stopping"
    /// Stopped.
    public static let stopped: Self = "Stopped"
}
