extension LockReason {
    /// `true` for the spot interruption notice, whatever its case.
    public var isRecycling: Bool { self == .recycling }
}
