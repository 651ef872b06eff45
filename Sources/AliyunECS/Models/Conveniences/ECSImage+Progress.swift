extension ECSImage {
    /// The creation progress as a whole percentage, read from ``progress`` (`"45%"`, `"45"` and
    /// `"100%"` all work); `nil` when ECS sent nothing or something that is not a number.
    public var progressPercent: Int? {
        guard var text = progress?.trimmingSpaces(), !text.isEmpty else { return nil }
        if text.hasSuffix("%") {
            text.removeLast()
            text = text.trimmingSpaces()
        }
        if let whole = Int(text) {
            return whole
        }
        if let fraction = Double(text), fraction.isFinite, abs(fraction) < 1_000_000 {
            return Int(fraction)
        }
        return nil
    }

    /// `true` when the image is `Available`, i.e. ready to launch instances from.
    public var isAvailable: Bool {
        status == .available
    }
}
