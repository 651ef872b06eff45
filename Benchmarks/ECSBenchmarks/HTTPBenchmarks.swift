import AliyunECS
import AliyunECSAsyncHTTPClient
import Foundation

/// End-to-end calls over real HTTP on loopback, against an `ECSEmulator` process: exactly the work
/// `../shared/bench/py_sdk_http_bench.py` gives the official Python SDK, so that both clients' own costs
/// can be compared on the same server.
///
/// For each transport: 100 instances are launched first (one RunInstances call, Amount 100); then sequential
/// RunInstances (Amount 1) and DescribeInstances of those 100 IDs (one page), each for at least the minimum
/// time after 20 warm-up calls, over kept-alive connections. Reported per call: wall time and this
/// process's CPU time (user + system, every thread); and, when the emulator's process ID is known, the
/// emulator's own CPU time per request it served. With the AsyncHTTPClient transport, also the calls per
/// second of 64 tasks calling DescribeInstances at once (last, after every transport's sequential phases).
/// `ahc-loop` is the AsyncHTTPClient transport with each phase's calls made inside
/// `ECSClient.withPreferredExecutor`, on the transport's event loop.
struct HTTPBenchmarks {
    /// The emulator's URL.
    let url: String
    /// The emulator's process, for its CPU time (`nil`: not measured).
    let emulatorPID: Int32?
    /// Seconds each measured phase lasts at least.
    let minimumTime: Double
    /// `urlsession`, `ahc`, `ahc-loop` (or `ahc-nio`, with SwiftNIO installed as the executor by the caller).
    let transports: [String]
    /// Only the phases whose name contains this text (`runInstances`, `describeInstances.100`, `concurrent64`).
    var filter: String?

    /// Per-call figures of one phase.
    struct Measurement {
        var wallMicroseconds: Double
        var cpuMicroseconds: Double
        var emulatorCPUMicrosecondsPerRequest: Double?
    }

    /// The RunInstances request of the Python benchmark.
    static func launchRequest(amount: Int) -> RunInstancesRequest {
        RunInstancesRequest().with {
            $0.regionId = "cn-hangzhou"
            $0.zoneId = "cn-hangzhou-i"
            $0.imageId = "aliyun_3_9_x64_20G_alibase_20231219.vhd"
            $0.instanceType = "ecs.e-c1m1.large"
            $0.securityGroupId = "sg-bench"
            $0.vSwitchId = "vsw-sim-i"
            $0.amount = amount
            $0.spotStrategy = .spotAsPriceGo
            $0.spotDuration = 0
            $0.instanceChargeType = .postPaid
            $0.internetMaxBandwidthOut = 1
        }
    }

