import AliyunECS
import Foundation
import SpotRecovery

/// What a recovery reported, as the study reads it.
enum FlowFact: Sendable, Hashable {
    /// The flow noticed the mark.
    case detected(instanceId: String, at: Date)
    /// A replacement was launched from an image (a checkpoint, or the notice image).
    case relaunched(instanceId: String, replacement: String, imageId: String)
    /// The instance was started again in place.
    case restarted(instanceId: String)
    /// The recovery failed.
    case failed(instanceId: String, InterruptionTimeline.FlowFailure)
}

/// The one place the study drives SpotRecovery, through its public API only: the options each of our
/// strategies stands for, the detector it watches with, the checkpoint schedule, and how its events read
/// as facts. When SpotRecovery's flow changes, this file is what the study has to follow.
struct SpotRecoveryAdapter: Sendable {
    let strategy: Strategy
    let recoverer: SpotRecoverer
    let fleet: WatchTarget
    /// How long a relaunch keeps trying while every candidate is out of capacity; `nil` keeps the default.
    var capacityRetryTimeout: Duration? = nil

    /// The recovery options of the strategy, watching for `duration`.
    func options(watchingFor duration: Duration) -> RecoveryOptions {
        var relaunch = RelaunchOptions()
        if strategy.usesPlanner {
            relaunch.placement = PlacementPolicy(
                placements: WorldModel.plannerPlacements.map { Placement(zoneId: $0.zoneId, vSwitchId: $0.vSwitchId) },
                instanceTypes: .types(WorldModel.plannerTypes))
        }
        if let capacityRetryTimeout { relaunch.capacityRetryTimeout = capacityRetryTimeout }
        if strategy.usesStopMode {
            relaunch.spotInterruptionBehavior = .stop  // replacements of a stop-mode fleet stay in stop mode
        }
        return RecoveryOptions(
            watch: WatchOptions(timeout: duration), relaunch: relaunch,
            retention: strategy.usesCheckpoints ? Self.retention : nil)
    }

    /// Two images per instance, as the checkpoint strategy keeps.
    static let retention = RetentionPolicy(keep: 2)
    /// Hourly.
    static let checkpointInterval = Duration.seconds(3600)

    /// The event detector, with the fleet poll as its backstop, when the strategy uses events.
    func eventDetector() -> EventRecyclingDetector? {
        guard strategy.usesEvents else { return nil }
        return EventRecyclingDetector(client: recoverer.client, clock: recoverer.clock, backstop: recoverer.detector(for: fleet))
    }

    /// Watches and recovers until the watch ends and every recovery under way has finished.
    func recover(with events: EventRecyclingDetector?, watchingFor duration: Duration, report: @escaping @Sendable (FlowFact) -> Void) async throws {
        let options = options(watchingFor: duration)
        let onEvent: @Sendable (RecoveryEvent) -> Void = { event in
            if let fact = Self.fact(from: event) { report(fact) }
        }
        if let events {
            try await recoverer.recover(using: events, options: options, onEvent: onEvent)
        } else {
            try await recoverer.recover(fleet, options: options, onEvent: onEvent)
        }
    }

    /// The hourly checkpoint schedule, until cancelled (when the strategy uses checkpoints).
    func runCheckpoints() async throws {
        guard strategy.usesCheckpoints else { return }
        try await recoverer.runCheckpoints(fleet, every: Self.checkpointInterval, retention: Self.retention) { _ in }
    }

    /// What an event says, for the study; `nil` for the steps it does not count on.
    static func fact(from event: RecoveryEvent) -> FlowFact? {
        switch event.kind {
        case .detected:
            return .detected(instanceId: event.instanceId, at: event.time)
        case .relaunched(let relaunch):
            return .relaunched(instanceId: event.instanceId, replacement: relaunch.instanceId, imageId: relaunch.imageId)
        case .restarted:
            return .restarted(instanceId: event.instanceId)
        case .failed(let error):
            return .failed(instanceId: event.instanceId, failure(of: error))
        default:
            return nil
        }
    }

    /// A SpotRecovery error as the study's flow failure.
    static func failure(of error: SpotRecoveryError) -> InterruptionTimeline.FlowFailure {
        switch error.kind {
        case .imageRequestFailed: .imageRequestRefused
        case .imageFailed, .imageTimedOut: .imageFailed
        case .noCapacity, .priceRejected: .noCapacity
        case .launchFailed: .callFailed
        case .restartFailed: .restartFailed
        default: .other(error.kind.description)
        }
    }
}
