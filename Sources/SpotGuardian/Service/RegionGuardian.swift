import AliyunECS
import AliyunMNS
import Foundation
import Logging
import ServiceLifecycle
import SpotRecovery

/// One region of spot-guardian, assembled from pieces with one job each: the ``RecoveryDispatcher`` runs
/// the recoveries, the ``EventIntake`` decides events, the ``BackstopWatch`` polls the fleets, the
/// ``Reconciler`` finishes what a kill or a restart cut short, a ``CheckpointSchedule`` per fleet takes
/// checkpoints, and, with an event queue, an ``EventQueueConsumer`` hands its events to the intake.
///
/// On graceful shutdown it stops watching, reconciling and checkpointing at once, takes no more work, and
/// lets the recoveries in flight finish; cancellation stops them (the next start resumes them from what
/// ECS holds).
final class RegionGuardian: Sendable {
    let region: RegionConfiguration
    let recoverer: SpotRecoverer
    let credentials: any CredentialProvider
    let dispatcher: RecoveryDispatcher
    let intake: EventIntake
    private let backstop: BackstopWatch
    private let reconciler: Reconciler
    private let checkpoints: [CheckpointSchedule]
    private let consumer: EventQueueConsumer?
    private let queueHealth = EventQueueHealth()
    private let readiness: GuardianReadiness
    private let logger: Logger

    init(
        region: RegionConfiguration, client: ECSClient, credentials: any CredentialProvider, journal: RecoveryJournal?,
        eventQueue: MNSQueueClient?, settings: GuardianConfiguration, metrics: GuardianMetrics, readiness: GuardianReadiness, logger: Logger
    ) {
        self.region = region
        self.credentials = credentials
        self.readiness = readiness
        var logger = logger
        logger[metadataKey: "spot.region"] = "\(region.regionId)"
        self.logger = logger
        let recoverer = SpotRecoverer(client: client, journal: journal, logger: logger)
        self.recoverer = recoverer
        let fleets = region.fleets
        let dispatcher = RecoveryDispatcher(
            recoverer: recoverer, options: { Self.recoveryOptions(for: $0) }, metrics: metrics,
            maximumConcurrentRecoveries: settings.maximumConcurrentRecoveries, maximumQueued: settings.maximumPendingEvents * 4,
            dryRun: settings.dryRun, logger: logger)
        self.dispatcher = dispatcher
        intake = EventIntake(
            regionId: region.regionId, recoverer: recoverer, dispatcher: dispatcher, fleets: fleets, metrics: metrics, readiness: readiness,
            maximumPending: settings.maximumPendingEvents, logger: logger)
        let detectors = fleets.map { fleet in
            ObservedDetector(
                base: recoverer.detector(for: fleet.selector, options: WatchOptions(includesStoppedMembers: true)),
                regionId: region.regionId, readiness: readiness)
        }
        backstop = BackstopWatch(
            regionId: region.regionId, recoverer: recoverer, detector: CombinedDetector(detectors: detectors), interval: settings.backstopInterval,
            dispatcher: dispatcher, fleet: { instance in instance.flatMap { described in fleets.first { $0.selector.contains(described) } } },
            readiness: readiness, logger: logger)
        reconciler = Reconciler(
            recoverer: recoverer, fleets: fleets, interval: settings.reconcileInterval, window: settings.reconcileWindow, dispatcher: dispatcher,
            metrics: metrics, dryRun: settings.dryRun, logger: logger)
        if let eventQueue, let queueSettings = region.eventQueue, !settings.dryRun {
            consumer = EventQueueConsumer(
                regionId: region.regionId, queue: eventQueue, settings: queueSettings, handler: intake, metrics: metrics, health: queueHealth,
                clock: recoverer.clock, logger: logger)
        } else {
            // A dry run takes no message: it would hide each one from the guardian that acts on it.
            if region.eventQueue != nil { logger.notice("Dry run: the event queue is not consumed") }
            consumer = nil
        }
        checkpoints = fleets.compactMap { fleet in
            fleet.checkpointInterval.map {
                CheckpointSchedule(recoverer: recoverer, fleet: fleet, interval: $0, metrics: metrics, dryRun: settings.dryRun, logger: logger)
            }
        }
    }

    /// Runs until graceful shutdown, then waits for the recoveries in flight.
    func run() async throws {
        await resolveCredentials()
        if consumer != nil { await readiness.watch(queueHealth, region: region.regionId) }
        let (dispatcher, backstop, reconciler, checkpoints, consumer, logger) = (dispatcher, backstop, reconciler, checkpoints, consumer, logger)
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { await dispatcher.run() }
            if let consumer { group.addTask { await consumer.run() } }
            group.addTask { try await backstop.run() }
            group.addTask { try await reconciler.run() }
            for schedule in checkpoints { group.addTask { try await schedule.run() } }
            group.addTask {
                try await gracefulShutdown()
                logger.info("Taking no more recovery work; waiting for the recoveries in flight")
                dispatcher.close()
            }
        }
    }

    /// Asks for credentials once at start, for readiness (the first call would ask anyway).
    private func resolveCredentials() async {
        do {
            _ = try await credentials.credentials()
            await readiness.record(credentialsResolved: true, region: region.regionId)
        } catch {
            logger.error("No credentials", metadata: ["spot.error": "\(error)"])
            await readiness.record(credentialsResolved: false, region: region.regionId)
        }
    }

    /// The recovery options of a fleet: its placement, stop mode, retention and launch template; its
    /// selector tag kept on every replacement (so replacements stay in the fleet); running replacements
    /// waited for.
    static func recoveryOptions(for fleet: FleetConfiguration) -> RecoveryOptions {
        var relaunch = RelaunchOptions(placement: fleet.placement, launchTemplate: fleet.launchTemplate, waitUntilRunning: true)
        if let key = fleet.selector.tagKey { relaunch.keptTagKeys.insert(key) }
        var options = RecoveryOptions(relaunch: relaunch, stopMode: fleet.stopMode, retention: fleet.retention)
        options.stopMode.waitUntilRunning = true
        return options
    }
}
