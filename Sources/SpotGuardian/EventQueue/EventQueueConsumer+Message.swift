import AliyunECS
import AliyunMNS
import Foundation
import Logging
import SpotRecovery

extension EventQueueConsumer {
    /// What a message's handling needs next: the handler's answer, or time to extend the visibility.
    private enum Step: Sendable {
        case handled(Result<QueuedEventOutcome, any Error>)
        case extensionDue
    }

    /// Handles one message: poison and exhausted messages are deleted at once; an event is handed to the
    /// handler, its visibility extended while the handler runs, and the message deleted once it returned.
    func process(_ message: MNSMessage) async {
        var logger = logger
        logger[metadataKey: "mns.message_id"] = "\(message.messageId)"
        logger[metadataKey: "mns.dequeue_count"] = "\(message.dequeueCount)"
        let event: InterruptionEvent
        do {
            event = try InterruptionEventParser.parse(Array(message.body.utf8))
        } catch {
            logger.warning("Deleting a message that is not an interruption event", metadata: ["spot.reason": "\(error.kind)"])
            metrics.queueMessage(region: regionId, outcome: "poison")
            await delete(message.receiptHandle, logger: logger)
            return
        }
        logger[metadataKey: "spot.instance"] = "\(event.instanceId)"
        logger[metadataKey: "spot.event_id"] = "\(event.id)"
        guard message.dequeueCount <= settings.maximumDequeues else {
            logger.error("Giving up on an event received more than \(settings.maximumDequeues) times; deleting it unhandled (gave_up)")
            metrics.queueMessage(region: regionId, outcome: "gave_up")
            await delete(message.receiptHandle, logger: logger)
            return
        }
        var receiptHandle = message.receiptHandle
        var extending = true
        let outcome: Result<QueuedEventOutcome, any Error> = await withTaskGroup(of: Step.self) { group in
            let handler = handler
            group.addTask {
                do {
                    return .handled(.success(try await handler.handle(event)))
                } catch {
                    return .handled(.failure(error))
                }
            }
            let (clock, firstDelay) = (clock, firstExtensionDelay(for: message))
            group.addTask { await Self.wait(firstDelay, on: clock) }
            while let step = await group.next() {
                switch step {
                case .handled(let result):
                    group.cancelAll()
                    return result
                case .extensionDue:
                    guard extending else { continue }
                    // Done here rather than in a child task, so that the handler's end never cancels a change in
                    // flight, whose new receipt handle would be lost.
                    extending = await extendVisibility(of: &receiptHandle, logger: logger)
                    if extending {
                        let interval = settings.visibilityTimeout / 2
                        group.addTask { await Self.wait(interval, on: clock) }
                    }
                }
            }
            return .failure(CancellationError())
        }
        switch outcome {
        case .success(let outcome):
            if case .harmless(let reason) = outcome {
                logger.info("The event needs nothing; deleting it", metadata: ["spot.reason": "\(reason)"])
            } else {
                logger.info("The event is handled; deleting it", metadata: ["spot.outcome": "\(outcome.metricLabel)"])
            }
            metrics.queueMessage(region: regionId, outcome: outcome.metricLabel)
            await delete(receiptHandle, logger: logger)
        case .failure(let error) where error is CancellationError || Task.isCancelled:
            logger.info("Stopped before the event was handled; it will be delivered again")
        case .failure(let error):
            logger.warning("The event could not be handled now; it will be delivered again", metadata: ["spot.error": "\(error)"])
        }
    }

    /// Half the time the message has left before it becomes visible again (as the receive said, or the
    /// configured visibility timeout when it did not say).
    private func firstExtensionDelay(for message: MNSMessage) -> Duration {
        let configured = settings.visibilityTimeout
        guard let visible = message.nextVisibleTime else { return configured / 2 }
        let remaining = Duration.seconds(fractional: visible.timeIntervalSince(clock.now))
        return max(min(remaining, configured), .milliseconds(500)) / 2
    }

    private static func wait(_ duration: Duration, on clock: any ECSClock) async -> Step {
        try? await clock.sleep(for: duration)
        return .extensionDue
    }

    /// Extends the message's visibility by the configured timeout, replacing `receiptHandle` with the new
    /// one; `false` when the handle no longer works (another delivery has it), so extending stops.
    private func extendVisibility(of receiptHandle: inout String, logger: Logger) async -> Bool {
        let seconds = Int(settings.visibilityTimeout.inSeconds.rounded(.up))
        do {
            let change = try await queue.changeVisibility(receiptHandle: receiptHandle, visibilityTimeout: seconds)
            receiptHandle = change.receiptHandle
            logger.debug("Extended the message's visibility", metadata: ["mns.visibility_seconds": "\(seconds)"])
            return true
        } catch let error as MNSServiceError where error.code == "ReceiptHandleError" || error.code == "MessageNotExist" {
            logger.warning("The message's visibility can no longer be extended; it may be delivered again", metadata: ["mns.code": "\(error.code)"])
            return false
        } catch {
            // Transient (the client retried already): try again at the next tick.
            logger.warning("Extending the message's visibility failed", metadata: ["spot.error": "\(error)"])
            return true
        }
    }

    /// Deletes a message; a failure leaves it to be delivered again (and found a duplicate then).
    private func delete(_ receiptHandle: String, logger: Logger) async {
        do {
            try await queue.deleteMessage(receiptHandle: receiptHandle)
        } catch {
            logger.warning("Deleting the message failed; it will be delivered again", metadata: ["spot.error": "\(error)"])
        }
    }
}
