import AliyunECS
import AliyunECSEmulator
import AliyunECSTesting
import Foundation
import Testing

/// Both real transports against the emulator server on 127.0.0.1, which checks every signature.
@Suite("Transports over loopback", .timeLimit(.minutes(1)))
struct LoopbackTransportTests {
    @Test("A signed request reaches the server, is verified and answered",
          arguments: TransportKind.allCases, [SignatureAlgorithm.acs3HMACSHA256, .rpcHMACSHA1])
    func roundTrip(transport: TransportKind, algorithm: SignatureAlgorithm) async throws {
        let region = SimulatedRegion(clock: SystemClock())
        try await ECSEmulatorServer.withRunningServer(region: region) { endpoint in
            let client = try Emulator.client(endpoint, transport: transport, algorithm: algorithm)
            let launched = try await client.runInstances(Emulator.launch(name: "loopback web*~+/ 中文"))
            #expect(launched.instanceIds.count == 1)
            let described = try await client.describeInstances(DescribeInstancesRequest(instanceIds: launched.instanceIds))
            #expect(described.instances.map(\.instanceId) == launched.instanceIds)
            #expect(described.instances.first?.instanceName == "loopback web*~+/ 中文")
            #expect(described.instances.first?.zoneId == "cn-hangzhou-i")
            #expect(region.calls.count == 2)
            #expect(region.calls.allSatisfy { $0.succeeded })
        }
    }

    @Test("A wrong secret is refused by the server with SignatureDoesNotMatch", arguments: TransportKind.allCases)
    func wrongSecret(transport: TransportKind) async throws {
        let region = SimulatedRegion(clock: SystemClock())
        try await ECSEmulatorServer.withRunningServer(region: region) { endpoint in
            let client = try Emulator.client(endpoint, transport: transport, secret: "not-the-secret")
            let error = await #expect(throws: ECSServiceError.self) { try await client.describeInstances(DescribeInstancesRequest()) }
            #expect(error?.code == "SignatureDoesNotMatch")
            #expect(error?.httpStatus == 400)
        }
    }

    @Test("The endpoint can come from ALIBABA_CLOUD_ECS_ENDPOINT (default transport, and AsyncHTTPClient)")
    func endpointFromEnvironment() async throws {
        let region = SimulatedRegion(clock: SystemClock())
        try await ECSEmulatorServer.withRunningServer(region: region) { endpoint in
            let environment = ["ALIBABA_CLOUD_ECS_ENDPOINT": endpoint.url]
            let credentials = StaticCredentialProvider(ECSCredentials(accessKeyId: Emulator.keyId, accessKeySecret: Emulator.secret))
            let byDefault = try ECSClient(region: "cn-hangzhou", credentials: credentials, configuration: .init(environment: environment))
            let overAHC = try ECSClient(
                region: "cn-hangzhou", credentials: credentials, transport: .asyncHTTPClient(), configuration: .init(environment: environment))
            #expect(byDefault.endpoint.port == endpoint.port)
            _ = try await byDefault.describeImages(DescribeImagesRequest())
            _ = try await overAHC.describeImages(DescribeImagesRequest())
            #expect(region.calls.count == 2)
        }
    }

    @Test("A response lost after the effect is a retryable connection failure, and the retry finds the first answer",
          arguments: TransportKind.allCases)
    func lostConnection(transport: TransportKind) async throws {
        let region = SimulatedRegion(clock: SystemClock())
        region.inject(.responseLostAfterEffect(action: "RunInstances", times: 1))
        try await ECSEmulatorServer.withRunningServer(region: region) { endpoint in
            let client = try Emulator.client(endpoint, transport: transport, retryPolicy: Emulator.quickRetries)
            let launched = try await client.runInstances(Emulator.launch())
            #expect(region.allInstances.map(\.id) == launched.instanceIds)
            #expect(region.calls(of: "RunInstances").map(\.outcome) == [.responseLost, .success])
            #expect(Set(region.calls(of: "RunInstances").map(\.clientToken)).count == 1)
        }
    }

    @Test("Nothing listening is a retryable connection failure, not a hang", arguments: TransportKind.allCases)
    func nothingListening(transport: TransportKind) async throws {
        let region = SimulatedRegion(clock: SystemClock())
        let endpoint = try await ECSEmulatorServer.withRunningServer(region: region) { $0 }
        let client = try ECSClient(
            region: "cn-hangzhou", credentials: .static(accessKeyId: Emulator.keyId, accessKeySecret: Emulator.secret),
            transport: transport.make(connectTimeout: .seconds(30), requestTimeout: .seconds(60)), endpoint: endpoint.url,
            configuration: .init(retryPolicy: .none, environment: [:]))
        let started = ContinuousClock.now
        let error = await #expect(throws: ECSClientError.self) { try await client.describeInstances(DescribeInstancesRequest()) }
        #expect(error?.kind == .connectionFailed)
        #expect(error.map { RetryPolicy.default.isRetryable($0) } == true)
        // A refused connection is reported at once, not after the 30-second connect timeout.
        #expect(ContinuousClock.now - started < .seconds(10))
    }
}
