import AliyunECS
import Foundation
import Logging
import SpotRecovery

/// Takes interruption events to one region, from the HTTP endpoints and the MNS queue alike, and answers
/// only once each is decided: confirmed with ECS and its recovery recorded where a restart finds it, or
/// found harmless (not interrupted, an unknown instance, outside every watched fleet), or a duplicate. An
/// event that cannot be decided now (ECS does not answer, too much work waits, shutting down) throws, so
/// that its sender delivers it again: nothing accepted is ever dropped.
final class EventIntake: Sendable {
    /// How an event was decided.
    enum Outcome: Sendable, Hashable {
        /// Confirmed; its recovery is recorded where a restart finds it.
        case recovered
        /// Nothing to do, and why.
        case harmless(reason: String)
        /// Decided before (the same event), or its interruption is already being recovered.
        case duplicate
    }

    /// Why an event could not be decided now.
    struct Deferral: Error, Sendable, CustomStringConvertible {
        var reason: String
        var description: String { reason }
    }

    private let regionId: String
    private let recoverer: SpotRecoverer
    private let dispatcher: RecoveryDispatcher
    private let batcher: ConfirmationBatcher
    private let fleets: [FleetConfiguration]
    private let metrics: GuardianMetrics
    private let readiness: GuardianReadiness
    private let logger: Logger
    private let maximumPending: Int
    private let pending = BoundedCount()
    private let decided = DecidedEvents(capacity: 10_000)

    init(
        regionId: String, recoverer: SpotRecoverer, dispatcher: RecoveryDispatcher, fleets: [FleetConfiguration], metrics: GuardianMetrics,
        readiness: GuardianReadiness, maximumPending: Int, logger: Logger
    ) {
        self.regionId = regionId
        self.recoverer = recoverer
        self.dispatcher = dispatcher
        self.fleets = fleets
        self.metrics = metrics
        self.readiness = readiness
        self.maximumPending = maximumPending
        self.logger = logger
        batcher = ConfirmationBatcher(confirmer: InterruptionConfirmer(client: recoverer.client, logger: logger))
    }

    /// The fleet an instance belongs to, if any.
    func fleet(of instance: ECSInstance?) -> FleetConfiguration? {
        guard let instance else { return nil }
        return fleets.first { $0.selector.contains(instance) }
    }

    /// Decides one event.
    /// - Parameter source: Where it came from (for the detection metric and the log).
    /// - Throws: ``Deferral`` when it cannot be decided now (its sender should deliver it again).
    func handle(_ event: InterruptionEvent, source: RecyclingNotice.Source) async throws -> Outcome {
        if decided.contains(event.id) { return .duplicate }
        guard pending.increment(limit: maximumPending) else {
            throw Deferral(reason: "too many events wait for confirmation in \(regionId)")
        }
        defer { pending.decrement() }
        let verdict: InterruptionConfirmer.Verdict
        do {
            verdict = try await batcher.confirm(event)
            await readiness.record(confirmation: .success(()), region: regionId)
        } catch {
            await readiness.record(confirmation: .failure(error), region: regionId)
            logger.warning("Could not confirm an interruption event; its sender delivers it again", metadata: [
                "spot.event": "\(event.id)", "spot.instance": "\(event.instanceId)", "spot.error": "\(error)",
            ])
            throw Deferral(reason: "ECS did not confirm the event: \(error)")
        }
        metrics.eventConfirmation(outcome: "\(verdict.confirmation)")
        let outcome = try await act(on: verdict, source: source)
        decided.insert(event.id)
        logger.info("Interruption event decided", metadata: [
            "spot.event": "\(event.id)", "spot.instance": "\(event.instanceId)", "spot.confirmation": "\(verdict.confirmation)",
            "spot.outcome": "\(outcome)",
        ])
        return outcome
    }

    private func act(on verdict: InterruptionConfirmer.Verdict, source: RecyclingNotice.Source) async throws -> Outcome {
        let event = verdict.event
        switch verdict.confirmation {
        case .confirmed:
            guard let fleet = fleet(of: verdict.instance) else { return .harmless(reason: "the instance is in no watched fleet") }
            let now = recoverer.clock.now
            let notice = RecyclingNotice(
                instanceId: event.instanceId, detectedAt: now, markedAt: EventRecyclingDetector.plausibleMarkTime(event.time, now: now),
                instance: verdict.instance, source: source)
            return try admitted(await dispatcher.dispatch(.notice(notice, fleet)))
        case .unknownInstance:
            // Gone already: if a notice image of it waits for a replacement (a recovery cut short), finish it.
            let unfinished: UnfinishedRecovery?
            do {
                unfinished = try await recoverer.findUnfinishedRecovery(ofReleased: event.instanceId)
            } catch {
                throw Deferral(reason: "could not look for the released instance's notice image: \(error)")
            }
            guard let unfinished, let fleet = fleets.first(where: { unfinished.belongs(to: $0.selector) }) else {
                return .harmless(reason: "ECS does not know the instance")
            }
            return try admitted(await dispatcher.dispatch(.resumption(unfinished, fleet)))
        case .notInterrupted:
            return .harmless(reason: "the instance is not being interrupted")
        }
    }

    private func admitted(_ admission: Admission) throws -> Outcome {
        switch admission {
        case .recorded: return .recovered
        case .alreadyHandled: return .duplicate
        case .failed: throw Deferral(reason: "the recovery failed before it was recorded; it is tried again")
        case .overloaded: throw Deferral(reason: "too much recovery work waits in \(regionId)")
        case .draining: throw Deferral(reason: "shutting down")
        }
    }
}

/// The IDs of the most recent events already decided, shared by concurrent handlers.
final class DecidedEvents: @unchecked Sendable {
    // `recent` is guarded by `lock`.
    private let lock = NSLock()
    private var recent: RecentSet

    init(capacity: Int) {
        recent = RecentSet(capacity: capacity)
    }

    func contains(_ id: String) -> Bool { lock.withLock { recent.contains(id) } }

    func insert(_ id: String) {
        _ = lock.withLock { recent.insert(id) }
    }
}
