import AliyunECSTesting
import Foundation
import Testing
@testable import AliyunECS

/// Retries that are safe by default: transient failures are retried with backoff, each attempt signed
/// afresh, and RunInstances/CreateImage never act twice.
@Suite("Retries and idempotency")
struct RetryTests {
    static func launchRequest() -> RunInstancesRequest {
        RunInstancesRequest().with {
            $0.zoneId = "cn-hangzhou-i"
            $0.imageId = "aliyun_3_9_x64_20G_alibase_20231219.vhd"
            $0.instanceType = "ecs.e-c1m1.large"
            $0.securityGroupId = "sg-x"
            $0.vSwitchId = "vsw-x"
            $0.spotStrategy = .spotAsPriceGo
            $0.spotDuration = 0
            $0.instanceChargeType = .postPaid
            $0.internetMaxBandwidthOut = 1
        }
    }

    @Test("A throttling storm is ridden out: one ClientToken, fresh nonces, one instance")
    func throttlingStorm() async throws {
        let region = SimulatedRegion()
        region.inject(.throttling(action: "RunInstances", times: 2))
        let client = try region.makeClient()
        let clock = try #require(region.virtualClock)
        let response = try await clock.run { try await client.runInstances(Self.launchRequest()) }

        let calls = region.calls(of: "RunInstances")
        #expect(calls.count == 3)
        #expect(calls.map(\.attempt) == [1, 2, 3])
        #expect(Set(calls.compactMap(\.clientToken)).count == 1, "one ClientToken for every attempt")
        #expect(calls.allSatisfy { ($0.clientToken ?? "").count <= 64 })
        #expect(Set(calls.compactMap(\.nonce)).count == 3, "every attempt signed with a new nonce")
        #expect(calls[0].time < calls[2].time, "the retries waited")
        #expect(region.liveInstances.count == 1)
        #expect(response.instanceIds == region.liveInstances.map(\.id))
    }

    @Test("A response lost after the launch took effect does not launch a second instance")
    func lostResponse() async throws {
        let region = SimulatedRegion()
        region.inject(.responseLostAfterEffect(action: "RunInstances", times: 1))
        let client = try region.makeClient()
        let clock = try #require(region.virtualClock)
        let response = try await clock.run { try await client.runInstances(Self.launchRequest()) }
        let calls = region.calls(of: "RunInstances")
        #expect(calls.map(\.outcome) == [.responseLost, .success])
        #expect(region.allInstances.count == 1)
        #expect(response.instanceIds == [region.allInstances[0].id])
    }

    @Test("CreateImage keeps one ClientToken across retries: one image")
    func createImageIdempotent() async throws {
        let region = SimulatedRegion()
        let ids = region.addInstances(count: 1)
        region.inject(.responseLostAfterEffect(action: "CreateImage", times: 1))
        region.inject(.internalError(action: "CreateImage", times: 1))
        let client = try region.makeClient()
        let clock = try #require(region.virtualClock)
        let response = try await clock.run { try await client.createImage(CreateImageRequest().with {
            $0.instanceId = ids[0]
            $0.imageName = "backup"
        }) }
        #expect(region.images.map(\.id) == [response.imageId])
        #expect(Set(region.calls(of: "CreateImage").compactMap(\.clientToken)).count == 1)
    }

    @Test("HTML 5xx pages and dropped connections are retried", arguments: [
        SimulatedFault.serviceUnavailableHTML(action: "DescribeInstances", times: 2),
        SimulatedFault.badGatewayHTML(action: "DescribeInstances", times: 3),
        SimulatedFault.connectionLost(action: "DescribeInstances", times: 3),
        SimulatedFault.internalError(action: "DescribeInstances", times: 1),
    ])
    func transientFailures(fault: SimulatedFault) async throws {
        let region = SimulatedRegion()
        region.addInstances(count: 3)
        region.inject(fault)
        let client = try region.makeClient()
        let clock = try #require(region.virtualClock)
        let response = try await clock.run { try await client.describeInstances(DescribeInstancesRequest()) }
        #expect(response.instances.count == 3)
        #expect(region.calls(of: "DescribeInstances").last?.succeeded == true)
    }

