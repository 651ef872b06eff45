import AliyunECS
import Foundation
import Logging

/// Notices interruptions from CloudMonitor and EventBridge events as they arrive, with a slow poll of the
/// fleet as a backstop, so an event that never comes still ends in a recovery.
///
/// An event is a hint, never an order. Each new event is confirmed with one DescribeInstances call before
/// it becomes a ``RecyclingNotice``: the instance must exist and carry a `Recycling` lock, or (with
/// `SpotInterruptionBehavior` `Stop`) be stopped in economical mode with evidence that an interruption
/// stopped it (the ``SpotRecoverer/interruptedTagKey`` mark or a spot interruption in its event history:
/// never the stop alone). A forged event costs that one read call and
/// nothing else; the same event delivered again (same ID) costs nothing once it has been decided; an
/// event for an unknown or released instance is logged and dropped.
///
/// Nothing is dropped silently: an event counts as seen only once it is decided (confirmed, or found
/// harmless); events whose confirmation fails wait for the next poll, and neither that failure nor one of
/// the backstop discards the other's notices. At most ``maximumPending`` events wait; beyond that,
/// ``submit(_:)`` answers ``Submission/overloaded`` so the sender can retry later.
///
/// Feed it with ``submit(_:)`` (an HTTP endpoint does) or give it an `AsyncSequence` of payloads; drive it
/// like any detector (``SpotRecoverer/recover(using:options:)``), which polls it every
/// ``WatchOptions/pollInterval`` and at once when an event arrives, so an event is confirmed and acted on
/// without waiting for the next poll. A poll costs no call unless events are waiting or the backstop is due.
public actor EventRecyclingDetector: RecyclingDetector {
    /// What happened to one submitted payload.
    public enum Submission: Sendable, Hashable {
        /// A new interruption event, queued for confirmation.
        case accepted(InterruptionEvent)
        /// An event already received (same ID): ignored.
        case duplicate(eventId: String)
        /// Not a usable interruption event.
        case rejected(InterruptionEventError)
        /// Too many events wait for confirmation: not taken, try again later.
        case overloaded
    }

    /// What the confirmation of one event came to.
    public enum Confirmation: Sendable, Hashable {
        /// ECS confirms the interruption: a notice follows.
        case confirmed
        /// ECS does not know the instance (unknown, or already released).
        case unknownInstance
        /// The instance exists but is not being reclaimed.
        case notInterrupted
    }

    private let client: ECSClient
    private let clock: any ECSClock
    private let logger: Logger
    private let backstop: (any RecyclingDetector)?
    private let backstopInterval: Duration
    private let consume: (@Sendable (EventRecyclingDetector) -> Task<Void, Never>)?
    private let onConfirmation: (@Sendable (InterruptionEvent, Confirmation) -> Void)?
    private var consumer: Task<Void, Never>?
    private var pending: [InterruptionEvent] = []
    private var pendingIds: Set<String> = []
    private var seenEventIds = RecentSet(capacity: 10_000)
    private var lastBackstop: Date?
    private let arrivals = ArrivalSignal()
    /// The most events that wait for confirmation at once.
    public nonisolated let maximumPending: Int

    /// Creates a detector fed through ``submit(_:)``.
    /// - Parameters:
    ///   - client: The ECS client that confirms events.
    ///   - clock: The time source.
    ///   - backstop: A detector polled every `backstopInterval` (usually a ``FleetRecyclingDetector`` of the
    ///     same fleet), or `nil` to rely on events alone.
    ///   - backstopInterval: How often the backstop is polled. Default: one minute.
    ///   - maximumPending: The most events that wait for confirmation at once. Default: 1,000.
    ///   - logger: Where to log.
    ///   - onConfirmation: Called with each event's confirmation, for metrics and audit logs.
    public init(
        client: ECSClient, clock: (any ECSClock)? = nil, backstop: (any RecyclingDetector)? = nil,
        backstopInterval: Duration = .seconds(60), maximumPending: Int = 1_000, logger: Logger = ECSClient.silentLogger,
        onConfirmation: (@Sendable (InterruptionEvent, Confirmation) -> Void)? = nil
    ) {
        self.init(
            client: client, clock: clock, backstop: backstop, backstopInterval: backstopInterval, maximumPending: maximumPending,
            logger: logger, onConfirmation: onConfirmation, consume: nil)
    }

    /// Creates a detector that reads its payloads from `payloads` (raw bytes, as delivered) once watching
    /// starts; a failing sequence is logged and the backstop keeps the watch going.
    public init<Payloads: AsyncSequence & Sendable>(
        payloads: Payloads, client: ECSClient, clock: (any ECSClock)? = nil, backstop: (any RecyclingDetector)? = nil,
        backstopInterval: Duration = .seconds(60), logger: Logger = ECSClient.silentLogger,
        onConfirmation: (@Sendable (InterruptionEvent, Confirmation) -> Void)? = nil
    ) where Payloads.Element == Data {
        self.init(
            client: client, clock: clock, backstop: backstop, backstopInterval: backstopInterval, maximumPending: 1_000, logger: logger,
            onConfirmation: onConfirmation,
            consume: { detector in
                Task {
                    do {
                        for try await payload in payloads {
                            // A sequence waits instead of being turned away: nothing it hands over is dropped.
                            while case .overloaded = await detector.submit(payload) {
                                try await Task.sleep(for: .milliseconds(100))
                            }
                        }
                    } catch {
                        await detector.log(sequenceFailure: error)
                    }
                }
            })
    }

    /// What both public initializers set; `consume` starts reading a payload sequence once watching starts.
    private init(
        client: ECSClient, clock: (any ECSClock)?, backstop: (any RecyclingDetector)?, backstopInterval: Duration, maximumPending: Int,
        logger: Logger, onConfirmation: (@Sendable (InterruptionEvent, Confirmation) -> Void)?,
        consume: (@Sendable (EventRecyclingDetector) -> Task<Void, Never>)?
    ) {
        self.maximumPending = max(1, maximumPending)
        self.client = client
        self.clock = clock ?? client.configuration.clock
        self.backstop = backstop
        self.backstopInterval = backstopInterval
        self.logger = logger
        self.onConfirmation = onConfirmation
        self.consume = consume
    }

    deinit {
        consumer?.cancel()
    }

    private func log(sequenceFailure error: any Error) {
        logger.warning("The interruption event stream failed; the backstop poll keeps watching", metadata: ["spot.error": "\(error)"])
    }

    /// Takes one payload as delivered.
    /// - Returns: Whether it was queued, a duplicate, or rejected (with why).
    @discardableResult
    public func submit(_ payload: some Collection<UInt8>) -> Submission {
        let event: InterruptionEvent
        do {
            event = try InterruptionEventParser.parse(payload)
        } catch {
            logger.info("Payload is not a spot interruption event", metadata: ["spot.reason": "\(error)"])
            return .rejected(error)
        }
        guard !seenEventIds.contains(event.id), !pendingIds.contains(event.id) else {
            logger.debug("Duplicate interruption event ignored", metadata: ["spot.event": "\(event.id)"])
            return .duplicate(eventId: event.id)
        }
        guard pending.count < maximumPending else {
            logger.warning("Too many interruption events wait for confirmation; one was turned away", metadata: ["spot.event": "\(event.id)"])
            return .overloaded
        }
        logger.info("Interruption event received", metadata: [
            "spot.event": "\(event.id)", "spot.instance": "\(event.instanceId)", "spot.source": "\(event.source)",
        ])
        pending.append(event)
        pendingIds.insert(event.id)
        arrivals.signal()
        return .accepted(event)
    }

    /// Waits the interval, or less: an event that arrives meanwhile ends the wait, so it is confirmed at once.
    public func waitForNextPoll(_ interval: Duration, on clock: any ECSClock) async throws {
        guard pending.isEmpty else { return }
        let arrivals = arrivals
        let generation = arrivals.generation
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await clock.sleep(for: interval) }
            group.addTask { await arrivals.wait(since: generation) }
            try await group.next()
            group.cancelAll()
        }
    }

    /// Starts reading the payload sequence, if there is one, and prepares the backstop (which first polls
    /// on the first ``poll()``).
    public func prepare() async throws {
        if consumer == nil, let consume { consumer = consume(self) }
        try await backstop?.prepare()
    }

    /// The confirmed interruptions among the events received since the last poll, and the backstop's
    /// notices when it is due. A failure of one does not discard the other's notices; the poll fails only
    /// when it has nothing to report and something failed.
    public func poll() async throws -> [RecyclingNotice] {
        var notices: [RecyclingNotice] = []
        var failure: (any Error)?
        do {
            notices = try await confirmPending()
        } catch let error as CancellationError {
            throw error
        } catch {
            failure = error
        }
        // The backstop looks at once on the first poll (an interruption may already be under way, say after a
        // restart), then every interval.
        if let backstop, lastBackstop.map({ clock.now.timeIntervalSince($0) >= backstopInterval.inSeconds }) ?? true {
            lastBackstop = clock.now
            do {
                let found = try await backstop.poll()
                if !found.isEmpty {
                    logger.debug("Backstop poll found interruptions", metadata: ["spot.instances": "\(found.map(\.instanceId))"])
                }
                notices += found
            } catch let error as CancellationError {
                throw error
            } catch {
                failure = failure ?? error
            }
        }
        if let failure {
            guard !notices.isEmpty else { throw failure }
            logger.warning("Part of a poll failed; reporting what the rest found", metadata: ["spot.error": "\(failure)"])
        }
        return notices
    }

    /// One DescribeInstances call per 100 waiting events; each event is confirmed or found harmless, and
    /// only then counts as seen. When the call fails, every event waits for the next poll.
    private func confirmPending() async throws -> [RecyclingNotice] {
        guard !pending.isEmpty else { return [] }
        let events = pending
        let verdicts = try await InterruptionConfirmer(client: client, logger: logger).confirm(events)
        pending.removeFirst(min(events.count, pending.count))
        let now = clock.now
        var notices: [RecyclingNotice] = []
        for verdict in verdicts {
            let event = verdict.event
            pendingIds.remove(event.id)
            _ = seenEventIds.insert(event.id)
            if verdict.confirmation == .confirmed {
                notices.append(RecyclingNotice(
                    instanceId: event.instanceId, detectedAt: now, markedAt: Self.plausibleMarkTime(event.time, now: now), terminationTime: nil, instance: verdict.instance,
                    source: event.source == .eventBridge ? .eventBridge : .cloudMonitor))
            }
            logger.info("Interruption event \(verdict.confirmation == .confirmed ? "confirmed" : "not confirmed")", metadata: [
                "spot.event": "\(event.id)", "spot.instance": "\(event.instanceId)", "spot.confirmation": "\(verdict.confirmation)",
            ])
            onConfirmation?(event, verdict.confirmation)
        }
        return notices
    }

    /// An event's own time as the time of the mark, when it is plausible (not ahead of now, nor older than
    /// ten minutes): a stale or forged time must not shorten how long the notice image is waited for.
    package static func plausibleMarkTime(_ time: Date?, now: Date) -> Date? {
        guard let time, time <= now, now.timeIntervalSince(time) <= 600 else { return nil }
        return time
    }
}
