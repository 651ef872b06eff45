import AliyunECS
import Foundation
import Logging
import ServiceLifecycle
import SpotRecovery

/// Watches and recovers the fleets of one region: events (confirmed before acting) with a backstop poll of
/// every fleet, a recovery per interrupted instance with its fleet's strategy, and the checkpoint schedules.
///
/// On graceful shutdown it stops watching and stops its checkpoint schedules at once, and lets the
/// recoveries in flight finish; cancellation stops them.
final class RegionGuardian: Sendable {
    let region: RegionConfiguration
    let recoverer: SpotRecoverer
    let detector: EventRecyclingDetector
    let credentials: any CredentialProvider
    private let settings: GuardianConfiguration
    private let metrics: GuardianMetrics
    private let readiness: GuardianReadiness
    private let logger: Logger

    init(
        region: RegionConfiguration, client: ECSClient, credentials: any CredentialProvider, settings: GuardianConfiguration,
        metrics: GuardianMetrics, readiness: GuardianReadiness, logger: Logger
    ) {
        self.region = region
        self.credentials = credentials
        self.settings = settings
        self.metrics = metrics
        self.readiness = readiness
        var logger = logger
        logger[metadataKey: "spot.region"] = "\(region.regionId)"
        self.logger = logger
        let recoverer = SpotRecoverer(client: client, logger: logger)
        self.recoverer = recoverer
        let fleets = region.fleets.map { fleet in
            ObservedDetector(base: recoverer.detector(for: fleet.selector), regionId: region.regionId, readiness: readiness)
        }
        detector = EventRecyclingDetector(
            client: client, clock: recoverer.clock, backstop: CombinedDetector(detectors: fleets),
            backstopInterval: settings.backstopInterval, logger: logger
        ) { _, confirmation in
            metrics.eventConfirmation(outcome: "\(confirmation)")
        }
    }

    /// The fleet an instance belongs to, if any.
    func fleet(of instance: ECSInstance?) -> FleetConfiguration? {
        guard let instance else { return nil }
        return region.fleets.first { $0.selector.contains(instance) }
    }

    /// Watches until graceful shutdown, recovering what it finds; then waits for the recoveries in flight.
    func run() async throws {
        await resolveCredentials()
        let slots = RecoverySlots(count: settings.maximumConcurrentRecoveries)
        let reported = ReportedInstances()
        try await withThrowingDiscardingTaskGroup { group in
            for fleet in region.fleets {
                guard let interval = fleet.checkpointInterval else { continue }
                group.addTask { try await self.runCheckpoints(fleet, every: interval) }
            }
            var backoff = Self.firstWatchBackoff
            while !Task.isShuttingDownGracefully {
                let notices = recoverer.recyclingNotices(
                    using: detector, options: WatchOptions(pollInterval: settings.pollInterval), reported: reported)
                do {
                    for try await notice in notices.cancelOnGracefulShutdown() {
                        backoff = Self.firstWatchBackoff
                        guard let fleet = fleet(of: notice.instance) else {
                            logger.info("Interrupted instance is in no watched fleet; ignored", metadata: ["spot.instance": "\(notice.instanceId)"])
                            continue
                        }
                        group.addTask {
                            try await slots.acquire()
                            let recovered: Bool
                            do {
                                recovered = try await self.recover(notice, fleet: fleet)
                            } catch {
                                await slots.release()
                                throw error
                            }
                            await slots.release()
                            // A failed recovery is tried again when the instance is next detected (an event, or
                            // the backstop poll), as long as it is still there to recover.
                            if !recovered { reported.forget(notice.instanceId) }
                        }
                    }
                    break
                } catch let error as CancellationError {
                    throw error
                } catch {
                    // Watching failed beyond the client's retries (a refused key, a region that does not
                    // answer): say so, stay not ready, and watch again after a growing pause; the endpoints
                    // keep answering and the recoveries in flight go on.
                    logger.error("Watching the region failed; watching again in \(backoff)", metadata: ["spot.error": "\(error)"])
                    await readiness.record(poll: .failure(error), region: region.regionId)
                    let (clock, pause) = (recoverer.clock, backoff)
                    do {
                        try await cancelWhenGracefulShutdown { try await clock.sleep(for: pause) }
                    } catch is CancellationError where !Task.isCancelled {
                        break
                    }
                    backoff = min(backoff * 2, Self.longestWatchBackoff)
                }
            }
            logger.info("Watch over; waiting for the recoveries in flight")
        }
    }

    /// The pause before watching again after watching failed; it doubles up to ``longestWatchBackoff``.
    static let firstWatchBackoff = Duration.seconds(5)
    static let longestWatchBackoff = Duration.seconds(300)

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

