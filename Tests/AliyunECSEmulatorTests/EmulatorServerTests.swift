import AliyunECS
import AliyunECSEmulator
import AliyunECSTesting
import Foundation
import Logging
import ServiceLifecycle
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
            let client = try Emulator.client(endpoint, transport: .asyncHTTPClient, clock: clock)
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

    @Test("Pipelined requests are answered in order; a request that asks to close is answered, then the connection closes")
    func pipeliningAndClose() async throws {
        let region = SimulatedRegion(clock: SystemClock())
        try await ECSEmulatorServer.withRunningServer(region: region, configuration: Emulator.testConfiguration) { endpoint in
            let describe = "POST /?Action=DescribeInstances HTTP/1.1\nHost: 127.0.0.1\nContent-Length: 0\n\n"
            let refused = "POST / HTTP/1.1\nHost: 127.0.0.1\nContent-Length: 100000\n\n"
            // Three requests in one write: the third is over the body limit, so it ends the connection.
            let pipelined = try await RawConnection.exchange(
                port: endpoint.port, send: [RawConnection.http(describe + describe + refused)], wait: .seconds(5))
            #expect(pipelined.responseCount == 3)
            #expect(pipelined.text.components(separatedBy: "HTTP/1.1 ").dropFirst().map { $0.prefix(3) } == ["400", "400", "413"])
            #expect(pipelined.closedByServer)

            for closing in ["POST /?Action=DescribeInstances HTTP/1.0\nHost: 127.0.0.1\nContent-Length: 0\n\n",
                            "POST /?Action=DescribeInstances HTTP/1.1\nHost: 127.0.0.1\nConnection: close\nContent-Length: 0\n\n"] {
                let outcome = try await RawConnection.exchange(port: endpoint.port, send: [RawConnection.http(closing)], wait: .seconds(5))
                #expect(outcome.responseCount == 1)
                #expect(outcome.firstStatus == 400)
                #expect(outcome.text.lowercased().contains("connection: close"))
                #expect(outcome.closedByServer)
            }
            // HTTP/1.0 that asks to keep the connection is told so, and the connection stays open.
            let kept = try await RawConnection.exchange(
                port: endpoint.port,
                send: [RawConnection.http("POST /?Action=DescribeInstances HTTP/1.0\nHost: 127.0.0.1\nConnection: keep-alive\nContent-Length: 0\n\n")],
                wait: .milliseconds(300))
            #expect(kept.responseCount == 1)
            #expect(kept.text.lowercased().contains("connection: keep-alive"))
            #expect(!kept.closedByServer)
        }
    }

    @Test("A graceful shutdown answers the request in flight, closes idle connections, then the server returns")
    func gracefulShutdown() async throws {
        let clock = VirtualClock()
        let region = SimulatedRegion(clock: clock)
        region.inject(.latency(.seconds(30), action: "RunInstances", times: 1))
        let server = ECSEmulatorServer(region: region)
        let group = ServiceGroup(configuration: .init(services: [.init(service: server)], logger: Logger(label: "test")))
        let running = Task { try await group.run() }
        let endpoint = try await server.waitUntilRunning()
        let client = try Emulator.client(endpoint, transport: .asyncHTTPClient, clock: clock)
        let slow = Task { try await client.runInstances(Emulator.launch()) }
        while clock.sleeperCount == 0 { try await Task.sleep(for: .milliseconds(5)) }
        // A kept-alive connection, idle after its answer when the shutdown begins: the server closes it.
        let request = RawConnection.http("POST /?Action=DescribeInstances HTTP/1.1\nHost: 127.0.0.1\nContent-Length: 0\n\n")
        let idle = Task { try await RawConnection.exchange(port: endpoint.port, send: [request], wait: .seconds(20)) }
        while region.calls.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
        await group.triggerGracefulShutdown()
        let closed = try await idle.value
        #expect(closed.responseCount == 1)
        #expect(closed.closedByServer)
        await clock.advance(by: .seconds(30))
        #expect(try await slow.value.instanceIds.count == 1)
        try await running.value
        await #expect(throws: ECSEmulatorError.self) { try await server.waitUntilRunning() }
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
