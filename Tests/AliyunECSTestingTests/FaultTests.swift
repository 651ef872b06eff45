import AliyunECS
import AliyunECSTesting
import Foundation
import Testing

/// Faults on demand: throttling, 5xx pages, sold-out capacity, latency, and lost requests or answers.
@Suite("Simulator: faults", .timeLimit(.minutes(1)))
struct FaultTests {
    @Test("Throttling hits only the chosen action, and only as many times as asked")
    func throttling() async throws {
        let (region, _) = try Sim.region()
        region.inject(.throttling(action: "RunInstances", times: 2))
        let client = try region.makeClient(retryPolicy: .none)

        _ = try await client.describeInstances(DescribeInstancesRequest())
        for _ in 0..<2 {
            let error = await #expect(throws: ECSServiceError.self) {
                try await client.runInstances(Sim.launch())
            }
            #expect(error?.code == "Throttling.User")
            #expect(error?.isThrottling == true)
            _ = try await client.describeInstances(DescribeInstancesRequest())
        }
        _ = try await client.runInstances(Sim.launch())
        #expect(region.allInstances.count == 1, "throttled calls had no effect")
        #expect(region.calls(of: "RunInstances").map(\.outcome) == [.error(code: "Throttling.User"), .error(code: "Throttling.User"), .success])
        #expect(region.calls(of: "DescribeInstances").allSatisfy { $0.succeeded })
    }

    @Test("A proxy's HTML 503 page reaches the client as an unexpected response, on the chosen action only")
    func htmlServiceUnavailable() async throws {
        let (region, _) = try Sim.region()
        region.addInstances(count: 1)
        region.inject(.serviceUnavailableHTML(action: "DescribeImages", times: 1))
        let client = try region.makeClient(retryPolicy: .none)

        #expect(try await client.describeInstances(DescribeInstancesRequest()).instances.count == 1)
        let error = await #expect(throws: ECSClientError.self) {
            try await client.describeImages(DescribeImagesRequest())
        }
        #expect(error?.kind == .unexpectedResponse)
        #expect(error?.httpStatus == 503)
        #expect(error?.bodyExcerpt?.contains("503 Service Temporarily Unavailable") == true)
        _ = try await client.describeImages(DescribeImagesRequest())
        #expect(region.calls.map(\.outcome) == [.success, .rawBody, .success])
        #expect(region.calls.map(\.httpStatus) == [200, 503, 200])
    }

    @Test("A 5xx with an ECS body is an ECSServiceError with its status")
    func internalError() async throws {
        let (region, _) = try Sim.region()
        region.inject(.internalError(action: "DescribeInstances", times: 1))
        region.inject(.badGatewayHTML(action: "DescribeInstances", times: 1))
        let client = try region.makeClient(retryPolicy: .none)
        let first = await #expect(throws: ECSServiceError.self) {
            try await client.describeInstances(DescribeInstancesRequest())
        }
        #expect(first?.code == "InternalError")
        #expect(first?.httpStatus == 500)
        let second = await #expect(throws: ECSClientError.self) {
            try await client.describeInstances(DescribeInstancesRequest())
        }
        #expect(second?.httpStatus == 502)
        _ = try await client.describeInstances(DescribeInstancesRequest())
    }

    @Test("A fault for every action without a count lasts until cleared")
    func unlimitedFault() async throws {
        let (region, _) = try Sim.region()
        region.inject(.throttling(action: nil, times: nil))
        let client = try region.makeClient(retryPolicy: .none)
        for _ in 0..<3 {
            await #expect(throws: ECSServiceError.self) { try await client.describeInstances(DescribeInstancesRequest()) }
            await #expect(throws: ECSServiceError.self) { try await client.describeImages(DescribeImagesRequest()) }
        }
        region.clearFaults()
        _ = try await client.describeInstances(DescribeInstancesRequest())
        #expect(region.calls.count == 7)
        #expect(region.calls.last?.succeeded == true)
    }

    @Test("With the default policy the client rides out injected faults; the record shows each attempt")
    func retriedThroughFaults() async throws {
        let (region, clock) = try Sim.region()
        region.inject(.serviceUnavailableHTML(action: "DescribeInstances", times: 1))
        region.inject(.throttling(action: "DescribeInstances", times: 1))
        let client = try region.makeClient()
        _ = try await clock.run { try await client.describeInstances(DescribeInstancesRequest()) }
        #expect(region.calls.map(\.outcome) == [.rawBody, .error(code: "Throttling.User"), .success])
        #expect(region.calls.map(\.attempt) == [1, 2, 3])
    }

    @Test("A sold-out zone and type refuse RunInstances with OperationDenied.NoStock; other zones and types launch")
    func soldOut() async throws {
        let (region, _) = try Sim.region()
        region.setSoldOut(zoneId: "cn-hangzhou-i", instanceType: "ecs.g7.large")
        let client = try region.makeClient(retryPolicy: .none)
        let error = await #expect(throws: ECSServiceError.self) {
            try await client.runInstances(Sim.launch(zoneId: "cn-hangzhou-i", vSwitchId: "vsw-sim-i", instanceType: "ecs.g7.large"))
        }
        #expect(error?.code == "OperationDenied.NoStock")
        #expect(error?.httpStatus == 403)
        #expect(error?.isCapacityShortage == true)
        #expect(region.allInstances.isEmpty)

        let otherZone = try await client.runInstances(Sim.launch(zoneId: "cn-hangzhou-j", vSwitchId: "vsw-sim-j", instanceType: "ecs.g7.large"))
        let otherType = try await client.runInstances(Sim.launch(zoneId: "cn-hangzhou-i", vSwitchId: "vsw-sim-i", instanceType: "ecs.c7.large"))
        #expect(region.instance(try #require(otherZone.instanceIds.first))?.zoneId == "cn-hangzhou-j")
        #expect(region.instance(try #require(otherType.instanceIds.first))?.instanceType == "ecs.c7.large")

        region.clearSoldOut()
        _ = try await client.runInstances(Sim.launch(zoneId: "cn-hangzhou-i", vSwitchId: "vsw-sim-i", instanceType: "ecs.g7.large"))
        #expect(region.allInstances.count == 3)
    }

    @Test("A whole zone can be sold out, with another code, until a chosen time")
    func soldOutUntil() async throws {
        let (region, clock) = try Sim.region()
        region.setSoldOut(zoneId: "cn-hangzhou-k", code: "Zone.NotOnSale", until: clock.now.plus(600))
        let client = try region.makeClient(retryPolicy: .none)
        for type in ["ecs.g7.large", "ecs.c7.large"] {
            let error = await #expect(throws: ECSServiceError.self) {
                try await client.runInstances(Sim.launch(zoneId: "cn-hangzhou-k", vSwitchId: "vsw-sim-k", instanceType: type))
            }
            #expect(error?.code == "Zone.NotOnSale")
        }
        await clock.advance(by: .seconds(600))
        _ = try await client.runInstances(Sim.launch(zoneId: "cn-hangzhou-k", vSwitchId: "vsw-sim-k"))
        #expect(region.allInstances.count == 1)
    }

    @Test("Latency delays the chosen calls by exactly that much virtual time")
    func latency() async throws {
        let (region, clock) = try Sim.region()
        region.inject(.latency(.seconds(45), action: "DescribeInstances", times: 2))
        let client = try region.makeClient(retryPolicy: .none)
        let start = clock.now

        _ = try await clock.run { try await client.describeImages(DescribeImagesRequest()) }
        #expect(clock.now == start, "other actions are not delayed")
        _ = try await clock.run { try await client.describeInstances(DescribeInstancesRequest()) }
        #expect(clock.now == start.plus(45))
        _ = try await clock.run { try await client.describeInstances(DescribeInstancesRequest()) }
        #expect(clock.now == start.plus(90))
        _ = try await clock.run { try await client.describeInstances(DescribeInstancesRequest()) }
        #expect(clock.now == start.plus(90), "the fault was used up")
        #expect(region.calls.map { $0.time.timeIntervalSince(start) } == [0, 45, 90, 90])
    }

    @Test("Latency adds to another fault instead of replacing it")
    func latencyWithError() async throws {
        let (region, clock) = try Sim.region()
        region.inject(.latency(.seconds(5), action: "RunInstances", times: 1))
        region.inject(.throttling(action: "RunInstances", times: 1))
        let client = try region.makeClient(retryPolicy: .none)
        let start = clock.now
        let error = await #expect(throws: ECSServiceError.self) {
            try await clock.run { try await client.runInstances(Sim.launch()) }
        }
        #expect(error?.isThrottling == true)
        #expect(clock.now == start.plus(5))
    }

    @Test("A sleeping latency is cancelled at once with the call")
    func latencyCancellation() async throws {
        let (region, clock) = try Sim.region()
        region.inject(.latency(.seconds(3600), action: nil, times: 1))
        let client = try region.makeClient(retryPolicy: .none)
        let task = Task { try await client.describeInstances(DescribeInstancesRequest()) }
        while clock.sleeperCount == 0 { await Task.yield() }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(region.calls.isEmpty, "the region never saw the request")
        #expect(clock.sleeperCount == 0)
    }

    @Test("A response lost after the action took effect: the instance exists, the client sees a connection failure")
    func responseLost() async throws {
        let (region, _) = try Sim.region()
        region.inject(.responseLostAfterEffect(action: "RunInstances", times: 1))
        let client = try region.makeClient(retryPolicy: .none)
        let error = await #expect(throws: ECSClientError.self) {
            try await client.runInstances(Sim.launch())
        }
        #expect(error?.kind == .connectionFailed)
        #expect(region.allInstances.count == 1, "the launch happened")
        #expect(region.calls.map(\.outcome) == [.responseLost])
        #expect(region.calls.first?.httpStatus == 200)
    }

    @Test("A lost CreateImage answer: the image exists anyway")
    func createImageResponseLost() async throws {
        let (region, _) = try Sim.region()
        let id = try #require(region.addInstances(count: 1).first)
        region.inject(.responseLostAfterEffect(action: "CreateImage", times: 1))
        let client = try region.makeClient(retryPolicy: .none)
        let error = await #expect(throws: ECSClientError.self) {
            try await client.createImage(CreateImageRequest().with { $0.instanceId = id; $0.imageName = "lost" })
        }
        #expect(error?.kind == .connectionFailed)
        #expect(region.images.map(\.name) == ["lost"])
    }

    @Test("A connection lost before the region: nothing happened, the client sees a connection failure")
    func connectionLost() async throws {
        let (region, _) = try Sim.region()
        region.inject(.connectionLost(action: "RunInstances", times: 1))
        let client = try region.makeClient(retryPolicy: .none)
        let error = await #expect(throws: ECSClientError.self) {
            try await client.runInstances(Sim.launch())
        }
        #expect(error?.kind == .connectionFailed)
        #expect(region.allInstances.isEmpty, "the launch did not happen")
        #expect(region.calls.map(\.outcome) == [.connectionLost])
        #expect(region.calls.first?.httpStatus == nil)
        _ = try await client.runInstances(Sim.launch())
        #expect(region.allInstances.count == 1)
    }

    @Test("A request lost before the region does not use up its nonce")
    func connectionLostKeepsNonce() async throws {
        let (region, _) = try Sim.region()
        region.inject(.connectionLost(action: "DescribeInstances", times: 1))
        let client = try Sim.client(for: region, nonceGenerator: { "nonce-of-a-lost-request" })
        await #expect(throws: ECSClientError.self) {
            try await client.describeInstances(DescribeInstancesRequest())
        }
        // The region never saw the first request, so the same nonce is still new to it.
        _ = try await client.describeInstances(DescribeInstancesRequest())
        #expect(region.calls.map(\.outcome) == [.connectionLost, .success])
    }

    @Test("Any ECS error can be injected")
    func customError() async throws {
        let (region, _) = try Sim.region()
        region.inject(.error(code: "InvalidParameter", status: 400, message: "Nope.", action: "DescribeImages", times: 1))
        let client = try region.makeClient(retryPolicy: .none)
        let error = await #expect(throws: ECSServiceError.self) {
            try await client.describeImages(DescribeImagesRequest())
        }
        #expect(error?.code == "InvalidParameter")
        #expect(error?.message == "Nope.")
        #expect(error?.requestId?.isEmpty == false)
    }
}