    /// Runs every phase for every transport and hands each figure to `record`.
    func run(record: (String, Double) -> Void) async throws {
        var concurrentPhase: (ECSClient, DescribeInstancesRequest)?
        for name in transports {
            let transport: any ECSTransport
            switch name {
            case "urlsession": transport = URLSessionTransport()
            case "ahc", "ahc-loop", "ahc-nio": transport = AsyncHTTPClientTransport()
            default: throw Workloads.BenchmarkError.unexpected("unknown transport \(name) (urlsession, ahc, ahc-loop or ahc-nio)")
            }
            let client = try ECSClient(
                region: "cn-hangzhou", credentials: .static(accessKeyId: "testid", accessKeySecret: "testsecret"),
                transport: transport, endpoint: url, configuration: .init(retryPolicy: .none, environment: [:]))
            let launched = try await client.runInstances(Self.launchRequest(amount: 100)).instanceIds
            guard launched.count == 100 else { throw Workloads.BenchmarkError.unexpected("expected 100 instances, got \(launched.count)") }
            let describe = DescribeInstancesRequest().with { $0.instanceIds = launched; $0.maxResults = 100 }
            let single = Self.launchRequest(amount: 1)

            func wanted(_ phase: String) -> Bool { filter.map { phase.contains($0) } ?? true }
            // ahc-loop: the whole phase, warm-up included, runs on the transport's event loop.
            func measurePhase(_ operation: () async throws -> Void) async throws -> Measurement {
                guard name == "ahc-loop" else { return try await measure(operation) }
                return try await client.withPreferredExecutor { try await measure(operation) }
            }
            func report(_ phase: String, _ measured: Measurement) {
                record("http.\(name).\(phase).wall_us", measured.wallMicroseconds)
                record("http.\(name).\(phase).cpu_us", measured.cpuMicroseconds)
                if let emulator = measured.emulatorCPUMicrosecondsPerRequest {
                    record("http.emulator.\(name).\(phase).cpu_us_per_request", emulator)
                }
            }
            if wanted("runInstances") {
                report("runInstances", try await measurePhase {
                    let response = try await client.runInstances(single)
                    guard response.instanceIds.count == 1 else { throw Workloads.BenchmarkError.unexpected("RunInstances answer") }
                })
            }
            if wanted("describeInstances.100") {
                report("describeInstances.100", try await measurePhase {
                    let response = try await client.describeInstances(describe)
                    guard response.instances.count == 100 else { throw Workloads.BenchmarkError.unexpected("the endpoint did not return the 100 instances") }
                })
            }
            if name == "ahc", wanted("describeInstances.concurrent64") {
                concurrentPhase = (client, describe)
            }
        }
        // Last: sequential calls are measured on a pool that 64 callers have not yet filled.
        if let (client, describe) = concurrentPhase {
            let (callsPerSecond, emulatorCPU) = try await concurrent(callers: 64) {
                let response = try await client.describeInstances(describe)
                guard response.instances.count == 100 else { throw Workloads.BenchmarkError.unexpected("the endpoint did not return the 100 instances") }
            }
            record("http.ahc.describeInstances.concurrent64.calls_per_s", callsPerSecond)
            if let emulatorCPU { record("http.emulator.ahc.describeInstances.concurrent64.cpu_us_per_request", emulatorCPU) }
        }
    }

    /// 20 warm-up calls, then calls in a row until at least 50 and the minimum time.
    private func measure(_ operation: () async throws -> Void) async throws -> Measurement {
        for _ in 0..<20 { try await operation() }
        let clock = ContinuousClock()
        let emulatorBefore = emulatorPID.flatMap(ProcessCPU.seconds(ofProcess:))
        let cpuBefore = ProcessCPU.ownSeconds()
        let start = clock.now
        var calls = 0
        var elapsed = Duration.zero
        repeat {
            try await operation()
            calls += 1
            elapsed = clock.now - start
        } while calls < 50 || elapsed.inSeconds < minimumTime
        let cpu = ProcessCPU.ownSeconds() - cpuBefore
        var emulator: Double?
        if let emulatorBefore, let emulatorAfter = emulatorPID.flatMap(ProcessCPU.seconds(ofProcess:)) {
            emulator = (emulatorAfter - emulatorBefore) / Double(calls) * 1e6
        }
        return Measurement(
            wallMicroseconds: elapsed.inSeconds / Double(calls) * 1e6, cpuMicroseconds: cpu / Double(calls) * 1e6,
            emulatorCPUMicrosecondsPerRequest: emulator)
    }

    /// `callers` tasks calling at once for the minimum time: calls per second, and the emulator's CPU per call.
    private func concurrent(callers: Int, _ operation: @escaping @Sendable () async throws -> Void) async throws -> (Double, Double?) {
        let clock = ContinuousClock()
        let emulatorBefore = emulatorPID.flatMap(ProcessCPU.seconds(ofProcess:))
        let start = clock.now
        let stop = start.advanced(by: .nanoseconds(Int64(minimumTime * 1e9)))
        let calls = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<callers {
                group.addTask {
                    var made = 0
                    while clock.now < stop {
                        try await operation()
                        made += 1
                    }
                    return made
                }
            }
            return try await group.reduce(0, +)
        }
        let elapsed = (clock.now - start).inSeconds
        var emulator: Double?
        if let emulatorBefore, let emulatorAfter = emulatorPID.flatMap(ProcessCPU.seconds(ofProcess:)), calls > 0 {
            emulator = (emulatorAfter - emulatorBefore) / Double(calls) * 1e6
        }
        return (Double(calls) / elapsed, emulator)
    }
}
