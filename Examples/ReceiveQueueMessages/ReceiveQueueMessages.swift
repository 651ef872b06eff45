import AliyunECS
import AliyunECSAsyncHTTPClient
import AliyunMNS
import ArgumentParser
import ExampleSupport
import Foundation
import Logging

/// Receives messages from an MNS queue with `MNSQueueClient` and prints one JSON line per message: what
/// spot-guardian's queue consumer reads, for looking at a queue by hand.
///
/// ```
/// swift run ECSEmulator --port 8080 --interrupt-after 20 --event-queue spot-events &
/// ALIBABA_CLOUD_ACCESS_KEY_ID=testid ALIBABA_CLOUD_ACCESS_KEY_SECRET=testsecret \
///   swift run ReceiveQueueMessages --endpoint http://127.0.0.1:8080 --queue spot-events --delete
/// ```
@main
struct ReceiveQueueMessages: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ReceiveQueueMessages",
        abstract: "Receive (and optionally delete) messages from an MNS queue; one JSON line per message.")

    @Option(help: "The account's MNS endpoint, e.g. https://<account-id>.mns.<region>.aliyuncs.com.")
    var endpoint: String

    @Option(help: "The queue's name.")
    var queue: String

    @Option(help: "Seconds each receive waits for a message (0-30).")
    var wait = 20

    @Option(help: "Keep receiving until this many messages were printed (default: one receive).")
    var count: Int?

    @Flag(help: "Delete each message after printing it.")
    var delete = false

    struct Printed: Encodable {
        var messageId: String
        var dequeueCount: Int
        var body: String
        var decodedBody: String?
    }

    func run() async throws {
        ExampleContext.bootstrapLogging()
        let transport: any ECSTransport = ProcessInfo.processInfo.environment["ECS_TRANSPORT"]?.lowercased() == "asynchttpclient"
            ? AsyncHTTPClientTransport() : MNSQueueClient.defaultTransport
        do {
            let client = try MNSQueueClient(
                endpoint: endpoint, queue: queue, transport: transport, logger: Logger(label: "aliyun.mns"))
            var printed = 0
            repeat {
                let messages = try await client.receiveMessages(max: 16, waitSeconds: wait)
                if messages.isEmpty { ExampleOutput.errorLine("no message within \(wait) s") }
                for message in messages {
                    let decoded = Data(base64Encoded: message.body).map { String(decoding: $0, as: UTF8.self) }
                    try ExampleOutput.json(Printed(
                        messageId: message.messageId, dequeueCount: message.dequeueCount, body: message.body, decodedBody: decoded))
                    if delete { try await client.deleteMessage(receiptHandle: message.receiptHandle) }
                    printed += 1
                }
            } while count.map { printed < $0 } ?? false
        } catch {
            ExampleOutput.errorLine(ExampleOutput.describe(error))
            throw ExitCode.failure
        }
    }
}
