import AliyunECS
import Foundation
import Logging

/// Notices interruptions from CloudMonitor and EventBridge events as they arrive, with a slow poll of the
/// fleet as a backstop, so an event that never comes still ends in a recovery.
///
/// An event is a hint, never an order. Each new event is confirmed with one DescribeInstances call before
/// it becomes a ``RecyclingNotice``: the instance must exist and carry a `Recycling` lock, or (with
/// `SpotInterruptionBehavior` `Stop`) be stopped in economical mode. A forged event costs that one read
/// call and nothing else; the same event delivered again (same ID) costs nothing; an event for an unknown
/// or released instance is logged and dropped.
///
/// Feed it with ``submit(_:)`` (an HTTP endpoint does) or give it an `AsyncSequence` of payloads; drive it
/// like any detector (``SpotRecoverer/recover(using:options:)``), which polls it every
/// ``WatchOptions/pollInterval``. A poll costs no call unless events are waiting or the backstop is due.
public actor EventRecyclingDetector: RecyclingDetector {
    /// What happened to one submitted payload.
    public enum Submission: Sendable, Hashable {
        /// A new interruption event, queued for confirmation.
        case accepted(InterruptionEvent)
        /// An event already received (same ID): ignored.
        case duplicate(eventId: String)
        /// Not a usable interruption event.
        case rejected(InterruptionEventError)
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
    private var seenEventIds = RecentSet(capacity: 10_000)
    private var lastBackstop: Date?

    /// Creates a detector fed through ``submit(_:)``.
    /// - Parameters:
    ///   - client: The ECS client that confirms events.
    ///   - clock: The time source.
    ///   - backstop: A detector polled every `backstopInterval` (usually a ``FleetRecyclingDetector`` of the
    ///     same fleet), or `nil` to rely on events alone.
    ///   - backstopInterval: How often the backstop is polled. Default: one minute.
    ///   - logger: Where to log.
    ///   - onConfirmation: Called with each event's confirmation, for metrics and audit logs.
    public init(
        client: ECSClient, clock: (any ECSClock)? = nil, backstop: (any RecyclingDetector)? = nil,
        backstopInterval: Duration = .seconds(60), logger: Logger = ECSClient.silentLogger,
        onConfirmation: (@Sendable (InterruptionEvent, Confirmation) -> Void)? = nil
    ) {
        self.init(
            client: client, clock: clock, backstop: backstop, backstopInterval: backstopInterval, logger: logger,
            onConfirmation: onConfirmation, consume: nil)
    }

    /// Creates a detector that reads its payloads from `payloads` (raw bytes, as delivered) once watching
    /// starts; a failing sequence is logged and the backstop keeps the watch going.
    public init<Payloads: AsyncSequence & Sendable>(
        payloads: Payloads, client: ECSClient, clock: (any ECSClock)? = nil, backstop: (any RecyclingDetector)? = nil,
        backstopInterval: Duration = .seconds(60), logger: Logger = ECSClient.silentLogger,
        onConfirmation: (@Sendable (InterruptionEvent, Confirmation) -> Void)? = nil
    ) where Payloads.Element == Data {
        self.init(
            client: client, clock: clock, backstop: backstop, backstopInterval: backstopInterval, logger: logger,
            onConfirmation: onConfirmation,
            consume: { detector in
                Task {
                    do {
                        for try await payload in payloads { _ = await detector.submit(payload) }
                    } catch {
                        await detector.log(sequenceFailure: error)
                    }
                }
            })
    }

    /// What both public initializers set; `consume` starts reading a payload sequence once watching starts.
    private init(
        client: ECSClient, clock: (any ECSClock)?, backstop: (any RecyclingDetector)?, backstopInterval: Duration,
        logger: Logger, onConfirmation: (@Sendable (InterruptionEvent, Confirmation) -> Void)?,
        consume: (@Sendable (EventRecyclingDetector) -> Task<Void, Never>)?
    ) {
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
        guard seenEventIds.insert(event.id) else {
            logger.debug("Duplicate interruption event ignored", metadata: ["spot.event": "\(event.id)"])
            return .duplicate(eventId: event.id)
        }
        logger.info("Interruption event received", metadata: [
            "spot.event": "\(event.id)", "spot.instance": "\(event.instanceId)", "spot.source": "\(event.source)",
        ])
        pending.append(event)
        return .accepted(event)
    }

    /// Starts reading the payload sequence, if there is one, and prepares the backstop (which first polls
    /// on the first ``poll()``).
    public func prepare() async throws {
        if consumer == nil, let consume { consumer = consume(self) }
        try await backstop?.prepare()
    }

    /// The confirmed interruptions among the events received since the last poll, and the backstop's
    /// notices when it is due.
    public func poll() async throws -> [RecyclingNotice] {
        var notices = try await confirmPending()
        // The backstop looks at once on the first poll (an interruption may already be under way, say after a
        // restart), then every interval.
        if let backstop, lastBackstop.map({ clock.now.timeIntervalSince($0) >= backstopInterval.inSeconds }) ?? true {
            lastBackstop = clock.now
            let found = try await backstop.poll()
            if !found.isEmpty {
                logger.debug("Backstop poll found interruptions", metadata: ["spot.instances": "\(found.map(\.instanceId))"])
            }
            notices += found
        }
        return notices
    }

    /// One DescribeInstances call per 100 waiting events; each event is confirmed or dropped.
    private func confirmPending() async throws -> [RecyclingNotice] {
        guard !pending.isEmpty else { return [] }
        let events = pending
        pending.removeAll()
        var described: [String: ECSInstance] = [:]
        let ids = Array(Set(events.map(\.instanceId))).sorted()
        do {
            for start in stride(from: 0, to: ids.count, by: 100) {
                let batch = Array(ids[start..<min(start + 100, ids.count)])
                for instance in try await client.describeInstances(DescribeInstancesRequest(instanceIds: batch)).instances {
                    described[instance.instanceId] = instance
                }
            }
        } catch {
            // The events wait for the next poll; the watch decides whether the failure is transient.
            pending = events + pending
            throw error
        }
        let now = clock.now
        var notices: [RecyclingNotice] = []
        for event in events {
            let confirmation: Confirmation
            if let instance = described[event.instanceId] {
                confirmation = Self.isInterrupted(instance) ? .confirmed : .notInterrupted
                if confirmation == .confirmed {
                    notices.append(RecyclingNotice(
                        instanceId: event.instanceId, detectedAt: now, terminationTime: nil, instance: instance,
                        source: event.source == .eventBridge ? .eventBridge : .cloudMonitor))
                }
            } else {
                confirmation = .unknownInstance
            }
            logger.info("Interruption event \(confirmation == .confirmed ? "confirmed" : "not confirmed")", metadata: [
                "spot.event": "\(event.id)", "spot.instance": "\(event.instanceId)", "spot.confirmation": "\(confirmation)",
            ])
            onConfirmation?(event, confirmation)
        }
        return notices
    }

    /// Whether ECS's description shows the instance being reclaimed: a `Recycling` lock, or a spot
    /// instance with the `Stop` behaviour stopped in economical mode (whether the lock stays on a stopped
    /// instance is not documented).
    static func isInterrupted(_ instance: ECSInstance) -> Bool {
        if instance.isMarkedForRecycling { return true }
        return instance.status == .stopped && instance.stoppedMode == .stopCharging
            && instance.spotInterruptionBehavior == .stop && (instance.spotStrategy ?? .noSpot) != .noSpot
    }
}

/// A set that remembers the most recent `capacity` members, forgetting the oldest first.
struct RecentSet {
    private let capacity: Int
    private var members: Set<String> = []
    private var order: [String] = []
    private var head = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Adds `member`; `false` when it was already there.
    mutating func insert(_ member: String) -> Bool {
        guard members.insert(member).inserted else { return false }
        if order.count < capacity {
            order.append(member)
        } else {
            members.remove(order[head])
            order[head] = member
            head = (head + 1) % capacity
        }
        return true
    }
}
