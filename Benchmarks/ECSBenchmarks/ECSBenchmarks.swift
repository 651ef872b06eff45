import AliyunECS
import ArgumentParser
import Foundation

/// Per-call overhead of the client and the cost of watching a large fleet, in nanoseconds per operation.
///
/// `swift run -c release ECSBenchmarks --fixtures Tests/Fixtures/responses [--json]`
@main
struct ECSBenchmarks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ECSBenchmarks",
        abstract: "Measure per-call overhead and fleet-scale watching (run with -c release).")

    @Option(help: "The folder holding RunInstances.json, DescribeInstances-100.json and DescribeImages-100.json.")
    var fixtures: String

    @Flag(help: "Print one JSON object.")
    var json = false

    @Option(name: .customLong("min-time"), help: "Seconds each benchmark runs for, at least.")
    var minimumTime = 1.0

    @Option(help: "Rounds each benchmark's time is split into; the fastest round is reported.")
    var rounds = 5

    @Option(help: "Run only the benchmarks whose name contains this text.")
    var filter: String?

    func run() async throws {
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
}
