import AliyunECS
import AliyunECSTesting
import ArgumentParser
import ExampleSupport
import Foundation
import SpotRecovery

/// The main job on the embedded default: the whole spot-recovery flow against the in-memory simulator,
/// on virtual time, with no account and no network.
///
/// A few spot instances are launched; one is marked for recycling; SpotRecovery notices it, images it,
/// finds the first zone sold out and starts the replacement in the fallback zone. The timeline shows
/// the virtual time of each step and the API calls it cost.
@main
struct SpotRecoveryDemo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "SpotRecoveryDemo",
        abstract: "Run the spot-recovery flow on the built-in ECS simulator (no account, no network).")

    @Option(help: "How many spot instances to launch.")
    var instances = 3

    @Option(name: .customLong("interrupt-after"), help: "Virtual seconds after launch at which one instance is marked for recycling.")
    var interruptAfter = Seconds(45)

    @Flag(name: .customLong("no-sold-out"), help: "Keep the first zone in stock.")
    var noSoldOut = false

    @Flag(help: "Print every API call as it happens.")
    var verbose = false

    func validate() throws {
        guard (1...50).contains(instances) else { throw ValidationError("--instances must be between 1 and 50.") }
    }

    func run() async throws {
        let clock = VirtualClock()
        let region = SimulatedRegion(configuration: SimulatedRegionConfiguration(imageCreationDuration: .seconds(150)), clock: clock)
        let timeline = Timeline(region: region, start: clock.now)
        if verbose {
            region.observeCalls { call in timeline.print("    · \(call.action) (attempt \(call.attempt)) → \(call.outcome)", at: call.time) }
        }
        do {
            let outcome = try await clock.run(timeout: .seconds(3600)) {
                try await Self.play(region: region, clock: clock, timeline: timeline, instances: instances, interruptAfter: interruptAfter, soldOut: !noSoldOut)
            }
            timeline.print("Done in \(Self.format(clock.now.timeIntervalSince(timeline.start))) of virtual time, \(region.calls.count) API calls in all.", at: clock.now)
            guard outcome else { throw ExitCode.failure }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            ExampleOutput.errorLine(ExampleOutput.describe(error))
            throw ExitCode.failure
        }
    }

    /// The scenario; returns whether the interrupted instance was replaced.
    static func play(
        region: SimulatedRegion, clock: VirtualClock, timeline: Timeline, instances: Int, interruptAfter: Seconds, soldOut: Bool
    ) async throws -> Bool {
        let client = try region.makeClient()
        let zone = "cn-hangzhou-i"
        let type = "ecs.g7.large"

        timeline.section("1. Launch \(instances) spot instances tagged team=batch in \(zone)")
        var fleet: [String] = []
        for index in 0..<instances {
            var request = RunInstancesRequest()
            request.zoneId = zone
            request.imageId = "aliyun_3_9_x64_20G_alibase_20231219.vhd"
            request.instanceType = type
            request.securityGroupId = "sg-sim0001"
            request.vSwitchId = "vsw-sim-i"
            request.instanceName = "worker-\(index)"
            request.spotStrategy = .spotAsPriceGo
            request.spotDuration = 0
            request.instanceChargeType = .postPaid
            request.internetMaxBandwidthOut = 1
            request.tags = [ECSTag(key: "team", value: "batch")]
            let response = try await client.runInstances(request)
            fleet += response.instanceIds
        }
        timeline.step("launched \(fleet.joined(separator: ", "))", at: clock.now)

        let victim = fleet[fleet.count / 2]
        region.scheduleInterruption(of: [victim], after: interruptAfter.duration)
        if soldOut {
            region.setSoldOut(zoneId: zone, instanceType: type)
        }
        timeline.section("2. ECS will mark \(victim) for recycling \(Self.format(interruptAfter.value)) from now and release it 5 minutes later"
            + (soldOut ? "; \(zone) is sold out of \(type)" : ""))

        timeline.section("3. SpotRecovery watches the tag (one DescribeInstances per poll) for 2 minutes, images, relaunches")
        let recoverer = SpotRecoverer(client: client)
        let options = RecoveryOptions(
            watch: WatchOptions(pollInterval: .seconds(2), timeout: .seconds(120)),
            relaunch: RelaunchOptions(
                fallbackPlacements: [Placement(zoneId: "cn-hangzhou-j", vSwitchId: "vsw-sim-j")],
                waitUntilRunning: true))
        let outcome = RecoveryOutcome()
        try await recoverer.recover(.tagged(key: "team", value: "batch"), options: options) { event in
            switch event.kind {
            case .detected:
                timeline.step("\(event.instanceId) marked for recycling: detected", at: event.time)
            case .imageRequested(let imageId):
                timeline.step("CreateImage accepted: \(imageId)", at: event.time)
            case .imageProgress(let progress):
                timeline.step("image \(progress.imageId) \(progress.status) \(progress.percent)%", at: event.time)
            case .imageAvailable(let image):
                timeline.step("image \(image.imageId) is Available", at: event.time)
            case .relaunched(let relaunch):
                for attempt in relaunch.attempts {
                    timeline.detail("candidate \(attempt.candidate): \(attempt.outcome)")
                }
                timeline.step("replacement \(relaunch.instanceId) is \(relaunch.status?.rawValue ?? "launched") in \(relaunch.zoneId ?? "?") (\(relaunch.instanceType))", at: event.time)
                outcome.markReplaced()
            case .failed(let error):
                timeline.step("recovery failed: \(error)", at: event.time)
            default:
                timeline.step(event.description, at: event.time)
            }
        }
        timeline.step("watch over, every recovery finished", at: clock.now)
        let replaced = outcome.replaced

        timeline.section("4. Result")
        let released = region.instance(victim)?.releasedAt.map { Self.format($0.timeIntervalSince(timeline.start)) } ?? "?"
        timeline.detail("\(victim) will be released at T+\(released); its data lives on in the image")
        timeline.detail("running instances tagged team=batch: \(region.liveInstances.filter { $0.tags.contains { $0.key == "team" } }.count)")
        let images = region.images.count
        timeline.detail("images made: \(images); replacements launched: \(region.allInstances.count - fleet.count)")
        return replaced && images == 1 && region.allInstances.count == fleet.count + 1
    }

    static func format(_ seconds: Double) -> String {
        let total = Int(seconds.rounded(.down))
        return String(format: "%02d:%02d.%d", total / 60, total % 60, Int((seconds - Double(total)) * 10))
    }
}

