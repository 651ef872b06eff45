extension SpotRecoverer {
    /// The tag that links an image or a replacement instance to the instance it recovers.
    public static let sourceTagKey = "spot-recovery:source"
    /// The tag that links a replacement instance to the image it was launched from.
    public static let imageTagKey = "spot-recovery:image"
    /// The tag that says what an image SpotRecovery made is for: ``noticeImageKind`` or ``checkpointImageKind``.
    public static let imageKindTagKey = "spot-recovery:kind"
    /// The kind of an image made after an interruption notice.
    public static let noticeImageKind = "notice"
    /// The kind of an image made on the checkpoint schedule.
    public static let checkpointImageKind = "checkpoint"
    /// The tag, on a notice image and on a replacement, naming the interruption they recover
    /// (``InterruptionIdentity/key``): a restarted process or another replica finds them by it.
    public static let interruptionTagKey = "spot-recovery:interruption"
    /// The tag, on a notice image, holding when the interruption was first noticed (seconds since 1970):
    /// every replica computes the expected release from it, not from when it noticed.
    public static let noticedTagKey = "spot-recovery:noticed"
    /// The tag a notice image gets once its replacement runs (the replacement's ID): reconciliation leaves
    /// such an image alone, even after that replacement is itself interrupted and gone.
    public static let replacementTagKey = "spot-recovery:replacement"
    /// The prefix of the tags (`spot-recovery:spec.0`, `.1`, …) that carry the source's launch specification
    /// on its images, so that a replacement can be launched faithfully after the source is gone.
    public static let specificationTagPrefix = "spot-recovery:spec."
    /// The tag put on a `Stop`-mode instance when its `Recycling` lock is seen (value: the
    /// ``InterruptionIdentity/key``): the evidence, kept by ECS, that its later stop was an interruption
    /// and not the user's own.
    public static let interruptedTagKey = "spot-recovery:interrupted"
    /// The tag put on an image's snapshots before the image is deleted (value: the image ID), so that a
    /// snapshot whose own deletion failed is found and deleted later.
    public static let snapshotOfTagKey = "spot-recovery:snapshot-of"

    /// `true` for tags that SpotRecovery manages, and that a replacement never inherits from its source.
    static func isOwnTag(_ key: String) -> Bool { key.hasPrefix("spot-recovery:") }

    /// `true` for tags ECS itself manages (`acs:`, `aliyun`), which a request may not set.
    static func isSystemTag(_ key: String) -> Bool { key.hasPrefix("acs:") || key.hasPrefix("aliyun") }
}
