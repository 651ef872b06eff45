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
        /// A recovery cut short (its source is gone) is finished from the notice image made before.
        case resuming(imageId: String)
        /// The image's progress rose.
        case imageProgress(ImageProgress)
        /// The image is available.
        case imageAvailable(ECSImage)
        /// The placement planner ranked the launch candidates (made while the image is being made).
        case planned(PlacementPlan)
        /// The notice image will not do (it failed, or cannot finish before the instance is released);
        /// the recovery falls back to the newest checkpoint.
        case noticeImageAbandoned(reason: String)
        /// The relaunch uses this checkpoint image instead of the notice image.
        case usingCheckpoint(ECSImage)
        /// Every launch candidate was out of capacity; the launch is tried again at `retryAt`.
        case relaunchDeferred(reason: String, retryAt: Date)
        /// The replacement was launched (and is running, if that was asked for).
        case relaunched(Relaunch)
        /// Stop mode: waiting for the instance to stop in economical mode.
        case waitingForStop
        /// Stop mode: the instance is stopped; its disks are kept.
        case stopped
        /// Stop mode: StartInstance was refused (no stock, or the price); it is tried again at `retryAt`.
        case restartDeferred(code: String, retryAt: Date)
        /// Stop mode: the same instance is starting again.
        case restarted(status: InstanceStatus?)
        /// Stop mode: the restart deadline passed; the stopped instance is imaged and relaunched instead.
        case restartAbandoned(reason: String)
        /// The source's older images and their snapshots were pruned.
        case pruned(PruneReport)
        /// The recovery of this instance stopped at this error.
        case failed(SpotRecoveryError)
    }

    /// The kind's name (`detected`, `imageRequested`, …, `failed`), for logs, metrics and tests.
    public var name: String {
        switch kind {
        case .detected: "detected"
        case .imageRequested: "imageRequested"
        case .resuming: "resuming"
        case .imageProgress: "imageProgress"
        case .imageAvailable: "imageAvailable"
        case .planned: "planned"
        case .noticeImageAbandoned: "noticeImageAbandoned"
        case .usingCheckpoint: "usingCheckpoint"
        case .relaunchDeferred: "relaunchDeferred"
        case .relaunched: "relaunched"
        case .waitingForStop: "waitingForStop"
        case .stopped: "stopped"
        case .restartDeferred: "restartDeferred"
        case .restarted: "restarted"
        case .restartAbandoned: "restartAbandoned"
        case .pruned: "pruned"
        case .failed: "failed"
        }
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

    /// One readable line: time, instance and ``summary``.
    public var description: String {
        "\(ECSTimestamp.string(from: time)) \(instanceId) \(summary)"
    }

    /// What happened, in words, without the time and the instance (a log line carries those already).
    public var summary: String {
        switch kind {
        case .detected(let notice):
            return "detected: marked for recycling (via \(notice.source))"
        case .imageRequested(let imageId):
            return "image requested: \(imageId)"
        case .resuming(let imageId):
            return "resuming a recovery cut short, from notice image \(imageId)"
        case .imageProgress(let progress):
            return "image \(progress.imageId): \(progress.status) \(progress.percent)%"
        case .imageAvailable(let image):
            return "image available: \(image.imageId)"
        case .planned(let plan):
            let first = plan.ranked.first.map { "first choice \($0)" } ?? "no candidate in the running"
            return "placement planned: \(plan.ranked.count) ranked, \(plan.skipped.count) skipped; \(first)"
        case .noticeImageAbandoned(let reason):
            return "notice image abandoned: \(reason)"
        case .usingCheckpoint(let image):
            return "relaunching from checkpoint \(image.imageId)\(image.creationTime.map { " of \(ECSTimestamp.string(from: $0))" } ?? "")"
        case .relaunchDeferred(let reason, let retryAt):
            return "no launch candidate had capacity (\(reason)); trying again at \(ECSTimestamp.string(from: retryAt))"
        case .relaunched(let relaunch):
            var text = "relaunched as \(relaunch.instanceId) in \(relaunch.zoneId ?? relaunch.vSwitchId) (\(relaunch.instanceType))\(relaunch.reusedExisting ? ", reused" : "")"
            if !relaunch.missing.isEmpty { text += "; without the source's \(relaunch.missing.sorted().joined(separator: ", "))" }
            if !relaunch.droppedTagKeys.isEmpty { text += "; \(relaunch.droppedTagKeys.count) source tag(s) left off (ECS takes 20)" }
            return text
        case .waitingForStop:
            return "stop mode: waiting for the instance to stop"
        case .stopped:
            return "stop mode: stopped, disks kept"
        case .restartDeferred(let code, let retryAt):
            return "stop mode: StartInstance refused (\(code)); next try at \(ECSTimestamp.string(from: retryAt))"
        case .restarted(let status):
            return "stop mode: started again in place (\(status?.rawValue ?? "starting"))"
        case .restartAbandoned(let reason):
            return "stop mode: restart abandoned (\(reason)); imaging and relaunching instead"
        case .pruned(let report):
            return "pruned: \(report)"
        case .failed(let error):
            return "failed: \(error)"
        }
    }
}
