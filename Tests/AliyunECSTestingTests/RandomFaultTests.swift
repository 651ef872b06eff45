import AliyunECS
import AliyunECSTesting
import Foundation
import Testing

/// Throttling, server errors, latency and launch times drawn at random, from the seed and the call itself.
@Suite("Simulator: random faults", .timeLimit(.minutes(1)))
struct RandomFaultTests {
    static func configuration(seed: UInt64 = 9, throttling: Double = 0.2, serverErrors: Double = 0.1, latency: Duration = .zero, spread: Double = 0)
        -> SimulatedRegionConfiguration
    {
        SimulatedRegionConfiguration(
            seed: seed, randomFaults: SimulatedRandomFaults(
                throttlingRate: throttling, serverErrorRate: serverErrors, latencyMedian: latency, latencySpread: spread))
    }

    /// The answer to DescribeInstances for each of `names`, asked in that order.
    static func outcomes(_ region: SimulatedRegion, asking names: [String]) async throws -> [String: String] {
        let client = try region.makeClient(retryPolicy: .none)
        var outcomes: [String: String] = [:]
        for name in names {
            do {
                _ = try await client.describeInstances(DescribeInstancesRequest().with { $0.instanceName = name })
                outcomes[name] = "ok"
            } catch let error as ECSServiceError {
                outcomes[name] = error.code
            }
        }
        return outcomes
    }

    @Test("About the configured shares of calls are throttled or fail, with ECS's codes")
    func shares() async throws {
        let (region, _) = try Sim.region(Self.configuration())
        let outcomes = try await Self.outcomes(region, asking: (0..<1000).map { "worker-\($0)" })
        let throttled = outcomes.values.count { $0 == "Throttling.User" }
        let failed = outcomes.values.count { $0 == "InternalError" }
        #expect((150...250).contains(throttled), "\(throttled) of 1000 throttled, 20 % expected")
        #expect((60...140).contains(failed), "\(failed) of 1000 failed, 10 % expected")
        #expect(throttled + failed + outcomes.values.count { $0 == "ok" } == 1000)
    }

    @Test("A call's answer depends on the call and the seed, not on the order calls arrive in")
    func orderIndependent() async throws {
        let names = (0..<200).map { "worker-\($0)" }
        let (forward, _) = try Sim.region(Self.configuration())
        let (backward, _) = try Sim.region(Self.configuration())
        let inOrder = try await Self.outcomes(forward, asking: names)
        #expect(try await Self.outcomes(backward, asking: names.reversed()) == inOrder)
        let (reseeded, _) = try Sim.region(Self.configuration(seed: 10))
        #expect(try await Self.outcomes(reseeded, asking: names) != inOrder)
    }

    @Test("A retry is a new draw: the client's retries get through what a single attempt does not")
    func retriesGetThrough() async throws {
        let (region, clock) = try Sim.region(Self.configuration(throttling: 0.3, serverErrors: 0))
        let client = try region.makeClient(retryPolicy: .exponential(maximumRetries: 6))
        try await clock.run {
            for index in 0..<100 {
                _ = try await client.describeInstances(DescribeInstancesRequest().with { $0.instanceName = "worker-\(index)" })
            }
        }
        #expect(region.calls(of: "DescribeInstances").count > 100)
    }

    @Test("Each call waits its drawn latency on the region's clock")
    func latency() async throws {
        let (region, clock) = try Sim.region(Self.configuration(throttling: 0, serverErrors: 0, latency: .milliseconds(250)))
        let client = try region.makeClient(retryPolicy: .none)
        let start = clock.now
        try await clock.run {
            for _ in 0..<4 { _ = try await client.describeInstances(DescribeInstancesRequest()) }
        }
        #expect(abs(clock.now.timeIntervalSince(start) - 1.0) < 1e-6)

        let (spread, spreadClock) = try Sim.region(Self.configuration(throttling: 0, serverErrors: 0, latency: .milliseconds(250), spread: 0.5))
        let spreadClient = try spread.makeClient(retryPolicy: .none)
        let waits = try await spreadClock.run {
            var waits: [Double] = []
            for index in 0..<50 {
                let before = spreadClock.now
                _ = try await spreadClient.describeInstances(DescribeInstancesRequest().with { $0.instanceName = "worker-\(index)" })
                waits.append(spreadClock.now.timeIntervalSince(before))
            }
            return waits
        }
        let sorted = waits.sorted()
        #expect(Set(waits).count > 40, "calls draw different latencies")
        #expect(sorted[25] > 0.15 && sorted[25] < 0.4, "median near 250 ms: \(sorted[25])")
    }

    @Test("With a spread, each launch draws its own time to Running, the same for the seed")
    func pendingSpread() async throws {
        func runningTimes(seed: UInt64) async throws -> [Double] {
            let configuration = SimulatedRegionConfiguration(pendingDuration: .seconds(30), seed: seed, pendingDurationSpread: 0.4)
            let (region, clock) = try Sim.region(configuration)
            let client = try region.makeClient(retryPolicy: .none)
            let ids = try await client.runInstances(Sim.launch(amount: 20)).instanceIds
            return ids.compactMap { region.instance($0)?.runningAt.timeIntervalSince(clock.now) }
        }
        let times = try await runningTimes(seed: 5)
        #expect(times.count == 20)
        #expect(Set(times).count == 20)
        #expect(times.sorted()[10] > 20 && times.sorted()[10] < 45)
        #expect(try await runningTimes(seed: 5) == times)
    }
}
