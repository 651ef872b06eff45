import AliyunECSTesting
import Foundation
import Testing
@testable import AliyunECS

/// The real URLSession transport against a real HTTP server on 127.0.0.1 that checks signatures.
@Suite("URLSession over loopback", .serialized)
struct LoopbackTransportTests {
    @Test("A signed request reaches the server, is verified and answered", arguments: [SignatureAlgorithm.acs3HMACSHA256, .rpcHMACSHA1])
    func roundTrip(algorithm: SignatureAlgorithm) async throws {
        let region = SimulatedRegion(clock: SystemClock())
        let server = try LoopbackECSServer(region: region)
        server.start()
        defer { server.stop() }
        let client = try ECSClient(
            region: "cn-hangzhou", credentials: .static(accessKeyId: "testid", accessKeySecret: "testsecret"),
            transport: URLSessionTransport(), endpoint: server.endpoint,
            configuration: .init(signatureAlgorithm: algorithm, retryPolicy: .none, environment: [:]))
        let launched = try await client.runInstances(RetryTests.launchRequest())
        #expect(launched.instanceIds.count == 1)
        let described = try await client.describeInstances(DescribeInstancesRequest(instanceIds: launched.instanceIds))
        #expect(described.instances.map(\.instanceId) == launched.instanceIds)
        #expect(described.instances.first?.instanceName == nil || described.instances.first?.zoneId == "cn-hangzhou-i")
        #expect(region.calls.allSatisfy { $0.succeeded })
    }

    @Test("A wrong secret is refused by the server with SignatureDoesNotMatch")
    func wrongSecret() async throws {
        let region = SimulatedRegion(clock: SystemClock())
        let server = try LoopbackECSServer(region: region)
        server.start()
        defer { server.stop() }
        let client = try ECSClient(
            region: "cn-hangzhou", credentials: .static(accessKeyId: "testid", accessKeySecret: "not-the-secret"),
            transport: URLSessionTransport(), endpoint: server.endpoint, configuration: .init(environment: [:]))
        let error = await #expect(throws: ECSServiceError.self) { try await client.describeInstances(DescribeInstancesRequest()) }
        #expect(error?.code == "SignatureDoesNotMatch")
        #expect(error?.httpStatus == 400)
    }

    @Test("The endpoint can come from ALIBABA_CLOUD_ECS_ENDPOINT")
    func endpointFromEnvironment() async throws {
        let region = SimulatedRegion(clock: SystemClock())
        let server = try LoopbackECSServer(region: region)
        server.start()
        defer { server.stop() }
        let client = try ECSClient(
            region: "cn-hangzhou", credentials: .static(accessKeyId: "testid", accessKeySecret: "testsecret"),
            configuration: .init(environment: ["ALIBABA_CLOUD_ECS_ENDPOINT": server.endpoint]))
        #expect(client.endpoint.port == server.port)
        _ = try await client.describeImages(DescribeImagesRequest())
        #expect(region.calls.count == 1)
    }

    @Test("A lost connection surfaces as a retryable connection failure, and the retry succeeds")
    func lostConnection() async throws {
        let region = SimulatedRegion(clock: SystemClock())
        region.inject(.responseLostAfterEffect(action: "RunInstances", times: 1))
        let server = try LoopbackECSServer(region: region)
        server.start()
        defer { server.stop() }
        let client = try ECSClient(
            region: "cn-hangzhou", credentials: .static(accessKeyId: "testid", accessKeySecret: "testsecret"),
            transport: URLSessionTransport(), endpoint: server.endpoint,
            configuration: .init(retryPolicy: .exponential(baseDelay: .milliseconds(10)), environment: [:]))
        let launched = try await client.runInstances(RetryTests.launchRequest())
        #expect(region.allInstances.map(\.id) == launched.instanceIds)
        #expect(region.calls(of: "RunInstances").count == 2)
    }

    @Test("Nothing listening is a connection failure, not a hang")
    func nothingListening() async throws {
        let region = SimulatedRegion(clock: SystemClock())
        let server = try LoopbackECSServer(region: region)
        let port = server.port
        server.stop()
        let client = try ECSClient(
            region: "cn-hangzhou", credentials: .static(accessKeyId: "testid", accessKeySecret: "testsecret"),
            transport: URLSessionTransport(configuration: .init(connectTimeout: .seconds(2), requestTimeout: .seconds(5))),
            endpoint: "http://127.0.0.1:\(port)", configuration: .init(retryPolicy: .none, environment: [:]))
        let error = await #expect(throws: ECSClientError.self) { try await client.describeInstances(DescribeInstancesRequest()) }
        #expect(error?.kind == .connectionFailed)
    }
}
