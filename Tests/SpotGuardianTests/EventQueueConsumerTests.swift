import AliyunECS
import AliyunECSTesting
import AliyunMNS
import Foundation
import ServiceLifecycleTestKit
@testable import SpotGuardian
import SpotRecovery
import Testing

/// The MNS queue consumer, at least once, on the virtual clock with the simulated queue service.
@Suite("Event queue consumer", .timeLimit(.minutes(2)))
struct EventQueueConsumerTests {
    @Test("A message is deleted only after its event is handled, and counted by outcome")
    func handledThenDeleted() async throws {
        let harness = QueueConsumerHarness()
        harness.sendEvent("i-one")
        let handler = FakeQueuedEventHandler(clock: harness.clock) { event, _ in event.instanceId == "i-one" ? .recovered : .duplicate }
        let done = try await harness.run([harness.consumer(handler)]) { harness.service.messages(in: "events").isEmpty }
        #expect(done)
        #expect(handler.events.map(\.instanceId) == ["i-one"])
        #expect(harness.metric(#"spot_guardian_queue_messages_total{region="cn-hangzhou",outcome="recovered"}"#) == 1)
        // Deleted after the handler returned, not before: the delete came at least the handler's second later.
        let receive = try #require(harness.service.calls(of: "BatchReceiveMessage").first { $0.status == 200 })
        let delete = try #require(harness.service.calls(of: "DeleteMessage").first)
        #expect(delete.time.timeIntervalSince(receive.time) >= 1)
    }

    @Test("Killed before the delete, the message comes back after the visibility timeout and is handled again, then deleted")
    func killedBeforeDelete() async throws {
        let harness = QueueConsumerHarness(visibility: .seconds(60))
        harness.sendEvent("i-kill")
        let slow = FakeQueuedEventHandler(clock: harness.clock, takes: .seconds(20))
        // The first replica is killed 10 s into the handling.
        _ = try await harness.run([harness.consumer(slow)], limit: .seconds(10)) { false }
        #expect(slow.events.count == 1)
        let left = try #require(harness.service.messages(in: "events").first)
        #expect(left.dequeueCount == 1)
        #expect(harness.service.calls(of: "DeleteMessage").isEmpty)

        let restarted = FakeQueuedEventHandler(clock: harness.clock) { _, _ in .duplicate }
        let done = try await harness.run([harness.consumer(restarted)]) { harness.service.messages(in: "events").isEmpty }
        #expect(done)
        #expect(restarted.events.map(\.instanceId) == ["i-kill"])
        let redelivered = try #require(restarted.started.first)
        #expect(redelivered.timeIntervalSince(left.enqueueTime) >= 60, "not before the visibility timeout ran out")
        #expect(harness.metric(#"spot_guardian_queue_messages_total{region="cn-hangzhou",outcome="duplicate"}"#) == 1)
    }

    @Test("A handler longer than the visibility timeout has it extended: one handling, even with a second consumer polling")
    func extended() async throws {
        let harness = QueueConsumerHarness(visibility: .seconds(30))
        harness.sendEvent("i-slow")
        let slow = FakeQueuedEventHandler(clock: harness.clock, takes: .seconds(100))
        let other = FakeQueuedEventHandler(clock: harness.clock)
        let done = try await harness.run([harness.consumer(slow), harness.consumer(other)]) {
            harness.service.messages(in: "events").isEmpty
        }
        #expect(done)
        #expect(slow.events.count + other.events.count == 1, "handled once in all")
        let changes = harness.service.calls(of: "ChangeMessageVisibility")
        #expect(changes.count >= 3)
        #expect(changes.allSatisfy { $0.status == 200 })
        // The delete used the handle of the last extension.
        #expect(harness.service.calls(of: "DeleteMessage").map(\.status) == [204])
    }

