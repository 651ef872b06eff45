import AliyunECS
import AliyunECSTesting
import AliyunMNS
import Foundation
import SpotRecovery
import Testing

/// The in-memory MNS service, through the real queue client.
@Suite("Simulator: MNS queues")
struct MNSServiceTests {
    static func service(visibility: Duration = .seconds(30)) throws -> (SimulatedMNSService, MNSQueueClient, VirtualClock) {
        let clock = VirtualClock()
        let service = SimulatedMNSService(clock: clock)
        service.createQueue(named: "events", visibilityTimeout: visibility)
        return (service, try service.makeClient(queue: "events", retryPolicy: .none), clock)
    }

    /// The error of type `Failure` that `body` throws, or `nil` when it throws none (or another kind).
    static func thrown<Failure: Error>(_ type: Failure.Type, by body: () async throws -> some Any) async -> Failure? {
        do {
            _ = try await body()
            return nil
        } catch {
            return error as? Failure
        }
    }

    static func refusal(_ body: () async throws -> some Any) async -> MNSServiceError? {
        await thrown(MNSServiceError.self, by: body)
    }

    @Test("A received message is invisible for the visibility timeout, then comes back with a new handle and a higher count")
    func visibility() async throws {
        let (service, queue, clock) = try Self.service()
        service.send("one", to: "events")
        let first = try await queue.receiveMessages(max: 16, waitSeconds: 0)
        #expect(first.map(\.body) == ["one"])
        #expect(first.first?.dequeueCount == 1)
        #expect(try await queue.receiveMessages(max: 16, waitSeconds: 0).isEmpty)
        await clock.advance(by: .seconds(31))
        let second = try await queue.receiveMessages(max: 16, waitSeconds: 0)
        #expect(second.first?.messageId == first.first?.messageId)
        #expect(second.first?.dequeueCount == 2)
        #expect(second.first?.receiptHandle != first.first?.receiptHandle)
        // The first delivery's handle no longer works; the second's does.
        let stale = await #expect(throws: MNSServiceError.self) { try await queue.deleteMessage(receiptHandle: first[0].receiptHandle) }
        #expect(stale?.code == "ReceiptHandleError")
        try await queue.deleteMessage(receiptHandle: second[0].receiptHandle)
        #expect(service.messages(in: "events").isEmpty)
        let gone = await #expect(throws: MNSServiceError.self) { try await queue.deleteMessage(receiptHandle: second[0].receiptHandle) }
        #expect(gone?.code == "MessageNotExist")
    }

    @Test("Handles carry + / =, so they only work percent-encoded; the signed resource is what was sent")
    func handlesNeedEncoding() async throws {
        let (service, queue, _) = try Self.service()
        service.send("x", to: "events")
        let message = try #require(try await queue.receiveMessages(waitSeconds: 0).first)
        #expect(message.receiptHandle.contains("+"))
        #expect(message.receiptHandle.contains("/"))
        #expect(message.receiptHandle.hasSuffix("="))
        try await queue.deleteMessage(receiptHandle: message.receiptHandle)
        #expect(service.calls(of: "DeleteMessage").map(\.status) == [204])
    }

