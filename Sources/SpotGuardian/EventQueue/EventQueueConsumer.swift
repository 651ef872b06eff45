import AliyunECS
import AliyunMNS
import Foundation
import Logging
import ServiceLifecycle
import SpotRecovery

/// Consumes one region's MNS event queue, at least once: long-polls it, hands each interruption event to a
/// ``QueuedEventHandler``, and deletes a message only once the handler has returned.
///
/// - A batch's messages are handled concurrently; the next receive waits until the whole batch is done.
/// - While a handler runs past half the visibility timeout, the message's visibility is extended with
///   ChangeMessageVisibility (each new receipt handle replaces the old one), so no other consumer receives it
///   meanwhile.
/// - A handler that throws leaves its message to reappear after the visibility timeout; a process killed at
///   any point does too. A message received more than `maximumDequeues` times is deleted unhandled with an
///   error log (`gave_up`).
/// - Poison (not JSON, not an interruption event, not base64 of one) is deleted at once and counted.
/// - Receive errors (a refused key, a missing queue, 5xx after the client's retries) are counted by code, mark
///   the region not ready with the reason, and are followed by a pause that doubles from 1 s to 1 minute;
///   the first receive that works makes it ready again. Nothing stops the loop but shutdown.
/// - On graceful shutdown it stops receiving (a long poll in flight is abandoned), lets the handlers in
///   flight finish and deletes their messages; cancellation stops them, leaving their messages to reappear.
package final class EventQueueConsumer: Sendable {
    let regionId: String
    let queue: MNSQueueClient
    let settings: EventQueueConfiguration
    let handler: any QueuedEventHandler
    let metrics: GuardianMetrics
    let health: EventQueueHealth
    let clock: any ECSClock
    let logger: Logger

    /// The pause after the first failed receive; it doubles up to ``longestErrorPause``.
    static let firstErrorPause = Duration.seconds(1)
    static let longestErrorPause = Duration.seconds(60)
    /// The pause after an empty answer that came back at once (MNS answers so when too many long polls are
    /// open), so that an empty queue is never hammered.
    static let emptyAnswerPause = Duration.seconds(1)

    /// Creates a consumer.
    /// - Parameters:
    ///   - regionId: The region, for logs, metrics and readiness.
    ///   - queue: The queue client (its retries apply to every call).
    ///   - settings: Wait, visibility timeout and the dequeue limit.
    ///   - handler: What confirms and acts on each event.
    ///   - metrics: Where `spot_guardian_queue_*` are counted.
    ///   - health: Where receive failures are recorded for readiness (see ``GuardianReadiness/watch(_:region:)``).
    ///   - clock: The time source of pauses and visibility extensions (the queue client's own, usually).
    ///   - logger: Where to log.
    package init(
        regionId: String, queue: MNSQueueClient, settings: EventQueueConfiguration, handler: any QueuedEventHandler,
        metrics: GuardianMetrics, health: EventQueueHealth, clock: any ECSClock, logger: Logger
    ) {
        self.regionId = regionId
        self.queue = queue
        self.settings = settings
        self.handler = handler
        self.metrics = metrics
        self.health = health
        self.clock = clock
        var logger = logger
        logger[metadataKey: "spot.region"] = "\(regionId)"
        logger[metadataKey: "mns.queue"] = "\(queue.queueName)"
        self.logger = logger
    }

    /// Receives and handles messages until graceful shutdown or cancellation.
    package func run() async {
        logger.info("Consuming the event queue", metadata: ["mns.endpoint": "\(queue.endpoint)"])
        var pause = Self.firstErrorPause
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let started = clock.now
            let messages: [MNSMessage]
            do {
                guard let received = try await unlessGracefulShutdown({
                    try await self.queue.receiveMessages(max: MNSQueueClient.maximumBatchSize, waitSeconds: self.settings.waitSeconds)
                }) else { break }
                messages = received
            } catch is CancellationError {
                break
            } catch {
                let code = Self.code(of: error)
                metrics.queueReceiveError(region: regionId, code: code)
                health.record(problem: "the event queue cannot be read (\(code))")
                logger.error("Receiving from the event queue failed; trying again in \(pause)", metadata: [
                    "spot.error": "\(error)", "mns.code": "\(code)",
                ])
                guard await rest(pause) else { break }
                pause = min(pause * 2, Self.longestErrorPause)
                continue
            }
            if pause != Self.firstErrorPause {
                logger.info("The event queue answers again")
            }
            pause = Self.firstErrorPause
            health.record(problem: nil)
            guard !messages.isEmpty else {
                if clock.now.timeIntervalSince(started) < Self.emptyAnswerPause.inSeconds {
                    guard await rest(Self.emptyAnswerPause) else { break }
                }
                continue
            }
            await withTaskGroup(of: Void.self) { group in
                for message in messages {
                    group.addTask { await self.process(message) }
                }
            }
        }
        logger.info("Stopped consuming the event queue")
    }

    /// Sleeps on the clock; `false` when shutdown or cancellation cut the sleep short.
    private func rest(_ duration: Duration) async -> Bool {
        let clock = clock
        return (try? await unlessGracefulShutdown { try await clock.sleep(for: duration) }) != nil
    }

    /// The `code` label of a receive error: MNS's error code, or the client's kind of failure.
    static func code(of error: any Error) -> String {
        switch error {
        case let service as MNSServiceError: service.code
        case let client as ECSClientError: client.kind.description
        case let transport as ECSTransportError: transport.kind.description
        default: "unknown"
        }
    }
}
