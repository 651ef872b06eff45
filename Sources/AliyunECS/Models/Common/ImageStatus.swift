/// The state of a custom or public image (`Status`).
public struct ImageStatus: ECSStringEnum {
    /// The wire value.
    public let rawValue: String

    /// Wraps a wire value, known or not.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Snapshots are being taken; `Progress` rises.
    public static let creating: Self = "Creating"
    /// Queued behind other image work.
    public static let waiting: Self = "Waiting"
    /// Ready to launch instances from.
    public static let available: Self = "Available"
    /// Exists but cannot be used.
    public static let unavailable: Self = "UnAvailable"
    /// Creation failed; the image will never become available.
    public static let createFailed: Self = "CreateFailed"
    /// Deprecated by its owner.
    public static let deprecated: Self = "Deprecated"

    /// Every state an image can be in: pass it to DescribeImages to see images still being made,
    /// which the default filter (`Available` only) hides.
    public static let allStates: [Self] = [.creating, .waiting, .available, .unavailable, .createFailed, .deprecated]

    /// `true` for a state an image never leaves on its own (`CreateFailed`, `UnAvailable`).
    public var isFailure: Bool { self == .createFailed || self == .unavailable }
}
