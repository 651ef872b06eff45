import AliyunECS
import AliyunECSTesting
import Foundation
import Testing

/// The simulated region served over real HTTP on 127.0.0.1, reached with the real URLSession transport.
@Suite("Simulator: LoopbackECSServer", .timeLimit(.minutes(1)))
struct LoopbackServerTests {
    /// A URLSession client of `server`, without retries.
    static func client(for server: LoopbackECSServer, algorithm: SignatureAlgorithm = .acs3HMACSHA256) throws -> ECSClient {
        try ECSClient(
            region: "cn-hangzhou", credentials: .static(accessKeyId: Sim.keyId, accessKeySecret: Sim.secret),
            transport: URLSessionTransport(configuration: .init(connectTimeout: .seconds(5), requestTimeout: .seconds(10))),
            endpoint: server.endpoint,
            configuration: .init(signatureAlgorithm: algorithm, retryPolicy: .none, environment: [:]))
    }

    @Test("A URLSession client launches and describes instances over HTTP", arguments: Sim.algorithms)
    func roundTrip(algorithm: SignatureAlgorithm) async throws {
        let region = SimulatedRegion(clock: SystemClock())
        let server = try LoopbackECSServer(region: region)
        server.start()
        defer { server.stop() }
        #expect(server.endpoint == "http://127.0.0.1:\(server.port)")
        let client = try Self.client(for: server, algorithm: algorithm)

        var request = Sim.launch(amount: 2, tags: [ECSTag(key: "via", value: "loopback")])
        request.password = "Loopback-Secret1"
        let launched = try await client.runInstances(request)
        #expect(launched.instanceIds.count == 2)
        let described = try await client.describeInstances(DescribeInstancesRequest(instanceIds: launched.instanceIds))
        #expect(described.instances.map(\.instanceId) == launched.instanceIds)
        #expect(described.instances.allSatisfy { $0.zoneId == "cn-hangzhou-i" && $0.status == .pending })
        #expect(region.calls.map(\.outcome) == [.success, .success])
        #expect(region.calls.first?.parameters["Password"] == Redaction.placeholder)
    }

    @Test("Signature checks and ECS errors travel over HTTP")
    func errors() async throws {
        let region = SimulatedRegion(clock: SystemClock())
        let server = try LoopbackECSServer(region: region)
        server.start()
        defer { server.stop() }
        let client = try Self.client(for: server)
        let notFound = await #expect(throws: ECSServiceError.self) {
            try await client.createImage(CreateImageRequest().with { $0.instanceId = "i-missing"; $0.imageName = "x" })
        }
        #expect(notFound?.code == "InvalidInstanceId.NotFound")
        #expect(notFound?.httpStatus == 404)

        region.inject(.serviceUnavailableHTML(action: "DescribeImages", times: 1))
        let html = await #expect(throws: ECSClientError.self) {
            try await client.describeImages(DescribeImagesRequest())
        }
        #expect(html?.kind == .unexpectedResponse)
        #expect(html?.httpStatus == 503)
    }

    @Test("A response lost after the effect: the client sees a connection failure, the instance exists")
    func lostResponse() async throws {
        let region = SimulatedRegion(clock: SystemClock())
        region.inject(.responseLostAfterEffect(action: "RunInstances", times: 1))
        let server = try LoopbackECSServer(region: region)
        server.start()
        defer { server.stop() }
        let client = try Self.client(for: server)
        let error = await #expect(throws: ECSClientError.self) {
            try await client.runInstances(Sim.launch())
        }
        #expect(error?.kind == .connectionFailed)
        #expect(region.allInstances.count == 1)
        #expect(region.calls.map(\.outcome) == [.responseLost])

        // The server keeps serving afterwards.
        #expect(try await client.describeInstances(DescribeInstancesRequest()).instances.count == 1)
    }

    @Test("A lost request: the client sees a connection failure and nothing happened")
    func lostRequest() async throws {
        let region = SimulatedRegion(clock: SystemClock())
        region.inject(.connectionLost(action: "RunInstances", times: 1))
        let server = try LoopbackECSServer(region: region)
        server.start()
        defer { server.stop() }
        let client = try Self.client(for: server)
        let error = await #expect(throws: ECSClientError.self) {
            try await client.runInstances(Sim.launch())
        }
        #expect(error?.kind == .connectionFailed)
        #expect(region.allInstances.isEmpty)
    }
}
