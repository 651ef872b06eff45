import AliyunECS
import AliyunECSTesting
import Foundation
import Testing
@testable import AliyunMNS

/// Answers a proxy, a broken server or a hostile one may give: each is a typed error, never a crash.
@Suite("MNS client: hostile and failed answers")
struct HostileAnswerTests {
    @Test("An HTML 502 from a proxy is an unexpectedResponse with the status and an excerpt")
    func html502() async throws {
        let exchange = ScriptedExchange([try .fixture(502, "proxy-502.html", contentType: "text/html")])
        let error = await #expect(throws: ECSClientError.self) { try await exchange.client().receiveMessages() }
        #expect(error?.kind == .unexpectedResponse)
        #expect(error?.httpStatus == 502)
        #expect(error?.action == "BatchReceiveMessage")
        #expect(error?.bodyExcerpt?.contains("502 Bad Gateway") == true)
    }

    @Test("A 502 is retried per the policy, and a later good answer wins")
    func retried502() async throws {
        let exchange = ScriptedExchange([
            try .fixture(502, "proxy-502.html", contentType: "text/html"), try .fixture(200, "batch-receive.xml"),
        ])
        let clock = VirtualClock()
        let client = try exchange.client(retryPolicy: .exponential(maximumRetries: 2, jitter: .none), clock: clock)
        let messages = try await clock.run { try await client.receiveMessages() }
        #expect(messages.count == 2)
        #expect(exchange.requests.count == 2)
        // Each attempt is signed afresh.
        #expect(exchange.requests.map { $0.headers[header: "Authorization"] != nil } == [true, true])
    }

    @Test("Truncated XML in a 200 is a malformedResponse")
    func truncated() async throws {
        let exchange = ScriptedExchange([try .fixture(200, "truncated-receive.xml")])
        let error = await #expect(throws: ECSClientError.self) { try await exchange.client().receiveMessages() }
        #expect(error?.kind == .malformedResponse)
        #expect(error?.httpStatus == 200)
    }

