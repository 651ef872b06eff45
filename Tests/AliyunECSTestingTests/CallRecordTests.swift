import AliyunECS
import AliyunECSTesting
import Foundation
import Testing

/// The region records every call: action, parameters (secrets redacted), attempt, virtual time, outcome.
@Suite("Simulator: call record", .timeLimit(.minutes(1)))
struct CallRecordTests {
    @Test("Each attempt is recorded with its action, parameters, attempt number, virtual time and outcome", arguments: Sim.algorithms)
    func record(algorithm: SignatureAlgorithm) async throws {
        let (region, clock) = try Sim.region()
        region.inject(.throttling(action: "RunInstances", times: 2))
        let client = try region.makeClient(signatureAlgorithm: algorithm)
        let policy = RetryPolicy.exponential(maximumRetries: 3, baseDelay: .seconds(2), maximumDelay: .seconds(60), deadline: nil, jitter: .none)
        let start = clock.now
        var request = Sim.launch(password: "Sup3r-Secret!")
        request.userData = "IyEvYmluL3NoCmVjaG8gc2VjcmV0"
        _ = try await clock.run { [request] in try await client.runInstances(request, options: .init(retryPolicy: policy)) }
        await clock.advance(by: .seconds(10))
        _ = try await client.describeInstances(DescribeInstancesRequest().with { $0.zoneId = "cn-hangzhou-i" })

        let calls = region.calls
        #expect(calls.map(\.sequence) == [1, 2, 3, 4])
        #expect(calls.map(\.action) == ["RunInstances", "RunInstances", "RunInstances", "DescribeInstances"])
        #expect(calls.map(\.attempt) == [1, 2, 3, 1])
        #expect(calls.map { $0.time.timeIntervalSince(start) } == [0, 2, 6, 16])
        #expect(calls.map(\.outcome) == [.error(code: "Throttling.User"), .error(code: "Throttling.User"), .success, .success])
        #expect(calls.map(\.httpStatus) == [400, 400, 200, 200])
        #expect(calls.map(\.succeeded) == [false, false, true, true])

        let launch = try #require(calls.first)
        #expect(launch.parameters["InstanceType"] == "ecs.g7.large")
        #expect(launch.parameters["ZoneId"] == "cn-hangzhou-i")
        #expect(launch.parameters["RegionId"] == "cn-hangzhou")
        #expect(launch.parameters["Password"] == Redaction.placeholder)
        #expect(launch.parameters["UserData"] == Redaction.placeholder)
        #expect(!launch.parameters.values.contains { $0.contains("Sup3r-Secret!") })
        #expect(launch.parameters["Signature"] == nil, "signature parameters are not business parameters")
        #expect(launch.parameters["AccessKeyId"] == nil)
        #expect(launch.parameters["SignatureNonce"] == nil)
        #expect(launch.clientToken != nil)
        #expect(Set(calls.prefix(3).compactMap(\.clientToken)).count == 1)
        #expect(Set(calls.compactMap(\.nonce)).count == 4)
        #expect(calls.last?.parameters["ZoneId"] == "cn-hangzhou-i")

        #expect(region.calls(of: "DescribeInstances").map(\.sequence) == [4])
    }

    @Test("Refused calls are recorded with their error code")
    func refused() async throws {
        let (region, _) = try Sim.region()
        let client = try region.makeClient(retryPolicy: .none)
        await #expect(throws: ECSServiceError.self) {
            try await client.createImage(CreateImageRequest().with { $0.instanceId = "i-missing"; $0.imageName = "x" })
        }
        #expect(region.calls.map(\.outcome) == [.error(code: "InvalidInstanceId.NotFound")])
        #expect(region.calls.map(\.httpStatus) == [404])
        #expect(region.calls.first?.parameters["InstanceId"] == "i-missing")
    }

    @Test("The query is read as sent: empty pairs skipped, + as a space, a side that does not decode kept as it came")
    func queryAsSent() throws {
        let (region, _) = try Sim.region()
        let request = ECSHTTPRequest(
            method: "POST", urlString: "https://ecs.cn-hangzhou.aliyuncs.com/?A=1&&B=&=c&D&E=a+b%20c&F=%zz&G.=x%E4%B8%AD&H=%FF",
            headers: [HTTPHeader(name: "X-Acs-Action", value: "DescribeInstances")])
        let answer = try #require(region.handle(request))
        #expect(answer.statusCode == 400, "unsigned")
        let call = try #require(region.calls.first)
        #expect(call.action == "DescribeInstances", "header names are matched case-insensitively")
        #expect(call.outcome == .error(code: "IncompleteSignature"))
        #expect(call.parameters == ["A": "1", "B": "", "": "c", "D": "", "E": "a b c", "F": "%zz", "G.": "x中", "H": "%FF"])
    }

    @Test("resetCalls forgets the record and numbering starts again; state is kept")
    func reset() async throws {
        let (region, _) = try Sim.region()
        let client = try region.makeClient(retryPolicy: .none)
        _ = try await client.runInstances(Sim.launch())
        _ = try await client.describeInstances(DescribeInstancesRequest())
        #expect(region.calls.count == 2)
        region.resetCalls()
        #expect(region.calls.isEmpty)
        #expect(region.calls(of: "RunInstances").isEmpty)
        #expect(region.allInstances.count == 1)
        _ = try await client.describeImages(DescribeImagesRequest())
        #expect(region.calls.map(\.sequence) == [1])
        #expect(region.calls.map(\.action) == ["DescribeImages"])
    }

    @Test("observeCalls sees every handled call")
    func observer() async throws {
        let (region, _) = try Sim.region()
        let seen = EventLog<String>()
        region.observeCalls { seen.append($0.action) }
        let client = try region.makeClient(retryPolicy: .none)
        _ = try await client.describeInstances(DescribeInstancesRequest())
        _ = try await client.describeImages(DescribeImagesRequest())
        #expect(seen.entries == ["DescribeInstances", "DescribeImages"])
    }

    @Test("With a history limit only the latest calls are kept, numbered among all calls; a limit of 0 keeps none")
    func historyLimit() async throws {
        let (region, _) = try Sim.region(SimulatedRegionConfiguration(callHistoryLimit: 3))
        let client = try region.makeClient(retryPolicy: .none)
        for _ in 0..<5 { _ = try await client.describeImages(DescribeImagesRequest()) }
        #expect(region.calls.map(\.sequence) == [3, 4, 5])
        // Past the point where the kept calls are moved to the front of their storage.
        for _ in 0..<2_100 { _ = try await client.describeImages(DescribeImagesRequest()) }
        #expect(region.calls.map(\.sequence) == [2_103, 2_104, 2_105])
        region.resetCalls()
        _ = try await client.describeInstances(DescribeInstancesRequest())
        #expect(region.calls.map(\.sequence) == [1])
        #expect(region.calls.map(\.action) == ["DescribeInstances"])

        let (silent, _) = try Sim.region(SimulatedRegionConfiguration(callHistoryLimit: 0))
        let seen = EventLog<Int>()
        silent.observeCalls { seen.append($0.sequence) }
        let silentClient = try silent.makeClient(retryPolicy: .none)
        _ = try await silentClient.describeImages(DescribeImagesRequest())
        _ = try await silentClient.describeImages(DescribeImagesRequest())
        #expect(silent.calls.isEmpty)
        #expect(seen.entries == [1, 2], "the observer still sees every call")
    }
}
