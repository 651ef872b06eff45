import AliyunECSTesting
import Foundation
import Testing
@testable import AliyunECS

/// What a caller gets when ECS, or something in between, answers badly: always a typed, readable error.
@Suite("Error answers")
struct ErrorHandlingTests {
    @Test("An ECS error body becomes an ECSServiceError with every field")
    func serviceError() async throws {
        let body = String(decoding: try Fixtures.response("error-OperationDenied.NoStock.json"), as: UTF8.self)
        let transport = ScriptedTransport([.respond(403, body)])
        let client = try TestClients.client(transport: transport)
        let error = await #expect(throws: ECSServiceError.self) {
            try await client.runInstances(RunInstancesRequest().with { $0.imageId = "img"; $0.instanceType = "t" })
        }
        #expect(error?.code == "OperationDenied.NoStock")
        #expect(error?.httpStatus == 403)
        #expect(error?.requestId == "E4D1B7D8-2E2C-4A3B-9A8E-0B2A4C1D9F11")
        #expect(error?.hostId == "ecs.cn-hangzhou.aliyuncs.com")
        #expect(error?.recommend == "")
        #expect(error?.isCapacityShortage == true)
        #expect(error?.description.contains("RequestId: E4D1B7D8") == true)
        #expect(transport.requests.count == 1, "a 4xx that is not throttling is never retried")
    }

    @Test("An HTML page from a proxy is an unexpectedResponse naming the status with an excerpt")
    func htmlPage() async throws {
        let html = "<html>\n<head><title>502 Bad Gateway</title></head>\n<body><h1>502   Bad Gateway</h1></body></html>"
        let transport = ScriptedTransport(Array(repeating: .respond(502, html), count: 4))
        let clock = VirtualClock()
        let client = try TestClients.client(transport: transport, clock: clock)
        let error = await #expect(throws: ECSClientError.self) {
            try await clock.run { try await client.describeInstances(DescribeInstancesRequest()) }
        }
        #expect(error?.kind == .unexpectedResponse)
        #expect(error?.httpStatus == 502)
        #expect(error?.bodyExcerpt?.hasPrefix("<html> <head><title>502 Bad Gateway</title>") == true)
        #expect(error?.description.contains("HTTP 502") == true)
        #expect(transport.requests.count == 4, "a 502 is retried three times")
    }

    @Test("Empty, truncated and wrong-shaped success bodies are typed errors", arguments: [
        ("", ECSClientError.Kind.unexpectedResponse),
        (#"{"RequestId":"x","Instances":{"Instance":[{"InstanceId":"i-1","Cpu":"#, .unexpectedResponse),
        ("<html>OK</html>", .unexpectedResponse),
        (#"{"RequestId":"x","Instances":{"Instance":[{"InstanceId":"i-1","Cpu":{"a":1}}]}}"#, .malformedResponse),
        (#"{"RequestId":"x","Instances":{"Instance":[{"Cpu":1}]}}"#, .malformedResponse),
        (#"[1,2,3]"#, .malformedResponse),
    ])
    func badSuccessBodies(body: String, kind: ECSClientError.Kind) async throws {
        let client = try TestClients.client(transport: ScriptedTransport([.respond(200, body)]))
        let error = await #expect(throws: ECSClientError.self) {
            try await client.describeInstances(DescribeInstancesRequest())
        }
        #expect(error?.kind == kind)
        #expect(error?.httpStatus == 200)
        #expect(error?.action == "DescribeInstances")
    }

    @Test("A malformed answer names the path that failed")
    func malformedPath() async throws {
        let body = #"{"Instances":{"Instance":[{"InstanceId":"i-1"},{"InstanceId":"i-2","Cpu":"many"}]}}"#
        let client = try TestClients.client(transport: ScriptedTransport([.respond(200, body)]))
        let error = await #expect(throws: ECSClientError.self) {
            try await client.describeInstances(DescribeInstancesRequest())
        }
        #expect(error?.message.contains("at Instances.Instance[1].Cpu") == true)
    }

    @Test("A server that echoes secrets in its message has them removed")
    func scrubbedMessage() async throws {
        let secret = "VerySecretKey/123+"
        let token = "STS.tokenvalue/with+chars"
        let body = #"{"Code":"SignatureDoesNotMatch","Message":"server string to sign is: SecurityToken=\#(PercentEncoding.encode(token))&key=\#(secret)","RequestId":"r1"}"#
        let client = try TestClients.client(
            transport: ScriptedTransport([.respond(400, body)]),
            credentials: StaticCredentialProvider(ECSCredentials(accessKeyId: "testid", accessKeySecret: secret, securityToken: token)))
        let error = await #expect(throws: ECSServiceError.self) {
            try await client.describeInstances(DescribeInstancesRequest())
        }
        let text = try #require(error).description
        #expect(!text.contains(secret))
        #expect(!text.contains(token))
        #expect(!text.contains(PercentEncoding.encode(token)))
        #expect(text.contains("<redacted>"))
    }

    @Test("A client-side ClientToken that is not ASCII or too long is refused before sending")
    func invalidClientToken() async throws {
        let transport = ScriptedTransport([])
        let client = try TestClients.client(transport: transport)
        await #expect(throws: ECSClientError.self) {
            try await client.createImage(CreateImageRequest().with {
                $0.instanceId = "i-1"
                $0.clientToken = String(repeating: "x", count: 65)
            })
        }
        await #expect(throws: ECSClientError.self) {
            try await client.createImage(CreateImageRequest().with { $0.instanceId = "i-1"; $0.clientToken = "令牌" })
        }
        #expect(transport.requests.isEmpty)
    }
}