    @Test("Poison is deleted at once and counted; the loop goes on to the good event")
    func poison() async throws {
        let harness = QueueConsumerHarness()
        harness.service.send("not json at all", to: "events")
        harness.service.send(Data(#"{"name":"Instance:StateChange","product":"ECS","content":{"instanceId":"i-x"}}"#.utf8).base64EncodedString(), to: "events")
        harness.service.send(#"{"specversion":"1.0","type":"ecs:Instance:StateChange","id":"e","data":{}}"#, to: "events")
        harness.service.send("eyJub3QiOiAiYW4gZXZlbnQifQ==", to: "events")  // base64 of {"not": "an event"}
        harness.service.send(QueueConsumerHarness.event("i-good"), to: "events")  // raw JSON is read too
        let handler = FakeQueuedEventHandler(clock: harness.clock)
        let done = try await harness.run([harness.consumer(handler)]) { harness.service.messages(in: "events").isEmpty }
        #expect(done)
        #expect(handler.events.map(\.instanceId) == ["i-good"])
        #expect(harness.metric(#"spot_guardian_queue_messages_total{region="cn-hangzhou",outcome="poison"}"#) == 4)
        #expect(harness.metric(#"spot_guardian_queue_messages_total{region="cn-hangzhou",outcome="recovered"}"#) == 1)
    }

    @Test("A message that keeps failing is handled maximumDequeues times, then deleted with an error log (gave_up)")
    func maximumDequeues() async throws {
        let harness = QueueConsumerHarness(visibility: .seconds(10), maximumDequeues: 3)
        harness.sendEvent("i-stuck")
        let failing = FakeQueuedEventHandler(clock: harness.clock) { _, _ in throw HandlerRefusal() }
        let done = try await harness.run([harness.consumer(failing)]) { harness.service.messages(in: "events").isEmpty }
        #expect(done)
        #expect(failing.events.count == 3)
        #expect(harness.metric(#"spot_guardian_queue_messages_total{region="cn-hangzhou",outcome="gave_up"}"#) == 1)
        let line = try #require(harness.logs.lines.first { $0.message.contains("gave_up") })
        #expect(line.level == .error)
        #expect(line.metadata["spot.instance"] == "i-stuck")
        #expect(line.metadata["mns.dequeue_count"] == "4")
    }

    @Test("Two consumers on one queue share the messages: each event handled once, by one of them")
    func twoConsumers() async throws {
        let harness = QueueConsumerHarness(visibility: .seconds(60))
        let first = FakeQueuedEventHandler(clock: harness.clock, takes: .seconds(7))
        let second = FakeQueuedEventHandler(clock: harness.clock, takes: .seconds(7))
        let instances = (1...8).map { "i-shared-\($0)" }
        for (index, instance) in instances.enumerated() {
            harness.sendEvent(instance, delay: .seconds(3 * index))
        }
        let done = try await harness.run([harness.consumer(first), harness.consumer(second)]) {
            first.events.count + second.events.count == instances.count && harness.service.messages(in: "events").isEmpty
        }
        #expect(done)
        let handled = (first.events + second.events).map(\.instanceId)
        #expect(handled.sorted() == instances.sorted())
        #expect(!first.events.isEmpty)
        #expect(!second.events.isEmpty)
    }

    @Test("An empty queue is long-polled, never hammered")
    func emptyQueue() async throws {
        let harness = QueueConsumerHarness(waitSeconds: 20)
        let handler = FakeQueuedEventHandler(clock: harness.clock)
        try await harness.run([harness.consumer(handler)], limit: .seconds(200)) { false }
        let receives = harness.service.calls(of: "BatchReceiveMessage")
        #expect((9...11).contains(receives.count))
    }

    @Test("An empty answer that comes at once (too many long polls) is followed by a pause")
    func immediateEmptyAnswers() async throws {
        let harness = QueueConsumerHarness(waitSeconds: 20)
        harness.service.inject(SimulatedMNSFault(
            action: "BatchReceiveMessage", effect: .error(status: 404, code: "MessageNotExist", message: "Message not exist."), times: 1000))
        let handler = FakeQueuedEventHandler(clock: harness.clock)
        try await harness.run([harness.consumer(handler)], limit: .seconds(30)) { false }
        #expect(harness.service.calls(of: "BatchReceiveMessage").count <= 31)
    }

    @Test("Receive errors back off, count by code and mark the region not ready; it recovers by itself",
          arguments: [("AccessDenied", 403), ("InternalError", 500)])
    func receiveErrors(code: String, status: Int) async throws {
        let harness = QueueConsumerHarness()
        harness.service.inject(SimulatedMNSFault(action: "BatchReceiveMessage", effect: .error(status: status, code: code, message: "refused"), times: 4))
        harness.sendEvent("i-after")
        let handler = FakeQueuedEventHandler(clock: harness.clock)
        let wasNotReady = Latch()
        let reasonsSeen = Latch()
        let recovered = try await harness.run([harness.consumer(handler)], limit: .seconds(120)) {
            let reasons = harness.queueReasons()
            if !reasons.isEmpty {
                wasNotReady.set()
                if reasons.contains(where: { $0.contains("cn-hangzhou: the event queue") && $0.contains(code) }) { reasonsSeen.set() }
                return false
            }
            return wasNotReady.isSet && harness.service.messages(in: "events").isEmpty
        }
        #expect(recovered)
        #expect(reasonsSeen.isSet, "the reason names the region and the code")
        #expect(handler.events.map(\.instanceId) == ["i-after"])
        #expect(harness.metric(#"spot_guardian_queue_receive_errors_total{region="cn-hangzhou",code="\#(code)"}"#) == 4)
        // The pauses double: 1, 2, 4 s between the failed receives.
        let failed = harness.service.calls(of: "BatchReceiveMessage").filter { $0.code == code }.map(\.time)
        let gaps = zip(failed.dropFirst(), failed).map { Int($0.timeIntervalSince($1).rounded()) }
        #expect(gaps == [1, 2, 4])
    }

    @Test("A queue that does not exist is a receive error (QueueNotExist) until it is created")
    func missingQueue() async throws {
        let harness = QueueConsumerHarness()
        harness.service.deleteQueue(named: "events")
        let handler = FakeQueuedEventHandler(clock: harness.clock)
        let consumer = try harness.consumer(handler)
        #expect(try await harness.run([consumer], limit: .seconds(10)) { !harness.queueReasons().isEmpty })
        #expect(harness.metric(#"spot_guardian_queue_receive_errors_total{region="cn-hangzhou",code="QueueNotExist"}"#) ?? 0 >= 1)
        harness.service.createQueue(named: "events")
        harness.sendEvent("i-late")
        #expect(try await harness.run([consumer], limit: .seconds(200)) { harness.service.messages(in: "events").isEmpty })
        #expect(harness.queueReasons().isEmpty)
    }

    @Test("/readyz names the failing event queue of a region, and is ready again once it answers")
    func readiness() async {
        let readiness = GuardianReadiness(regions: ["cn-hangzhou"])
        await readiness.record(credentialsResolved: true, region: "cn-hangzhou")
        await readiness.record(poll: .success(Date()), region: "cn-hangzhou")
        let health = EventQueueHealth()
        await readiness.watch(health, region: "cn-hangzhou")
        #expect(await readiness.reasons() == nil)
        health.record(problem: "the event queue cannot be read (AccessDenied)")
        #expect(await readiness.reasons() == ["cn-hangzhou: the event queue cannot be read (AccessDenied)"])
        health.record(problem: nil)
        #expect(await readiness.reasons() == nil)
    }

    @Test("Graceful shutdown stops receiving, lets the handler in flight finish and deletes its message")
    func gracefulShutdown() async throws {
        let harness = QueueConsumerHarness()
        harness.sendEvent("i-inflight")
        let handler = FakeQueuedEventHandler(clock: harness.clock, takes: .seconds(30))
        let consumer = try harness.consumer(handler)
        try await harness.clock.run {
            await testGracefulShutdown { trigger in
                await withTaskGroup(of: Void.self) { group in
                    group.addTask { await consumer.run() }
                    try? await harness.clock.sleep(for: .seconds(5))
                    trigger.triggerGracefulShutdown()
                    await group.waitForAll()
                }
            }
        }
        #expect(handler.events.count == 1)
        #expect(harness.service.messages(in: "events").isEmpty, "the handled message was deleted")
        let receives = harness.service.calls(of: "BatchReceiveMessage")
        #expect(receives.count <= 2, "no receive after the shutdown")
    }
}