    @Test("ChangeMessageVisibility replaces the handle and counts from the call")
    func changeVisibility() async throws {
        let (service, queue, clock) = try Self.service()
        service.send("x", to: "events")
        let message = try #require(try await queue.receiveMessages(waitSeconds: 0).first)
        await clock.advance(by: .seconds(20))
        let change = try await queue.changeVisibility(receiptHandle: message.receiptHandle, visibilityTimeout: 60)
        #expect(change.receiptHandle != message.receiptHandle)
        #expect(change.nextVisibleTime == clock.now.addingTimeInterval(60))
        await clock.advance(by: .seconds(30))  // past the original 30 s
        #expect(try await queue.receiveMessages(waitSeconds: 0).isEmpty)
        let old = await #expect(throws: MNSServiceError.self) {
            try await queue.changeVisibility(receiptHandle: message.receiptHandle, visibilityTimeout: 10)
        }
        #expect(old?.code == "ReceiptHandleError")
        try await queue.deleteMessage(receiptHandle: change.receiptHandle)
        #expect(service.messages(in: "events").isEmpty)
    }

    @Test("A long poll waits on the clock for a message, and answers 'no message' when its time is up")
    func longPoll() async throws {
        let (service, queue, clock) = try Self.service()
        let started = clock.now
        let empty = try await clock.run { try await queue.receiveMessages(waitSeconds: 20) }
        #expect(empty.isEmpty)
        #expect(clock.now.timeIntervalSince(started) >= 20)
        service.send("late", to: "events", delay: .seconds(5))
        let pollStart = clock.now
        let late = try await clock.run { try await queue.receiveMessages(waitSeconds: 20) }
        #expect(late.map(\.body) == ["late"])
        #expect(clock.now.timeIntervalSince(pollStart) < 7)
        #expect(service.calls(of: "BatchReceiveMessage").count == 2, "one request per long poll, however long it waited")
    }

    @Test("Batch delete reports the handles it could not delete")
    func batchDelete() async throws {
        let (service, queue, _) = try Self.service()
        service.send("a", to: "events")
        service.send("b", to: "events")
        let messages = try await queue.receiveMessages(waitSeconds: 0)
        #expect(messages.count == 2)
        let failures = try await queue.deleteMessages(receiptHandles: messages.map(\.receiptHandle) + ["1-bogus"])
        #expect(failures.map(\.receiptHandle) == ["1-bogus"])
        #expect(failures.map(\.code) == ["ReceiptHandleError"])
        #expect(service.messages(in: "events").isEmpty)
    }

    @Test("Signatures, keys and dates are checked with MNS's codes; a missing queue is QueueNotExist")
    func refusals() async throws {
        let clock = VirtualClock()
        let service = SimulatedMNSService(clock: clock)
        service.createQueue(named: "events")
        let wrongSecret = try MNSQueueClient(
            endpoint: service.endpoint, queue: "events", credentials: .static(accessKeyId: "testid", accessKeySecret: "nope"),
            transport: service.transport, configuration: .init(retryPolicy: .none, clock: clock))
        #expect(await Self.refusal { try await wrongSecret.receiveMessages(waitSeconds: 0) }?.code == "SignatureDoesNotMatch")
        let unknownKey = try MNSQueueClient(
            endpoint: service.endpoint, queue: "events", credentials: .static(accessKeyId: "other", accessKeySecret: "testsecret"),
            transport: service.transport, configuration: .init(retryPolicy: .none, clock: clock))
        #expect(await Self.refusal { try await unknownKey.receiveMessages(waitSeconds: 0) }?.code == "InvalidAccessKeyId")
        let skewed = try MNSQueueClient(
            endpoint: service.endpoint, queue: "events", credentials: .static(accessKeyId: "testid", accessKeySecret: "testsecret"),
            transport: service.transport, configuration: .init(retryPolicy: .none, clock: VirtualClock(start: clock.now.addingTimeInterval(1000))))
        #expect(await Self.refusal { try await skewed.receiveMessages(waitSeconds: 0) }?.code == "TimeExpired")
        let missing = try service.makeClient(queue: "other", retryPolicy: .none)
        let error = await #expect(throws: MNSServiceError.self) { try await missing.receiveMessages(waitSeconds: 0) }
        #expect(error?.code == "QueueNotExist")
        #expect(error?.httpStatus == 404)
    }

    @Test("An STS key needs its token, sent as security-token")
    func securityToken() async throws {
        let clock = VirtualClock()
        let key = ECSCredentials(accessKeyId: "STS.key", accessKeySecret: "s", securityToken: "the-token")
        let service = SimulatedMNSService(configuration: .init(credentials: [key]), clock: clock)
        service.createQueue(named: "events")
        #expect(try await service.makeClient(queue: "events").receiveMessages(waitSeconds: 0).isEmpty)
        let tokenless = try MNSQueueClient(
            endpoint: service.endpoint, queue: "events", credentials: .static(accessKeyId: "STS.key", accessKeySecret: "s"),
            transport: service.transport, configuration: .init(retryPolicy: .none, clock: clock))
        #expect(await Self.refusal { try await tokenless.receiveMessages(waitSeconds: 0) }?.code == "AccessDenied")
    }

    @Test("A sent message is received as sent, XML characters included", arguments: ["plain", #"{"a": "<&>\"'"}"#, "  spaced\n\tlines\r\n"])
    func sendAndReceive(body: String) async throws {
        let (_, queue, _) = try Self.service()
        let sent = try await queue.sendMessage(body: body)
        let received = try await queue.receiveMessages(waitSeconds: 0)
        #expect(received.map(\.messageId) == [sent.messageId])
        #expect(received.first?.body == body)
    }

    @Test("A region's interruptions are published into the queue as CloudMonitor events, once each, when they happen",
          arguments: SimulatedEventEncoding.allCases)
    func publishedInterruptions(encoding: SimulatedEventEncoding) async throws {
        let clock = VirtualClock()
        let region = SimulatedRegion(clock: clock)
        let ids = region.addInstances(count: 2)
        let service = SimulatedMNSService(region: region)
        service.createQueue(named: "events")
        service.publishInterruptions(of: region, to: "events", encoding: encoding)
        region.scheduleInterruption(of: [ids[1]], after: .seconds(60))
        let queue = try service.makeClient(queue: "events")
        #expect(service.messages(in: "events").isEmpty)
        // A long poll started before the interruption receives it when it happens.
        let started = clock.now
        let messages = try await clock.run { try await queue.receiveMessages(waitSeconds: 30) }
        let waited = clock.now.timeIntervalSince(started)
        #expect(messages.isEmpty && waited >= 30)
        let next = try await clock.run { try await queue.receiveMessages(waitSeconds: 30) }
        #expect(next.count == 1)
        #expect((60...62).contains(clock.now.timeIntervalSince(started)))
        let message = try #require(next.first)
        #expect(message.body.hasPrefix("{") == (encoding == .json))
        let event = try InterruptionEventParser.parse(Array(message.body.utf8))
        #expect(event.instanceId == ids[1])
        #expect(event.source == .cloudMonitor)
        #expect(event.id == region.announcedInterruptions.first?.eventId)
        try await queue.deleteMessage(receiptHandle: message.receiptHandle)
        await clock.advance(by: .seconds(600))
        #expect(service.messages(in: "events").isEmpty, "published once, not again on later looks")
    }

    @Test("Faults answer the next matching requests after the signature check")
    func faults() async throws {
        let (service, queue, _) = try Self.service()
        service.inject(.internalError(action: "BatchReceiveMessage", times: 2))
        service.inject(SimulatedMNSFault(action: "DeleteMessage", effect: .rawBody(status: 502, contentType: "text/html", body: "<html>bad")))
        #expect(await Self.refusal { try await queue.receiveMessages(waitSeconds: 0) }?.code == "InternalError")
        #expect(await Self.refusal { try await queue.receiveMessages(waitSeconds: 0) }?.httpStatus == 500)
        #expect(try await queue.receiveMessages(waitSeconds: 0).isEmpty)
        #expect(await Self.thrown(ECSClientError.self) { try await queue.deleteMessage(receiptHandle: "1-x") }?.httpStatus == 502)
    }
}
