extension ImageStatus {
    /// Every state an image can be in: pass it to DescribeImages to see images still being made,
    /// which the default filter (`Available` only) hides.
    public static let allStates: [Self] = [.creating, .waiting, .available, .unavailable, .createFailed, .deprecated]

    /// `true` for a state an image never leaves on its own (`CreateFailed`, `UnAvailable`).
    public var isFailure: Bool { self == .createFailed || self == .unavailable }
}
