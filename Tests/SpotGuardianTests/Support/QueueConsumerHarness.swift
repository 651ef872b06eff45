import AliyunECS
import AliyunECSTesting
import AliyunMNS
import Foundation
import Logging
@testable import SpotGuardian
import SpotRecovery
import Testing

/// A handler that records every event it is given and answers as the test says, after a while on the clock.
final class FakeQueuedEventHandler: QueuedEventHandler, @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var received: [InterruptionEvent] = []
    private var startTimes: [Date] = []
    private let clock: any ECSClock
    private let duration: Duration
    private let answer: @Sendable (InterruptionEvent, Int) throws -> QueuedEventOutcome

    /// `answer` gets the event and how many times this handler has seen it (1 the first time).
    init(clock: any ECSClock, takes duration: Duration = .seconds(1),
         answer: @escaping @Sendable (InterruptionEvent, Int) throws -> QueuedEventOutcome = { _, _ in .recovered }) {
        self.clock = clock
        self.duration = duration
        self.answer = answer
    }

    var events: [InterruptionEvent] { lock.withLock { received } }
    /// When each handling started, on the clock.
    var started: [Date] { lock.withLock { startTimes } }

    func handle(_ event: InterruptionEvent) async throws -> QueuedEventOutcome {
        let now = clock.now
        let seen = lock.withLock {
            received.append(event)
            startTimes.append(now)
            return received.filter { $0.id == event.id }.count
        }
        try await clock.sleep(for: duration)
        return try answer(event, seen)
    }
}

struct HandlerRefusal: Error {}

/// A flag a test's condition sets once.
final class Latch: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    var isSet: Bool { lock.withLock { value } }

    func set() {
        lock.withLock { value = true }
    }
}

/// A simulated queue service on a virtual clock, and consumers of its queue.
struct QueueConsumerHarness: Sendable {
    let clock = VirtualClock()
    let service: SimulatedMNSService
    let metrics = GuardianMetrics()
    let health = EventQueueHealth()
    let logs = CapturedLogs()
    let settings: EventQueueConfiguration

    /// A queue named `events` whose visibility timeout is `visibility`, as the consumers are configured.
    init(visibility: Duration = .seconds(60), waitSeconds: Int = 20, maximumDequeues: Int = 5) {
        service = SimulatedMNSService(clock: clock)
        service.createQueue(named: "events", visibilityTimeout: visibility)
        settings = EventQueueConfiguration(
            endpoint: service.endpoint, queue: "events", waitSeconds: waitSeconds, visibilityTimeout: visibility, maximumDequeues: maximumDequeues)
    }

    func consumer(_ handler: any QueuedEventHandler, clock: (any ECSClock)? = nil) throws -> EventQueueConsumer {
        let clock = clock ?? self.clock
        let queue = try MNSQueueClient(
            endpoint: settings.endpoint, queue: settings.queue, credentials: .static(accessKeyId: "testid", accessKeySecret: "testsecret"),
            transport: service.transport, configuration: .init(retryPolicy: .none, clock: clock))
        return EventQueueConsumer(
            regionId: "cn-hangzhou", queue: queue, settings: settings, handler: handler, metrics: metrics, health: health,
            clock: clock, logger: logs.logger)
    }

    /// A CloudMonitor interruption event's JSON for `instanceId`.
    static func event(_ instanceId: String, id: String? = nil) -> String {
        #"{"ver":"1.0","id":"\#(id ?? "event-" + instanceId)","product":"ECS","name":"Instance:PreemptibleInstanceInterruption","regionId":"cn-hangzhou","resourceId":"acs:ecs:cn-hangzhou:1:instance/\#(instanceId)","content":{"instanceId":"\#(instanceId)","action":"delete"}}"#
    }

    /// Sends `instanceId`'s event, base64-encoded as the official SDKs write bodies, visible after `delay`.
    @discardableResult
    func sendEvent(_ instanceId: String, delay: Duration = .zero) -> String? {
        service.send(Data(Self.event(instanceId).utf8).base64EncodedString(), to: "events", delay: delay)
    }

    /// What readiness reports because of the event queue (empty while it works): read synchronously, so that
    /// checking it never lets the virtual clock move.
    func queueReasons() -> [String] {
        health.problem.map { ["cn-hangzhou: \($0)"] } ?? []
    }

    /// One sample of the metrics, `nil` when absent.
    func metric(_ sample: String) -> Double? {
        GuardianHarness.metric(sample, in: metrics.prometheusText())
    }

    /// Runs `consumers` on the clock until `done` holds (checked every virtual second) or `limit` passes, then
    /// cancels them, as a killed process stops.
    @discardableResult
    func run(_ consumers: [EventQueueConsumer], limit: Duration = .seconds(600), until done: @escaping @Sendable () async -> Bool) async throws -> Bool {
        try await clock.run(timeout: limit + .seconds(60)) {
            try await withThrowingTaskGroup(of: Void.self, returning: Bool.self) { group in
                for consumer in consumers { group.addTask { await consumer.run() } }
                let deadline = clock.now.addingTimeInterval(limit.inSeconds)
                var reached = await done()
                while !reached, clock.now < deadline {
                    try await clock.sleep(for: .seconds(1))
                    reached = await done()
                }
                group.cancelAll()
                try await group.waitForAll()
                return reached
            }
        }
    }
}
