import AliyunECS
import AliyunECSEmulator
import AliyunECSTesting
import Foundation
import Testing

/// The simulated region served over real HTTP: what it answers, its faults over the wire, its lifecycle.
@Suite("Emulator server", .timeLimit(.minutes(1)))
struct EmulatorServerTests {
    @Test("A client launches and describes instances over HTTP, secrets redacted in the record",
          arguments: TransportKind.allCases, [SignatureAlgorithm.acs3HMACSHA256, .rpcHMACSHA1])
    func roundTrip(transport: TransportKind, algorithm: SignatureAlgorithm) async throws {
        let region = SimulatedRegion(clock: SystemClock())
        try await ECSEmulatorServer.withRunningServer(region: region) { endpoint in
            #expect(endpoint.url == "http://127.0.0.1:\(endpoint.port)")
            #expect(endpoint.port > 0)
            let client = try Emulator.client(endpoint, transport: transport, algorithm: algorithm)
            var request = Emulator.launch(amount: 2, tags: [ECSTag(key: "via", value: "loopback")])
            request.password = "Loopback-Secret1"
            let launched = try await client.runInstances(request)
            #expect(launched.instanceIds.count == 2)
            let described = try await client.describeInstances(DescribeInstancesRequest(instanceIds: launched.instanceIds))
            #expect(described.instances.map(\.instanceId) == launched.instanceIds)
            #expect(described.instances.allSatisfy { $0.zoneId == "cn-hangzhou-i" && $0.status == .pending })
            #expect(region.calls.map(\.outcome) == [.success, .success])
            #expect(region.calls.first?.parameters["Password"] == Redaction.placeholder)
        }
    }

    @Test("ECS errors, throttling and a proxy's HTML page travel over HTTP", arguments: TransportKind.allCases)
    func errors(transport: TransportKind) async throws {
        let region = SimulatedRegion(clock: SystemClock())
        try await ECSEmulatorServer.withRunningServer(region: region) { endpoint in
            let client = try Emulator.client(endpoint, transport: transport)
            let notFound = await #expect(throws: ECSServiceError.self) {
                try await client.createImage(CreateImageRequest().with {
                    $0.instanceId = "i-missing"
                    $0.imageName = "x"
                })
            }
            #expect(notFound?.code == "InvalidInstanceId.NotFound")
            #expect(notFound?.httpStatus == 404)

            region.inject(.throttling(action: "DescribeInstances", times: 1))
            let throttled = await #expect(throws: ECSServiceError.self) {
                try await client.describeInstances(DescribeInstancesRequest())
            }
            #expect(throttled?.code == "Throttling.User")

            region.inject(.serviceUnavailableHTML(action: "DescribeImages", times: 1))
            let html = await #expect(throws: ECSClientError.self) {
                try await client.describeImages(DescribeImagesRequest())
            }
            #expect(html?.kind == .unexpectedResponse)
            #expect(html?.httpStatus == 503)
            #expect(html?.bodyExcerpt?.contains("503 Service Temporarily Unavailable") == true)
        }
    }

    @Test("A response lost after the effect: the connection closes unanswered, the instance exists, the server goes on",
          arguments: TransportKind.allCases)
    func lostResponse(transport: TransportKind) async throws {
        let region = SimulatedRegion(clock: SystemClock())
        region.inject(.responseLostAfterEffect(action: "RunInstances", times: 1))
        try await ECSEmulatorServer.withRunningServer(region: region) { endpoint in
            let client = try Emulator.client(endpoint, transport: transport)
            let error = await #expect(throws: ECSClientError.self) {
                try await client.runInstances(Emulator.launch())
            }
            #expect(error?.kind == .connectionFailed)
            #expect(region.allInstances.count == 1)
            #expect(region.calls.map(\.outcome) == [.responseLost])
            #expect(try await client.describeInstances(DescribeInstancesRequest()).instances.count == 1)
        }
    }

    @Test("A lost request: the client sees a connection failure and nothing happened", arguments: TransportKind.allCases)
    func lostRequest(transport: TransportKind) async throws {
        let region = SimulatedRegion(clock: SystemClock())
        region.inject(.connectionLost(action: "RunInstances", times: 1))
        try await ECSEmulatorServer.withRunningServer(region: region) { endpoint in
            let client = try Emulator.client(endpoint, transport: transport)
            let error = await #expect(throws: ECSClientError.self) {
                try await client.runInstances(Emulator.launch())
            }
            #expect(error?.kind == .connectionFailed)
            #expect(region.allInstances.isEmpty)
        }
    }

    @Test("A latency fault waits on the region's clock, holding no thread: other calls are answered meanwhile")
    func latencyOnTheRegionClock() async throws {
        let clock = VirtualClock()
        let region = SimulatedRegion(clock: clock)
        region.inject(.latency(.seconds(30), action: "RunInstances", times: 1))
        try await ECSEmulatorServer.withRunningServer(region: region) { endpoint in
            // The client signs with the region's virtual time, as the region checks the date against it.
            let client = try ECSClient(
                region: "cn-hangzhou", credentials: .static(accessKeyId: Emulator.keyId, accessKeySecret: Emulator.secret),
                transport: .asyncHTTPClient(), endpoint: endpoint.url,
                configuration: .init(retryPolicy: .none, clock: clock, environment: [:]))
            let slow = Task { try await client.runInstances(Emulator.launch()) }
            // The slow call is parked on the virtual clock; the server keeps answering others.
            while clock.sleeperCount == 0 { try await Task.sleep(for: .milliseconds(5)) }
            #expect(try await client.describeInstances(DescribeInstancesRequest()).instances.isEmpty)
            #expect(region.allInstances.isEmpty)
            await clock.advance(by: .seconds(30))
            #expect(try await slow.value.instanceIds.count == 1)
        }
    }

    @Test("Connections are kept alive: two requests on one connection get two answers")
    func keepAlive() async throws {
        let region = SimulatedRegion(clock: SystemClock())
        try await ECSEmulatorServer.withRunningServer(region: region, configuration: Emulator.testConfiguration) { endpoint in
            let request = RawConnection.http("POST /?Action=DescribeInstances HTTP/1.1\nHost: 127.0.0.1\nContent-Length: 0\n\n")
            let outcome = try await RawConnection.exchange(port: endpoint.port, send: [request, request], wait: .milliseconds(200))
            #expect(outcome.responseCount == 2)
            #expect(outcome.firstStatus == 400)
            #expect(outcome.text.contains("IncompleteSignature"))
            #expect(!outcome.closedByServer)
        }
    }

    @Test("Port 0 gives a free port; a busy port fails to start; a server runs once")
    func lifecycle() async throws {
        let region = SimulatedRegion(clock: SystemClock())
        let server = ECSEmulatorServer(region: region)
        try await server.withRunning { endpoint in
            let busy = ECSEmulatorServer(region: region, configuration: .init(port: endpoint.port))
            await #expect(throws: (any Error).self) { try await busy.withRunning { _ in } }
            let served = try await Emulator.servesSignedRequests(endpoint)
            #expect(served)
        }
        await #expect(throws: ECSEmulatorError.self) { try await server.run() }
        await #expect(throws: ECSEmulatorError.self) { try await server.waitUntilRunning() }
    }
}
