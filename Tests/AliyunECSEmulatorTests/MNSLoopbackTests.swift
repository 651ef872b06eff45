import AliyunECS
import AliyunECSEmulator
import AliyunECSTesting
import AliyunMNS
import Foundation
import Testing

/// The MNS queue client over both real transports against the emulator, which serves the simulated queue
/// service beside the region and checks every signature.
@Suite("MNS over loopback", .timeLimit(.minutes(1)))
struct MNSLoopbackTests {
    static func queueClient(_ endpoint: ECSEmulatorEndpoint, transport: TransportKind, secret: String = Emulator.secret) throws -> MNSQueueClient {
        try MNSQueueClient(
            endpoint: endpoint.url, queue: "spot-events", credentials: .static(accessKeyId: Emulator.keyId, accessKeySecret: secret),
            transport: transport.make(connectTimeout: .seconds(40), requestTimeout: .seconds(50)),
            configuration: .init(retryPolicy: .none))
    }

    @Test("Send, receive, change visibility and delete, with handles that need encoding", arguments: TransportKind.allCases)
    func roundTrip(transport: TransportKind) async throws {
        let region = SimulatedRegion(clock: SystemClock())
        let queues = SimulatedMNSService(region: region)
        queues.createQueue(named: "spot-events", visibilityTimeout: .seconds(30))
        try await ECSEmulatorServer.withRunningServer(region: region, messageQueues: queues) { endpoint in
            let queue = try Self.queueClient(endpoint, transport: transport)
            let sent = try await queue.sendMessage(body: #"{"a": "<&> +/="}"#)
            let received = try await queue.receiveMessages(max: 16, waitSeconds: 1)
            #expect(received.map(\.messageId) == [sent.messageId])
            let message = try #require(received.first)
            #expect(message.body == #"{"a": "<&> +/="}"#)
            #expect(message.receiptHandle.contains("+") && message.receiptHandle.contains("/"))
            let change = try await queue.changeVisibility(receiptHandle: message.receiptHandle, visibilityTimeout: 60)
            #expect(change.receiptHandle != message.receiptHandle)
            try await queue.deleteMessage(receiptHandle: change.receiptHandle)
            #expect(queues.messages(in: "spot-events").isEmpty)
            #expect(queues.calls.map(\.status) == [201, 200, 200, 204])
            // ECS requests still reach the region on the same port.
            let ecs = try Emulator.client(endpoint, transport: transport)
            _ = try await ecs.describeInstances(DescribeInstancesRequest())
            #expect(region.calls.count == 1)
        }
    }

    @Test("A long poll waits on the server and comes back empty, within the transport's timeouts", arguments: TransportKind.allCases)
    func longPoll(transport: TransportKind) async throws {
        let region = SimulatedRegion(clock: SystemClock())
        let queues = SimulatedMNSService(configuration: .init(longPollInterval: .milliseconds(100)), clock: SystemClock())
        queues.createQueue(named: "spot-events")
        try await ECSEmulatorServer.withRunningServer(region: region, messageQueues: queues) { endpoint in
            let queue = try Self.queueClient(endpoint, transport: transport)
            let started = ContinuousClock.now
            #expect(try await queue.receiveMessages(max: 16, waitSeconds: 2).isEmpty)
            #expect(ContinuousClock.now - started >= .seconds(1.9))
            // A message sent during a poll is delivered by it.
            async let late: Void = {
                try await Task.sleep(for: .milliseconds(300))
                queues.send("late", to: "spot-events")
            }()
            let messages = try await queue.receiveMessages(max: 16, waitSeconds: 5)
            try await late
            #expect(messages.map(\.body) == ["late"])
        }
    }

    @Test("Batch delete over HTTP reports the stale handle and deletes the rest", arguments: TransportKind.allCases)
    func batchDelete(transport: TransportKind) async throws {
        let region = SimulatedRegion(clock: SystemClock())
        let queues = SimulatedMNSService(region: region)
        queues.createQueue(named: "spot-events")
        for body in ["a", "b", "c"] { queues.send(body, to: "spot-events") }
        try await ECSEmulatorServer.withRunningServer(region: region, messageQueues: queues) { endpoint in
            let queue = try Self.queueClient(endpoint, transport: transport)
            let messages = try await queue.receiveMessages(max: 16, waitSeconds: 0)
            #expect(messages.count == 3)
            let failures = try await queue.deleteMessages(receiptHandles: messages.map(\.receiptHandle) + ["9-c3RhbGU+/w=="])
            #expect(failures.map(\.receiptHandle) == ["9-c3RhbGU+/w=="])
            #expect(queues.messages(in: "spot-events").isEmpty)
        }
    }

    @Test("A wrong secret is SignatureDoesNotMatch from the server; a missing queue is QueueNotExist", arguments: TransportKind.allCases)
    func refusals(transport: TransportKind) async throws {
        let region = SimulatedRegion(clock: SystemClock())
        let queues = SimulatedMNSService(region: region)
        try await ECSEmulatorServer.withRunningServer(region: region, messageQueues: queues) { endpoint in
            let wrong = try Self.queueClient(endpoint, transport: transport, secret: "not-the-secret")
            let refused = await #expect(throws: MNSServiceError.self) { try await wrong.receiveMessages(waitSeconds: 0) }
            #expect(refused?.code == "SignatureDoesNotMatch")
            #expect(refused?.httpStatus == 403)
            #expect(refused?.requestId != nil)
            let missing = await #expect(throws: MNSServiceError.self) {
                try await Self.queueClient(endpoint, transport: transport).receiveMessages(waitSeconds: 0)
            }
            #expect(missing?.code == "QueueNotExist")
        }
    }

    @Test("A region's interruption is published into the served queue and read as a CloudMonitor event", arguments: TransportKind.allCases)
    func publishedInterruption(transport: TransportKind) async throws {
        let region = SimulatedRegion(clock: SystemClock())
        let ids = region.addInstances(count: 1)
        let queues = SimulatedMNSService(region: region)
        queues.createQueue(named: "spot-events")
        queues.publishInterruptions(of: region, to: "spot-events")
        region.scheduleInterruption(of: ids, after: .zero)
        try await ECSEmulatorServer.withRunningServer(region: region, messageQueues: queues) { endpoint in
            let queue = try Self.queueClient(endpoint, transport: transport)
            let message = try #require(try await queue.receiveMessages(waitSeconds: 1).first)
            let json = try #require(Data(base64Encoded: message.body))
            let event = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
            #expect(event["name"] as? String == "Instance:PreemptibleInstanceInterruption")
            #expect((event["content"] as? [String: Any])?["instanceId"] as? String == ids[0])
        }
    }
}