    /// One instance's recovery, with a correlation ID on every log line and the metrics of every step.
    /// - Returns: `false` when it failed (already logged and counted).
    /// - Throws: `CancellationError` only.
    func recover(_ notice: RecyclingNotice, fleet: FleetConfiguration) async throws -> Bool {
        var tagged = logger
        tagged[metadataKey: "recovery"] = "\(Self.correlationId(notice))"
        tagged[metadataKey: "spot.fleet"] = "\(fleet.name)"
        tagged[metadataKey: "spot.instance"] = "\(notice.instanceId)"
        let logger = tagged
        metrics.detected(source: notice.source.description)
        logger.info("Interruption detected", metadata: ["spot.source": "\(notice.source)"])
        let recoverer = recoverer.logging(to: logger)
        let options = recoveryOptions(for: fleet)
        if settings.dryRun {
            do {
                try await describeDryRun(notice, fleet: fleet, options: options, recoverer: recoverer, logger: logger)
            } catch let error as CancellationError {
                throw error
            } catch {
                logger.warning("Dry run: planning failed", metadata: ["spot.error": "\(error)"])
            }
            return true
        }
        let metrics = metrics
        let detectedAt = notice.detectedAt
        let outcome = try await recoverer.recoverInstance(notice, options: options) { event in
            if event.name != "imageProgress" { logger.info("\(event.summary)", metadata: ["spot.step": "\(event.name)"]) }
            let elapsed = Duration.seconds(fractional: max(0, event.time.timeIntervalSince(detectedAt)))
            switch event.kind {
            case .imageRequested: metrics.image(outcome: "requested")
            case .imageAvailable:
                metrics.image(outcome: "available")
                metrics.detectionToImage(elapsed)
            case .noticeImageAbandoned: metrics.image(outcome: "abandoned")
            case .relaunched(let relaunch):
                metrics.relaunch(outcome: relaunch.status == .running ? "success" : "launched")
                if relaunch.status == .running { metrics.detectionToRunning(elapsed) }
            case .restarted(let status):
                metrics.restart(outcome: "success")
                if status == .running { metrics.detectionToRunning(elapsed) }
            case .restartAbandoned: metrics.restart(outcome: "abandoned")
            case .pruned(let report):
                metrics.pruned(images: report.deletedImages.count, snapshots: report.deletedSnapshots.count, failures: report.failures.count)
            case .failed(let error):
                metrics.recoveryFailed(step: error.step?.description ?? "unknown")
                if error.step == .launching || error.kind == .notRunningInTime { metrics.relaunch(outcome: "failed") }
                if error.step == .requestingImage || error.step == .waitingForImage { metrics.image(outcome: "failed") }
            default:
                break
            }
        }
        if outcome == nil { logger.warning("Recovery failed; it is tried again when the instance is next detected") }
        return outcome != nil
    }

    /// `--dry-run`: what would be done, planned but not done.
    private func describeDryRun(
        _ notice: RecyclingNotice, fleet: FleetConfiguration, options: RecoveryOptions, recoverer: SpotRecoverer, logger: Logger
    ) async throws {
        if options.stopMode.restartInPlace, notice.instance?.spotInterruptionBehavior == .stop {
            logger.notice("Dry run: would wait for the instance to stop and start it again in place")
            return
        }
        var would = "would image the instance and launch a replacement"
        if let policy = options.relaunch.plannedPlacement {
            let plan = try await recoverer.planner(for: policy).plan()
            would += plan.ranked.first.map { " in \($0.candidate)" } ?? ", but no candidate is in the running"
            for decision in plan.decisions { logger.info("Dry run plan: \(decision)") }
        } else {
            would += " in the source's place"
        }
        logger.notice("Dry run: \(would)")
    }

    private func runCheckpoints(_ fleet: FleetConfiguration, every interval: Duration) async throws {
        let metrics = metrics
        var tagged = logger
        tagged[metadataKey: "spot.fleet"] = "\(fleet.name)"
        let logger = tagged
        if settings.dryRun {
            logger.notice("Dry run: would take a checkpoint of the fleet every \(interval)")
            return
        }
        let recoverer = recoverer
        do {
            try await cancelWhenGracefulShutdown {
                try await recoverer.runCheckpoints(fleet.selector, every: interval, retention: fleet.retention) { event in
                    logger.info("\(event.summary)", metadata: ["spot.instance": "\(event.instanceId)"])
                    switch event.kind {
                    case .imageRequested: metrics.checkpoint(outcome: "requested")
                    case .pruned(let report):
                        metrics.pruned(images: report.deletedImages.count, snapshots: report.deletedSnapshots.count, failures: report.failures.count)
                    case .failed: metrics.checkpoint(outcome: "failed")
                    }
                }
            }
        } catch is CancellationError where !Task.isCancelled {
            // The schedule was stopped by the graceful shutdown, as it should be: not a failure.
        }
    }

    /// The recovery options of a fleet.
    func recoveryOptions(for fleet: FleetConfiguration) -> RecoveryOptions {
        var options = RecoveryOptions(
            relaunch: RelaunchOptions(placement: fleet.placement, waitUntilRunning: true), stopMode: fleet.stopMode, retention: fleet.retention)
        options.stopMode.waitUntilRunning = true
        return options
    }

    /// An ID every log line of one recovery shares: the instance and when it was noticed.
    static func correlationId(_ notice: RecyclingNotice) -> String {
        "\(notice.instanceId)-\(Int64(notice.detectedAt.timeIntervalSince1970))"
    }
}
