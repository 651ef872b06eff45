import AliyunECS
import Foundation
import Logging

/// A client for one MNS (Simple Message Queue) queue: receive with long polling, delete, change visibility,
/// send.
///
/// ```swift
/// let queue = try MNSQueueClient(endpoint: "https://123456.mns.cn-hangzhou.aliyuncs.com", queue: "spot-events")
/// for message in try await queue.receiveMessages(max: 16, waitSeconds: 20) {
///     try await handle(message.body)
///     try await queue.deleteMessage(receiptHandle: message.receiptHandle)
/// }
/// ```
///
/// It uses the ECS client's machinery: the same `CredentialProvider` chain (an STS token travels as the
/// `security-token` header), `ECSTransport`s (URLSession by default, or the AsyncHTTPClient transport),
/// `RetryPolicy` and `ECSClock`. Each attempt is signed afresh (`Authorization: MNS id:signature`,
/// HMAC-SHA1) with a `Date` from the clock. Errors are ``MNSServiceError`` when MNS refused, or
/// `ECSClientError` when no usable answer came (an HTML page from a proxy, truncated XML, a lost
/// connection); neither ever carries the secret, the token or the signature.
///
/// A long poll keeps a request open for up to 30 seconds with nothing on the wire: the transport's timeouts
/// must be longer. The default transport allows 45 seconds of silence; a `URLSessionTransport` that allows
/// less than the wait plus 5 seconds is refused by ``receiveMessages(max:waitSeconds:)``.
public struct MNSQueueClient: Sendable {
    /// Where the account's queues are served.
    public let endpoint: MNSEndpoint
    /// The queue's name.
    public let queueName: String
    /// Retries, clock and limits.
    public let configuration: Configuration
    /// Where the client logs: one `debug` line per attempt, never a secret.
    public let logger: Logger

    let credentialProvider: any CredentialProvider
    let transport: any ECSTransport

    /// The transport used when none is given: URLSession with 45 seconds for the next bytes of an answer
    /// (above the longest long poll) and 75 seconds for a whole exchange.
    public static let defaultTransport = URLSessionTransport(
        configuration: .init(connectTimeout: .seconds(45), requestTimeout: .seconds(75)))

    /// The most messages one receive returns.
    public static let maximumBatchSize = 16
    /// The longest long poll MNS allows, in seconds.
    public static let maximumWaitSeconds = 30

    /// Creates a client for one queue.
    /// - Parameters:
    ///   - endpoint: The account's endpoint (`https://<account-id>.mns.<region>.aliyuncs.com`, or any URL).
    ///   - queue: The queue's name: a letter, then letters, digits or hyphens, at most 120 characters.
    ///   - credentials: Where credentials come from. Default: the standard chain.
    ///   - transport: How requests travel. Default: ``defaultTransport``.
    ///   - configuration: Retries, clock and limits.
    ///   - logger: Where to log. Default: nowhere.
    /// - Throws: `ECSClientError` (`invalidConfiguration`) for an unusable endpoint or queue name.
    public init(
        endpoint: String,
        queue: String,
        credentials: any CredentialProvider = DefaultCredentialChain(),
        transport: (any ECSTransport)? = nil,
        configuration: Configuration = .default,
        logger: Logger = ECSClient.silentLogger
    ) throws {
        guard Self.isValidQueueName(queue) else {
            throw ECSClientError(
                kind: .invalidConfiguration,
                message: "A queue name is a letter followed by letters, digits or hyphens, at most 120 characters")
        }
        self.endpoint = try MNSEndpoint(endpoint)
        queueName = queue
        credentialProvider = credentials
        self.transport = transport ?? Self.defaultTransport
        self.configuration = configuration
        self.logger = logger
    }

    /// `true` for a name MNS accepts for a queue.
    public static func isValidQueueName(_ name: String) -> Bool {
        func isLetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
        let bytes = Array(name.utf8)
        guard let first = bytes.first, isLetter(first), bytes.count <= 120 else { return false }
        return bytes.allSatisfy { isLetter($0) || (0x30...0x39).contains($0) || $0 == UInt8(ascii: "-") }
    }

    private var messagesPath: String { "/queues/\(queueName)/messages" }

    /// Receives up to `max` messages, waiting up to `waitSeconds` for the first one (long polling).
    ///
    /// Each message stays invisible to other consumers for the queue's visibility timeout: delete it once it
    /// is handled, or it is delivered again.
    /// - Parameters:
    ///   - max: 1 to 16 (clamped).
    ///   - waitSeconds: 0 to 30 (clamped); 0 answers at once.
    /// - Returns: The messages; empty when none arrived in time (MNS's `404 MessageNotExist`).
    /// - Throws: ``MNSServiceError`` (a missing queue, a refused key), `ECSClientError` (no usable answer,
    ///   or a transport whose timeouts are shorter than the wait).
    public func receiveMessages(max: Int = 16, waitSeconds: Int = 20) async throws -> [MNSMessage] {
        let count = Swift.min(Swift.max(max, 1), Self.maximumBatchSize)
        let wait = Swift.min(Swift.max(waitSeconds, 0), Self.maximumWaitSeconds)
        if let session = transport as? URLSessionTransport, session.configuration.connectTimeout <= .seconds(wait + 5) {
            throw ECSClientError(
                kind: .invalidConfiguration,
                message: "The transport gives up after \(session.configuration.connectTimeout) of silence, not above a \(wait) s long poll plus 5 s; use MNSQueueClient.defaultTransport or a longer connectTimeout",
                action: "BatchReceiveMessage")
        }
        let call = count == 1
            ? MNSCall(action: "ReceiveMessage", method: "GET", resource: "\(messagesPath)?waitseconds=\(wait)")
            : MNSCall(action: "BatchReceiveMessage", method: "GET", resource: "\(messagesPath)?numOfMessages=\(count)&waitseconds=\(wait)")
        do {
            let response = try await perform(call)
            return try read(response, of: call) { root throws(MNSXMLReader.Failure) in try MNSMessage.list(xml: root) }
        } catch let error as MNSServiceError where error.code == "MessageNotExist" {
            return []
        }
    }