/// Whether the interrupted instance was replaced.
final class RecoveryOutcome: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var value = false

    var replaced: Bool { lock.withLock { value } }

    func markReplaced() {
        lock.withLock { value = true }
    }
}

/// Prints the timeline: virtual time since the start, the step, and the calls it cost.
final class Timeline: @unchecked Sendable {
    let region: SimulatedRegion
    let start: Date
    // Guarded by `lock`.
    private let lock = NSLock()
    private var counted = 0

    init(region: SimulatedRegion, start: Date) {
        self.region = region
        self.start = start
    }

    func section(_ title: String) {
        ExampleOutput.line("\n" + title)
    }

    func detail(_ text: String) {
        ExampleOutput.line("             \(text)")
    }

    /// A step, with the API calls made since the previous step.
    func step(_ text: String, at time: Date) {
        let calls = region.calls
        let new: ArraySlice<SimulatedCall> = lock.withLock {
            defer { counted = calls.count }
            return calls.dropFirst(counted)
        }
        var byAction: [String: Int] = [:]
        for call in new { byAction[call.action, default: 0] += 1 }
        let cost = byAction.isEmpty ? "no calls" : byAction.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: ", ")
        print("\(text)   [\(cost)]", at: time)
    }

    func print(_ text: String, at time: Date) {
        ExampleOutput.line("  T+\(SpotRecoveryDemo.format(time.timeIntervalSince(start)))  \(text)")
    }
}
