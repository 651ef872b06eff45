import AliyunECS

/// How one interrupted instance was recovered.
public enum RecoveryOutcome: Sendable, Hashable {
    /// A replacement was launched from an image.
    case relaunched(Relaunch)
    /// The instance (stopped in economical mode) was started again in place: same ID, same disks.
    case restartedInPlace(instanceId: String, status: InstanceStatus?)

    /// The instance that runs the work now.
    public var instanceId: String {
        switch self {
        case .relaunched(let relaunch): relaunch.instanceId
        case .restartedInPlace(let instanceId, _): instanceId
        }
    }

    /// The relaunch, when there was one.
    public var relaunch: Relaunch? {
        if case .relaunched(let relaunch) = self { return relaunch }
        return nil
    }
}