    /// Deletes one message.
    /// - Parameter receiptHandle: The handle of the latest delivery (or visibility change).
    /// - Throws: ``MNSServiceError`` (`ReceiptHandleError` for a stale handle, `MessageNotExist` when the
    ///   message is gone), `ECSClientError`.
    public func deleteMessage(receiptHandle: String) async throws {
        let call = MNSCall(action: "DeleteMessage", method: "DELETE", resource: "\(messagesPath)?ReceiptHandle=\(MNSCall.encoded(receiptHandle))")
        _ = try await perform(call)
    }

    /// Deletes messages in batches of up to 16, reporting each handle that failed.
    /// - Parameter receiptHandles: The handles of the latest deliveries.
    /// - Returns: The handles that were not deleted, with MNS's reason for each; empty when all were.
    /// - Throws: ``MNSServiceError`` when a whole batch was refused (a missing queue, a refused key),
    ///   `ECSClientError`.
    public func deleteMessages(receiptHandles: [String]) async throws -> [MNSDeleteFailure] {
        var failures: [MNSDeleteFailure] = []
        var start = 0
        while start < receiptHandles.count {
            let batch = Array(receiptHandles[start..<Swift.min(start + Self.maximumBatchSize, receiptHandles.count)])
            start += batch.count
            let document = MNSXMLElement(name: "ReceiptHandles", children: batch.map { MNSXMLElement(name: "ReceiptHandle", text: $0) })
            let call = MNSCall(action: "BatchDeleteMessage", method: "DELETE", resource: messagesPath, body: Data(MNSXMLWriter.document(document).utf8))
            do {
                _ = try await perform(call)
            } catch let partial as PartialDeleteFailure {
                failures += partial.failures
            }
        }
        return failures
    }

    /// Changes how long a received message stays invisible, counted from now.
    /// - Parameters:
    ///   - receiptHandle: The handle of the latest delivery (or visibility change).
    ///   - visibilityTimeout: 1 to 43,200 seconds (clamped).
    /// - Returns: The new receipt handle (it replaces the old one for every later call) and when the
    ///   message becomes visible again.
    /// - Throws: ``MNSServiceError`` (`ReceiptHandleError` for a stale handle), `ECSClientError`.
    public func changeVisibility(receiptHandle: String, visibilityTimeout: Int) async throws -> MNSVisibilityChange {
        let seconds = Swift.min(Swift.max(visibilityTimeout, 1), 43_200)
        let call = MNSCall(
            action: "ChangeMessageVisibility", method: "PUT",
            resource: "\(messagesPath)?ReceiptHandle=\(MNSCall.encoded(receiptHandle))&VisibilityTimeout=\(seconds)")
        let response = try await perform(call)
        return try read(response, of: call) { root throws(MNSXMLReader.Failure) in
            guard let change = MNSVisibilityChange(xml: root) else {
                throw MNSXMLReader.Failure(message: "expected <ChangeVisibility> with a ReceiptHandle")
            }
            return change
        }
    }

    /// Sends a message (for tests and tools; spot-guardian only consumes).
    /// - Parameters:
    ///   - body: The body, stored as given (encode it as base64 yourself if your consumers expect that).
    ///   - delaySeconds: Seconds before the message becomes visible, 0 to 604,800 (clamped).
    ///   - priority: 1 (highest) to 16 (clamped). Default: 8.
    /// - Returns: The new message's ID.
    public func sendMessage(body: String, delaySeconds: Int = 0, priority: Int = 8) async throws -> MNSSentMessage {
        let document = MNSXMLElement(name: "Message", children: [
            MNSXMLElement(name: "MessageBody", text: body),
            MNSXMLElement(name: "DelaySeconds", text: String(Swift.min(Swift.max(delaySeconds, 0), 604_800))),
            MNSXMLElement(name: "Priority", text: String(Swift.min(Swift.max(priority, 1), 16))),
        ])
        let call = MNSCall(action: "SendMessage", method: "POST", resource: messagesPath, body: Data(MNSXMLWriter.document(document).utf8))
        let response = try await perform(call)
        return try read(response, of: call) { root throws(MNSXMLReader.Failure) in
            guard let sent = MNSSentMessage(xml: root) else { throw MNSXMLReader.Failure(message: "expected <Message> with a MessageId") }
            return sent
        }
    }
}
