import AliyunECS
import ArgumentParser
import Foundation
import NIOCore
import NIOPosix
import RecoveryStudy

/// Per-call overhead of the client and the cost of watching a large fleet, in nanoseconds per operation;
/// with `--http`, whole calls over real HTTP against the `ECSEmulator` process, in microseconds per call.
///
/// `swift run -c release ECSBenchmarks [--fixtures Tests/Fixtures/responses] [--json]`
/// `swift run -c release ECSBenchmarks --http [--json]`
/// `swift run -c release ECSBenchmarks --recovery [--interruptions N] [--seed S] [--json]`: what each recovery
/// strategy gets back, on the simulator's virtual time (see Documentation/Performance.md, Recovery outcomes).
@main
struct ECSBenchmarks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ECSBenchmarks",
        abstract: "Measure per-call overhead and fleet-scale watching (run with -c release).")

    @Option(help: "The folder holding RunInstances.json, DescribeInstances-100.json and DescribeImages-100.json.")
    var fixtures = "Tests/Fixtures/responses"

    @Flag(help: "Measure whole calls over real HTTP against the ECSEmulator executable (started on loopback unless --endpoint is given).")
    var http = false

    @Option(help: "With --http: an emulator already running (e.g. http://127.0.0.1:8080) instead of starting one.")
    var endpoint: String?

    @Option(name: .customLong("emulator-pid"), help: "With --http --endpoint: the emulator's process ID, to report its CPU time per request.")
    var emulatorPID: Int32?

    @Option(help: "With --http: the ECSEmulator executable (default: the one beside this binary).")
    var emulator: String?

    @Option(help: "With --http: the transports to measure, comma-separated (urlsession, ahc); or one of these alone: ahc-loop (AsyncHTTPClient, the calls made in ECSClient.withPreferredExecutor), ahc-nio (AsyncHTTPClient with SwiftNIO's event loops installed as the concurrency executor, for the whole process).")
    var transports = "urlsession,ahc"

    @Flag(help: "Print one JSON object.")
    var json = false

    @Flag(help: "Run the recovery study: the same seeded interruptions recovered by each strategy, on virtual time.")
    var recovery = false

    @Option(help: "With --recovery: how many interruptions each strategy meets.")
    var interruptions = 1000

    @Option(help: "With --recovery: the seed of every random draw (the same seed gives the same table).")
    var seed: UInt64 = 1

    @Option(help: "With --recovery: where to write the downtime chart (SVG).")
    var chart = "recovery-downtime.svg"

    @Option(help: "With --recovery: also write every interruption's timeline, one JSON line each, to this file.")
    var timelines: String?

    @Option(help: "With --recovery: the strategies to compare, comma-separated (default: all six).")
    var strategies = Strategy.allCases.map(\.rawValue).joined(separator: ",")

    @Option(help: "With --recovery: minutes our strategies keep relaunching while every candidate is out of capacity (default: SpotRecovery's, 60).")
    var capacityRetryMinutes: Double?

    @OptionGroup(title: "World model (with --recovery)")
    var world: WorldModelOptions

    @Option(name: .customLong("min-time"), help: "Seconds each benchmark runs for, at least.")
    var minimumTime = 1.0

    @Option(help: "Rounds each benchmark's time is split into; the fastest round is reported.")
    var rounds = 5

    @Option(help: "Run only the benchmarks (with --http: the phases) whose name contains this text.")
    var filter: String?

    func run() async throws {
        if recovery {
            try await runRecoveryStudy()
            return
        }
        if http {
            try await runOverHTTP()
            return
        }
        let harness = Harness(minimumTime: .nanoseconds(Int64(minimumTime * 1e9)), minimumIterations: 20, rounds: max(1, rounds))
        let folder = URL(fileURLWithPath: fixtures)
        func body(_ name: String) throws -> Data {
            try Data(contentsOf: folder.appendingPathComponent(name))
        }
        var results: [(String, Double)] = []
        func wanted(_ name: String) -> Bool { filter.map { name.contains($0) } ?? true }
        func record(_ name: String, _ value: Double) {
            results.append((name, value))
            if !json { print(String(format: "%-28@ %14.0f", name as NSString, value)) }
        }

        if wanted("call.runInstances") {
            let client = try Workloads.client(answering: body("RunInstances.json"))
            let request = Workloads.runInstancesRequest
            record("call.runInstances", try await harness.measure {
                let response = try await client.runInstances(request)
                guard response.instanceIds.count == 1 else { throw Workloads.BenchmarkError.unexpected("decode check") }
            })
        }
        if wanted("call.describeInstances.100") {
            let client = try Workloads.client(answering: body("DescribeInstances-100.json"))
            record("call.describeInstances.100", try await harness.measure {
                let response = try await client.describeInstances(Workloads.describeInstancesRequest)
                guard response.instances.count == 100 else { throw Workloads.BenchmarkError.unexpected("decode check") }
            })
        }
        if wanted("call.describeImages.100") {
            let client = try Workloads.client(answering: body("DescribeImages-100.json"))
            record("call.describeImages.100", try await harness.measure {
                let response = try await client.describeImages(Workloads.describeImagesRequest)
                guard response.images.count == 100 else { throw Workloads.BenchmarkError.unexpected("decode check") }
            })
        }
        if wanted("sign.v3") {
            let input = try Workloads.SigningInput()
            let signer = ACS3HMACSHA256Signer()
            record("sign.v3", try await harness.measure {
                let signature = signer.sign(
                    method: "POST", parameters: input.parameters, headers: input.headers,
                    accessKeyId: "testid", accessKeySecret: "testsecret")
                guard signature.signature.count == 64 else { throw Workloads.BenchmarkError.unexpected("signature") }
            })
        }
        if wanted("region.runInstances") {
            let served = try Workloads.ServedRegion()
            let request = HTTPBenchmarks.launchRequest(amount: 1)
            record("region.runInstances", try await harness.measure { _ = try await served.client.runInstances(request) })
        }
        if wanted("region.describeInstances.100") {
            let served = try Workloads.ServedRegion()
            let ids = try await served.client.runInstances(HTTPBenchmarks.launchRequest(amount: 100)).instanceIds
            let request = DescribeInstancesRequest().with { $0.instanceIds = ids; $0.maxResults = 100 }
            record("region.describeInstances.100", try await harness.measure { _ = try await served.client.describeInstances(request) })
        }
        for (name, tagged) in [("watch.10000", false), ("watch.tagged.10000", true)] where wanted(name) {
            let fleet = try await Workloads.Fleet(count: 10_000, tagged: tagged)
            let calls = try await fleet.pollOnce()
            record(name, try await harness.measure { _ = try await fleet.pollOnce() })
            record(name + ".calls", Double(calls))
        }
        record("peak_rss_mb", peakResidentMegabytes())

        if json {
            let object = Dictionary(results, uniquingKeysWith: { _, last in last })
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        }
    }

    /// The `--recovery` study: a table (or one JSON object) and the chart.
    private func runRecoveryStudy() async throws {
        let chosen = try strategies.split(separator: ",").map { name in
            guard let strategy = Strategy(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("Unknown strategy \(name); the strategies are \(Strategy.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            return strategy
        }
        let started = ContinuousClock.now
        let results = try await RecoveryStudy(
            world: world.model, interruptions: interruptions, seed: seed, strategies: chosen,
            capacityRetryTimeout: capacityRetryMinutes.map { .seconds(fractional: $0 * 60) }).run()
        let elapsed = ContinuousClock.now - started
        try DowntimeChart.svg(results).write(toFile: chart, atomically: true, encoding: .utf8)
        if let timelines {
            try (TimelineDump.lines(results).joined(separator: "\n") + "\n").write(toFile: timelines, atomically: true, encoding: .utf8)
        }
        if json {
            print(RecoveryJSON.text(results))
        } else {
            print(RecoveryTable.text(results))
            if let capacityRetryMinutes { print("Capacity retry window: \(capacityRetryMinutes) min (SpotRecovery's default: 60)") }
            print("Chart: \(chart)")
            print(String(format: "Real time: %.1f s", Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
        }
        if results.strategies.contains(where: { !$0.accountingAddsUp }) { throw ExitCode.failure }
    }

    /// The `--http` benchmarks: figures in microseconds per call (and calls per second).
    private func runOverHTTP() async throws {
        var results: [(String, Double)] = []
        let started: EmulatorProcess?
        let url: String
        let pid: Int32?
        if let endpoint {
            (started, url, pid) = (nil, endpoint, emulatorPID)
        } else {
            let process = try EmulatorProcess(executable: emulator.map { URL(fileURLWithPath: $0) } ?? EmulatorProcess.defaultExecutable())
            (started, url, pid) = (process, process.url, process.pid)
        }
        defer { started?.stop() }
        let names = transports.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for alone in ["ahc-loop", "ahc-nio"] where names.contains(alone) && names != [alone] {
            // Each has a process of its own: ahc-nio changes every task of the process, and ahc-loop's calls
            // would otherwise borrow kept-alive connections another transport left on another event loop.
            throw ValidationError("\(alone) is measured on its own: --transports \(alone)")
        }
        if names == ["ahc-nio"] {
            guard NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor() else {
                throw ValidationError("SwiftNIO could not be installed as the concurrency executor")
            }
        }
        let benchmarks = HTTPBenchmarks(url: url, emulatorPID: pid, minimumTime: minimumTime, transports: names, filter: filter)
        try await benchmarks.run { name, value in
            results.append((name, value))
            if !json { print(String(format: "%-58@ %12.1f", name as NSString, value)) }
        }
        if json {
            let object = Dictionary(results.map { ($0.0, ($0.1 * 10).rounded() / 10) }, uniquingKeysWith: { _, last in last })
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        }
    }
}
