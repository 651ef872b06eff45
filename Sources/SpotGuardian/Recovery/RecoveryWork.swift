import AliyunECS
import Foundation
import SpotRecovery

/// One piece of recovery work for a region's ``RecoveryDispatcher``.
enum RecoveryWork: Sendable {
    /// An interruption noticed (a poll, an event, reconciliation's stopped members), in its fleet.
    case notice(RecyclingNotice, FleetConfiguration)
    /// A recovery cut short, found by reconciliation or by an event for an instance already released.
    case resumption(UnfinishedRecovery, FleetConfiguration)

    var instanceId: String {
        switch self {
        case .notice(let notice, _): notice.instanceId
        case .resumption(let unfinished, _): unfinished.identity.instanceId
        }
    }

    var fleet: FleetConfiguration {
        switch self {
        case .notice(_, let fleet), .resumption(_, let fleet): fleet
        }
    }

    /// Where the interruption was noticed, for the detection metric.
    var source: String {
        switch self {
        case .notice(let notice, _): notice.source.description
        case .resumption: RecyclingNotice.Source.reconciliation.description
        }
    }

    /// The ID every log line of the recovery carries: the interruption's identity when known (the same in
    /// every replica and after a restart), else the instance and when it was noticed.
    var correlationId: String {
        switch self {
        case .notice(let notice, _):
            notice.identity?.key ?? "\(notice.instanceId)-\(Int64(notice.detectedAt.timeIntervalSince1970))"
        case .resumption(let unfinished, _):
            unfinished.identity.key
        }
    }
}

/// What became of work handed to the dispatcher, as soon as it is known.
enum Admission: Sendable, Hashable {
    /// The recovery is recorded where a restart finds it (its image requested, the stop-mode instance
    /// marked, or already done).
    case recorded
    /// Its interruption is already being recovered, was recovered, or failed and is not due again yet.
    case alreadyHandled
    /// The recovery failed before it was recorded; the work may be handed over again later.
    case failed
    /// Too much work waits; hand it over again later.
    case overloaded
    /// The service is shutting down.
    case draining
}