    @Test("An error document is an MNSServiceError with code, message, request ID and status; a 4xx is not retried")
    func errorDocument() async throws {
        let exchange = ScriptedExchange([try .fixture(404, "error-queue-not-exist.xml")])
        let error = await #expect(throws: MNSServiceError.self) {
            try await exchange.client(retryPolicy: .exponential(maximumRetries: 3)).receiveMessages()
        }
        #expect(error?.code == "QueueNotExist")
        #expect(error?.isMissingQueue == true)
        #expect(error?.httpStatus == 404)
        #expect(error?.requestId == "5F3A0001-0B2C-4D5E-8F90-ABCDEF012345")
        #expect(error?.message == "The queue name you provided is not exist.")
        #expect(exchange.requests.count == 1)
    }

    @Test("A 404 with no body is an unexpectedResponse, not 'no message'")
    func emptyNotFound() async throws {
        let exchange = ScriptedExchange([ECSHTTPResponse(statusCode: 404, body: Data())])
        let error = await #expect(throws: ECSClientError.self) { try await exchange.client().receiveMessages() }
        #expect(error?.kind == .unexpectedResponse)
        #expect(error?.httpStatus == 404)
    }

    @Test("A 404 MessageNotExist means no message: an empty list")
    func noMessage() async throws {
        let exchange = ScriptedExchange([try .fixture(404, "error-message-not-exist.xml")])
        #expect(try await exchange.client().receiveMessages().isEmpty)
    }

    @Test("A body over the limit is refused as responseTooLarge before it is parsed")
    func hugeBody() async throws {
        let huge = "<Messages>" + String(repeating: "<Message><MessageId>x</MessageId></Message>", count: 50_000) + "</Messages>"
        let exchange = ScriptedExchange([.xml(200, huge)])
        let error = await #expect(throws: ECSClientError.self) { try await exchange.client(maximumResponseSize: 1 << 20).receiveMessages() }
        #expect(error?.kind == .responseTooLarge)
    }

    @Test("A document type declaration (entity expansion) is refused")
    func entities() async throws {
        let bomb = #"<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><Messages>&b;</Messages>"#
        let exchange = ScriptedExchange([.xml(200, bomb)])
        let error = await #expect(throws: ECSClientError.self) { try await exchange.client().receiveMessages() }
        #expect(error?.kind == .malformedResponse)
    }

    @Test("Inputs that crash FoundationXML (found by fuzzing) are refused before parsing", arguments: [
        ("mnsxml-invalid-utf8-name.xml", "not UTF-8"),
        ("mnsxml-empty-processing-instruction.xml", "processing instruction"),
    ])
    func crashesFoundationXML(reproducer: String, reason: String) async throws {
        let body = try Data(contentsOf: MNSFixtures.directory.deletingLastPathComponent().appendingPathComponent("fuzz-regressions/\(reproducer)"))
        let exchange = ScriptedExchange([ECSHTTPResponse(statusCode: 200, body: body)])
        let error = await #expect(throws: ECSClientError.self) { try await exchange.client().receiveMessages() }
        #expect(error?.kind == .malformedResponse)
        #expect(error?.message.contains(reason) == true)
        // In an error answer too.
        let failed = ScriptedExchange([ECSHTTPResponse(statusCode: 500, body: body)])
        let failure = await #expect(throws: ECSClientError.self) { try await failed.client().receiveMessages() }
        #expect(failure?.kind == .unexpectedResponse)
    }

    @Test("A processing instruction anywhere but a leading XML declaration is refused", arguments: [
        "<?pi?><Messages/>", "<Messages><?pi data?></Messages>", "<?xml?><Messages/>", #"<?xml version="1.0"?><Messages/><?x?>"#,
    ])
    func processingInstructions(document: String) {
        #expect(throws: MNSXMLReader.Failure.self) { try MNSXMLReader.parse(Data(document.utf8)) }
    }

    @Test("A 503 InternalError is retried; QpsLimitExceeded too; AccessDenied is not")
    func retryClassification() async throws {
        let busy = ScriptedExchange([
            .xml(503, "<Error><Code>InternalError</Code><Message>busy</Message></Error>"),
            .xml(400, "<Error><Code>QpsLimitExceeded</Code><Message>slow down</Message></Error>"),
            .xml(404, "<Error><Code>MessageNotExist</Code><Message>none</Message></Error>"),
        ])
        let clock = VirtualClock()
        let client = try busy.client(retryPolicy: .exponential(maximumRetries: 3, jitter: .none), clock: clock)
        #expect(try await clock.run { try await client.receiveMessages() }.isEmpty)
        #expect(busy.requests.count == 3)

        let denied = ScriptedExchange([.xml(403, "<Error><Code>AccessDenied</Code><Message>no</Message></Error>")])
        let error = await #expect(throws: MNSServiceError.self) {
            try await denied.client(retryPolicy: .exponential(maximumRetries: 3)).receiveMessages()
        }
        #expect(error?.isAuthorizationFailure == true)
        #expect(denied.requests.count == 1)
    }

    @Test("A server that echoes the secret, the token or the signature has them removed from the error")
    func redaction() async throws {
        // The same request on the same clock is signed the same: the probe learns the signature the server will echo.
        let probe = ScriptedExchange([.xml(400, "<Error><Code>X</Code><Message>m</Message></Error>")])
        _ = try? await probe.client().receiveMessages()
        let request = try #require(probe.requests.first)
        let signature = try #require(request.headers[header: "Authorization"]?.split(separator: ":").last.map(String.init))
        let echo = "<Error><Code>SignatureDoesNotMatch</Code><Message>expected \(signature) for \(MNSTestKeys.secret) \(MNSTestKeys.token)</Message></Error>"
        let echoing = ScriptedExchange([.xml(403, echo)])
        let client = try echoing.client(clock: VirtualClock())
        let error = await #expect(throws: MNSServiceError.self) { try await client.receiveMessages() }
        let text = "\(String(describing: error))"
        #expect(!text.contains(MNSTestKeys.secret))
        #expect(!text.contains(MNSTestKeys.token))
        #expect(!text.contains(signature))
        #expect(text.contains(Redaction.placeholder))
    }

    @Test("A partly failed batch delete reports each failed handle; the rest are deleted")
    func partialDelete() async throws {
        let exchange = ScriptedExchange([try .fixture(404, "batch-delete-errors.xml")])
        let failures = try await exchange.client().deleteMessages(receiptHandles: ["1-a+b/c=", "2-ODU4OTkzNDU5My0xNDM1MTk3NjAwLTItNg=="])
        #expect(failures == [MNSDeleteFailure(
            receiptHandle: "2-ODU4OTkzNDU5My0xNDM1MTk3NjAwLTItNg==", code: "ReceiptHandleError",
            message: "The receipt handle you provide is not valid.")])
        let body = try #require(exchange.requests.first?.body)
        #expect(String(decoding: body, as: UTF8.self).contains("<ReceiptHandle>1-a+b/c=</ReceiptHandle>"))
    }

    @Test("A URLSession transport that would time out during the long poll is refused before sending")
    func shortTimeout() async throws {
        let client = try MNSQueueClient(
            endpoint: "http://127.0.0.1:9", queue: "q", credentials: .static(accessKeyId: "a", accessKeySecret: "b"),
            transport: URLSessionTransport(configuration: .init(connectTimeout: .seconds(10))))
        let error = await #expect(throws: ECSClientError.self) { try await client.receiveMessages(max: 16, waitSeconds: 20) }
        #expect(error?.kind == .invalidConfiguration)
    }

    @Test("Bad endpoints and queue names are refused at once", arguments: [
        ("ftp://x", "q"), ("https://h/path", "q"), ("https://h:0", "q"), ("https://h", "1queue"), ("https://h", "q_x"), ("https://h", ""),
    ])
    func badConfiguration(endpoint: String, queue: String) {
        #expect(throws: ECSClientError.self) { try MNSQueueClient(endpoint: endpoint, queue: queue, credentials: .static(accessKeyId: "a", accessKeySecret: "b")) }
    }
}
