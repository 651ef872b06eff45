import AliyunECS
import Foundation
import Logging
import ServiceLifecycle
import SpotRecovery

/// The recovery side of spot-guardian, as a `Service`: every configured region watched and recovered at
/// once. On graceful shutdown it stops taking events (the endpoints answer `503`), stops watching,
/// reconciling and checkpointing, and returns once the recoveries in flight have finished, or once the grace
/// period has passed on the ECS clock, stopping those still running (the next start resumes them from what
/// ECS holds: reconciliation finds their notice images, and their ClientTokens make ECS return what they had
/// already made). Cancellation stops everything at once.
public final class GuardianEngine: Service, Sendable {
    /// The outcome of an event posted to an endpoint, known once the event is decided.
    public enum Submission: Sendable, Hashable {
        /// Confirmed with ECS; its recovery is recorded where a restart finds it.
        case accepted(InterruptionEvent)
        /// Decided before, or its interruption is already being recovered.
        case duplicate(eventId: String)
        /// Confirmed with ECS as harmless (not interrupted, unknown, in no watched fleet): nothing to do.
        case ignored(InterruptionEvent, reason: String)
        /// Not a usable interruption event.
        case rejected(InterruptionEventError)
        /// It cannot be decided now (ECS does not answer, too much work waits): the sender should retry.
        case retryLater(reason: String)
        /// The service is shutting down and takes no more events.
        case draining
    }

    /// The metrics every region reports into.
    public let metrics: GuardianMetrics
    let regions: [RegionGuardian]
    let eventToken: EventToken?
    let readiness: GuardianReadiness
    private let draining = Flag()
    private let gracePeriod: Duration
    private let clock: any ECSClock
    private let logger: Logger

    init(
        regions: [RegionGuardian], metrics: GuardianMetrics, readiness: GuardianReadiness, eventToken: EventToken?,
        gracePeriod: Duration, clock: any ECSClock, logger: Logger
    ) {
        self.regions = regions
        self.metrics = metrics
        self.readiness = readiness
        self.eventToken = eventToken
        self.gracePeriod = gracePeriod
        self.clock = clock
        self.logger = logger
    }

    /// Watches and recovers until a graceful shutdown, then waits for the recoveries in flight, at most
    /// for the grace period.
    public func run() async throws {
        let (draining, logger, clock, gracePeriod, regions) = (draining, logger, clock, gracePeriod, regions)
        let graceEnded = Flag()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await withGracefulShutdownHandler {
                    try await withThrowingDiscardingTaskGroup { regionsGroup in
                        for region in regions {
                            regionsGroup.addTask { try await region.run() }
                        }
                    }
                } onGracefulShutdown: {
                    draining.set()
                    logger.notice("Shutting down: no more events; recoveries in flight have \(gracePeriod) to finish")
                }
            }
            group.addTask {
                try await gracefulShutdown()
                try await clock.sleep(for: gracePeriod)
                graceEnded.set()
            }
            // Whichever ends first, the work or the grace period, ends the other.
            try await group.next()
            group.cancelAll()
        }
        if graceEnded.isSet {
            logger.warning("The grace period ended with recoveries still running; they were stopped and resume on the next start")
            return
        }
        logger.notice("Every recovery finished")
    }

    /// Decides an event payload in the region it names (or in every region when it names none, or one this
    /// service does not watch): each confirms it with ECS before anything is done, and the answer comes
    /// once the event's recovery is recorded where a restart finds it.
    public func submit(_ payload: [UInt8], channel: EventChannel) async -> Submission {
        guard !draining.isSet else { return .draining }
        let event: InterruptionEvent
        do {
            event = try InterruptionEventParser.parse(payload)
        } catch {
            logger.info("Rejected a payload", metadata: ["spot.channel": "\(channel.rawValue)", "spot.reason": "\(error)"])
            return .rejected(error)
        }
        let source: RecyclingNotice.Source = channel == .eventbridge ? .eventBridge : .cloudMonitor
        return await decide(event, source: source)
    }

    /// Decides a parsed event in the regions it may concern; the most useful verdict wins (recorded, then
    /// duplicate, then harmless); a region that cannot decide makes the sender retry unless another one
    /// recorded the recovery.
    func decide(_ event: InterruptionEvent, source: RecyclingNotice.Source) async -> Submission {
        let named = regions.filter { $0.region.regionId == event.regionId }
        var outcomes: [EventIntake.Outcome] = []
        var deferral: String?
        for region in named.isEmpty ? regions : named {
            do {
                outcomes.append(try await region.intake.handle(event, source: source))
            } catch {
                deferral = deferral ?? "\(error)"
            }
        }
        if outcomes.contains(.recovered) { return .accepted(event) }
        if let deferral { return draining.isSet ? .draining : .retryLater(reason: deferral) }
        if outcomes.contains(.duplicate) { return .duplicate(eventId: event.id) }
        if case .harmless(let reason)? = outcomes.first { return .ignored(event, reason: reason) }
        return .ignored(event, reason: "no region to decide it")
    }

    /// `nil` when ready, else why not.
    public func readinessProblems() async -> [String]? {
        await readiness.reasons()
    }
}

/// A flag set once, read from anywhere.
final class Flag: @unchecked Sendable {
    // `value` is guarded by `lock`.
    private let lock = NSLock()
    private var value = false

    var isSet: Bool { lock.withLock { value } }

    func set() {
        lock.withLock { value = true }
    }
}
