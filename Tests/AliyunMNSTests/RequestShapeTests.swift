import AliyunECS
import AliyunECSTesting
import Foundation
import Logging
import Testing
@testable import AliyunMNS

/// What the client puts on the wire.
@Suite("MNS client: requests")
struct RequestShapeTests {
    @Test("A batch receive: path, query, Date from the clock, version, signed resource, STS token unsigned")
    func receiveRequest() async throws {
        let exchange = ScriptedExchange([try .fixture(200, "batch-receive.xml")])
        let clock = VirtualClock(start: Date(timeIntervalSince1970: 1_436_410_894))  // Thu, 09 Jul 2015 03:01:34 GMT
        let messages = try await exchange.client(clock: clock).receiveMessages(max: 16, waitSeconds: 20)
        let request = try #require(exchange.requests.first)
        #expect(request.method == "GET")
        #expect(request.urlString == "https://1234567890.mns.cn-hangzhou.aliyuncs.com/queues/spot-events/messages?numOfMessages=16&waitseconds=20")
        #expect(request.headers[header: "Date"] == "Thu, 09 Jul 2015 03:01:34 GMT")
        #expect(request.headers[header: "x-mns-version"] == "2015-06-06")
        #expect(request.headers[header: "Host"] == "1234567890.mns.cn-hangzhou.aliyuncs.com")
        #expect(request.headers[header: "security-token"] == MNSTestKeys.token)
        let signer = MNSSigner()
        let expected = signer.signature(
            of: signer.stringToSign(
                method: "GET", contentMD5: "", contentType: "", date: "Thu, 09 Jul 2015 03:01:34 GMT", headers: request.headers,
                resource: "/queues/spot-events/messages?numOfMessages=16&waitseconds=20"),
            accessKeySecret: MNSTestKeys.secret)
        #expect(request.headers[header: "Authorization"] == "MNS STS.NUgYrLnoC7:\(expected)")

        #expect(messages.count == 2)
        let first = try #require(messages.first)
        #expect(first.messageId == "5F290C926D472878-2-14D9529A8FA-200000001")
        #expect(first.receiptHandle == "1-ODU4OTkzNDU5My0xNDM1MTk3NjAwLTItNg==")
        #expect(first.body == "eyJpZCI6ImEiLCAiYiI6ICIrLz0ifQ==")
        #expect(first.dequeueCount == 1)
        #expect(first.enqueueTime == Date(timeIntervalSince1970: 1_250_700_979.248))
        #expect(messages[1].body == #"{"name": "Instance:PreemptibleInstanceInterruption", "a": "<&>"}"#)
        #expect(messages[1].dequeueCount == 3)
    }

    @Test("One message asked for is a ReceiveMessage, whose single <Message> answer reads too")
    func receiveOne() async throws {
        let exchange = ScriptedExchange([try .fixture(200, "receive-one.xml")])
        let messages = try await exchange.client().receiveMessages(max: 1, waitSeconds: 0)
        #expect(exchange.requests.first?.urlString.hasSuffix("/queues/spot-events/messages?waitseconds=0") == true)
        #expect(messages.map(\.messageId) == ["0909AC939C3A61357F898A13F0DBEB97"])
        #expect(messages.first?.priority == 10)
    }

    @Test("A receipt handle's + / = are percent-encoded in the query")
    func encodedHandle() async throws {
        let exchange = ScriptedExchange([ECSHTTPResponse(statusCode: 204, body: Data()), try .fixture(200, "change-visibility.xml")])
        let client = try exchange.client()
        try await client.deleteMessage(receiptHandle: "1-ab+c/d==")
        let change = try await client.changeVisibility(receiptHandle: "1-ab+c/d==", visibilityTimeout: 120)
        #expect(exchange.requests.map(\.method) == ["DELETE", "PUT"])
        #expect(exchange.requests[0].percentEncodedQuery == "ReceiptHandle=1-ab%2Bc%2Fd%3D%3D")
        #expect(exchange.requests[1].percentEncodedQuery == "ReceiptHandle=1-ab%2Bc%2Fd%3D%3D&VisibilityTimeout=120")
        #expect(change.receiptHandle == "3-ODU4OTkzNDU5My0xNDM1MTk3NjAwLTItOA+/=")
        #expect(change.nextVisibleTime == Date(timeIntervalSince1970: 1_716_809_479.536))
    }

    @Test("A body is sent with Content-Type and the official SDKs' Content-MD5, both signed")
    func bodyHeaders() async throws {
        let exchange = ScriptedExchange([.xml(201, "<Message><MessageId>M1</MessageId><MessageBodyMD5>AB</MessageBodyMD5></Message>")])
        let sent = try await exchange.client().sendMessage(body: #"{"a":"<&>"}"#)
        #expect(sent == MNSSentMessage(messageId: "M1", bodyMD5: "AB"))
        let request = try #require(exchange.requests.first)
        #expect(request.method == "POST")
        #expect(request.headers[header: "Content-MD5"] == MNSSigner.contentMD5(of: request.body))
        #expect(request.headers[header: "Content-Type"] == "text/xml;charset=UTF-8")
        let body = String(decoding: request.body, as: UTF8.self)
        #expect(body.contains(#"<MessageBody>{&quot;a&quot;:&quot;&lt;&amp;&gt;&quot;}</MessageBody>"#))
        #expect(body.contains(#"xmlns="http://mns.aliyuncs.com/doc/v1/""#))
    }

    @Test("Batch deletes go 16 handles at a time")
    func batches() async throws {
        let exchange = ScriptedExchange([ECSHTTPResponse(statusCode: 204, body: Data())])
        let failures = try await exchange.client().deleteMessages(receiptHandles: (1...20).map { "h-\($0)" })
        #expect(failures.isEmpty)
        #expect(exchange.requests.count == 2)
        #expect(exchange.requests.map { String(decoding: $0.body, as: UTF8.self).components(separatedBy: "<ReceiptHandle>").count - 1 } == [16, 4])
    }

    @Test("Debug logs name the call, never the secret, the token or the signature")
    func logs() async throws {
        let lines = LogLines()
        var logger = Logger(label: "test") { _ in lines }
        logger.logLevel = .trace
        let exchange = ScriptedExchange([try .fixture(404, "error-queue-not-exist.xml")])
        _ = try? await exchange.client(logger: logger).receiveMessages()
        let text = lines.text
        #expect(text.contains("BatchReceiveMessage"))
        #expect(text.contains("QueueNotExist"))
        let signature = try #require(exchange.requests.first?.headers[header: "Authorization"]?.split(separator: ":").last.map(String.init))
        for secret in [MNSTestKeys.secret, MNSTestKeys.token, signature] {
            #expect(!text.contains(secret))
        }
    }
}

/// A log handler that keeps every line with its metadata.
final class LogLines: LogHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    var text: String { lock.withLock { lines.joined(separator: "\n") } }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        lock.withLock { lines.append("\(event.message) \(metadata.merging(event.metadata ?? [:]) { $1 })") }
    }
}
