import AliyunECS
import Foundation

/// A recovery cut short that ECS still holds the makings of: the notice image of an interruption whose
/// source is gone and which has no live replacement (the process recovering it was killed, restarted, or
/// shut down after CreateImage, and ECS released the source meanwhile).
///
/// ``SpotRecoverer/resume(_:options:report:)`` finishes it: one replacement, a copy of the source, from
/// the image (or the newest checkpoint when the image failed).
public struct UnfinishedRecovery: Sendable {
    /// The interruption.
    public var identity: InterruptionIdentity
    /// Its notice image, in whatever state it is.
    public var image: ECSImage
    /// The source's launch specification, from the image's tags and, for the user data, the journal;
    /// `nil` when neither holds one.
    public var specification: LaunchSpecification?
    /// When the interruption was first noticed, as the image records it.
    public var noticedAt: Date?

    /// Creates a value.
    public init(identity: InterruptionIdentity, image: ECSImage, specification: LaunchSpecification?, noticedAt: Date?) {
        self.identity = identity
        self.image = image
        self.specification = specification
        self.noticedAt = noticedAt
    }

    /// Whether the interrupted instance belonged to `target`: it was listed, or its specification carries
    /// the tag (`false` when the specification is unknown).
    public func belongs(to target: WatchTarget) -> Bool {
        switch target.selection {
        case .instances(let ids):
            return ids.contains(identity.instanceId)
        case .tag(let key, let value):
            return specification?.tags.contains { $0.key == key && (value == nil || $0.value == value) } ?? false
        }
    }
}