    @Test("Other 4xx answers are final")
    func nonRetryable() async throws {
        let region = SimulatedRegion()
        region.inject(.error(code: "InvalidParameter", status: 400, action: "DescribeInstances", times: 5))
        let client = try region.makeClient()
        let clock = try #require(region.virtualClock)
        await #expect(throws: ECSServiceError.self) {
            try await clock.run { try await client.describeInstances(DescribeInstancesRequest()) }
        }
        #expect(region.calls.count == 1)
    }

    @Test("After the last retry the last error is thrown")
    func exhaustion() async throws {
        let region = SimulatedRegion()
        region.inject(.throttling(action: nil, times: nil))
        let client = try region.makeClient(retryPolicy: .exponential(maximumRetries: 2))
        let clock = try #require(region.virtualClock)
        let error = await #expect(throws: ECSServiceError.self) {
            try await clock.run { try await client.describeInstances(DescribeInstancesRequest()) }
        }
        #expect(error?.isThrottling == true)
        #expect(region.calls.count == 3)
    }

    @Test("Backoff doubles up to the cap, and a per-call policy overrides the client's")
    func backoffGrowth() async throws {
        let region = SimulatedRegion()
        region.inject(.throttling(action: nil, times: 4))
        let client = try region.makeClient(retryPolicy: .none)
        let clock = try #require(region.virtualClock)
        let policy = RetryPolicy.exponential(maximumRetries: 4, baseDelay: .seconds(1), maximumDelay: .seconds(3), deadline: nil, jitter: .none)
        _ = try await clock.run { try await client.describeInstances(DescribeInstancesRequest(), options: .init(retryPolicy: policy)) }
        let times = region.calls.map(\.time)
        let gaps = zip(times.dropFirst(), times).map { $0.timeIntervalSince($1) }
        #expect(gaps == [1, 2, 3, 3])
    }

    @Test("Full jitter keeps every wait between zero and the exponential bound")
    func jitterBounds() {
        let policy = RetryPolicy.exponential(baseDelay: .seconds(1), maximumDelay: .seconds(20), jitter: .full)
        for retry in 1...8 {
            let bound = min(pow(2.0, Double(retry - 1)), 20)
            #expect(policy.backoff(beforeRetry: retry, random: 0) == .zero)
            #expect(abs(policy.backoff(beforeRetry: retry, random: 0.999_999).inSeconds - bound) < 0.001)
            #expect(policy.backoff(beforeRetry: retry, random: 0.5).inSeconds <= bound)
        }
    }

    @Test("The overall deadline stops retries that would end after it")
    func deadline() async throws {
        let region = SimulatedRegion()
        region.inject(.throttling(action: nil, times: nil))
        let policy = RetryPolicy.exponential(maximumRetries: 10, baseDelay: .seconds(4), maximumDelay: .seconds(4), deadline: .seconds(10), jitter: .none)
        let client = try region.makeClient(retryPolicy: policy)
        let clock = try #require(region.virtualClock)
        await #expect(throws: ECSServiceError.self) {
            try await clock.run { try await client.describeInstances(DescribeInstancesRequest()) }
        }
        #expect(region.calls.count == 3, "attempts at 0 s, 4 s and 8 s; a wait to 12 s would pass the deadline")
    }

    @Test("A Retry-After hint longer than the backoff is honoured")
    func retryAfter() async throws {
        let clock = VirtualClock()
        let start = clock.now
        let transport = ScriptedTransport([
            .respond(503, #"{"Code":"ServiceUnavailable","Message":"busy"}"#, headers: [HTTPHeader(name: "Retry-After", value: "7")]),
            .respond(200, #"{"RequestId":"r","Instances":{"Instance":[]}}"#),
        ])
        let client = try TestClients.client(transport: transport, clock: clock)
        _ = try await clock.run { try await client.describeInstances(DescribeInstancesRequest()) }
        #expect(transport.requests.count == 2)
        #expect(clock.now.timeIntervalSince(start) >= 7)
    }

    @Test("Cancelling a call ends its backoff wait at once with CancellationError")
    func cancellation() async throws {
        let region = SimulatedRegion()
        region.inject(.throttling(action: nil, times: nil))
        let policy = RetryPolicy.exponential(maximumRetries: 5, baseDelay: .seconds(60), maximumDelay: .seconds(60), deadline: nil, jitter: .none)
        let client = try region.makeClient(retryPolicy: policy)
        let clock = try #require(region.virtualClock)
        let task = Task { try await client.describeInstances(DescribeInstancesRequest()) }
        while clock.sleeperCount == 0 { await Task.yield() }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(region.calls.count == 1)
        #expect(clock.sleeperCount == 0)
    }

    @Test("The RPC scheme retries the same way, signing each attempt anew")
    func rpcRetries() async throws {
        let region = SimulatedRegion()
        region.inject(.throttling(action: "RunInstances", times: 1))
        let client = try region.makeClient(signatureAlgorithm: .rpcHMACSHA1)
        let clock = try #require(region.virtualClock)
        _ = try await clock.run { try await client.runInstances(Self.launchRequest()) }
        let calls = region.calls(of: "RunInstances")
        #expect(calls.count == 2 && calls.last?.succeeded == true)
        #expect(Set(calls.compactMap(\.nonce)).count == 2)
    }
}
