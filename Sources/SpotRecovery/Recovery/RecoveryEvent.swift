import AliyunECS
import Foundation

/// One step of a recovery, as ``SpotRecoverer/recover(_:options:)`` reports it.
public struct RecoveryEvent: Sendable, CustomStringConvertible {
    /// What happened.
    public enum Kind: Sendable {
        /// The instance was found marked for recycling.
        case detected(RecyclingNotice)
        /// CreateImage accepted the request.
        case imageRequested(imageId: String)
        /// The image's progress rose.
        case imageProgress(ImageProgress)
        /// The image is available.
        case imageAvailable(ECSImage)
        /// The replacement was launched (and is running, if that was asked for).
        case relaunched(Relaunch)
        /// The recovery of this instance stopped at this error.
        case failed(SpotRecoveryError)
    }

    /// When it happened, on the recoverer's clock.
    public var time: Date
    /// The interrupted instance this event is about.
    public var instanceId: String
    /// What happened.
    public var kind: Kind

    /// Creates an event.
    public init(time: Date, instanceId: String, kind: Kind) {
        self.time = time
        self.instanceId = instanceId
        self.kind = kind
    }

    /// One readable line.
    public var description: String {
        let stamp = ECSTimestamp.string(from: time)
        switch kind {
        case .detected(let notice):
            return "\(stamp) \(instanceId) detected: marked for recycling (via \(notice.source))"
        case .imageRequested(let imageId):
            return "\(stamp) \(instanceId) image requested: \(imageId)"
        case .imageProgress(let progress):
            return "\(stamp) \(instanceId) image \(progress.imageId): \(progress.status) \(progress.percent)%"
        case .imageAvailable(let image):
            return "\(stamp) \(instanceId) image available: \(image.imageId)"
        case .relaunched(let relaunch):
            return "\(stamp) \(instanceId) relaunched as \(relaunch.instanceId) in \(relaunch.zoneId ?? relaunch.vSwitchId) (\(relaunch.instanceType))\(relaunch.reusedExisting ? ", reused" : "")"
        case .failed(let error):
            return "\(stamp) \(instanceId) failed: \(error)"
        }
    }
}
