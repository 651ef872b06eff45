import AliyunECS
import AliyunECSTesting
import ArgumentParser
import ExampleSupport
import Foundation
import SpotRecovery

/// The main job on the embedded default: the whole spot-recovery flow against the in-memory simulator,
/// on virtual time, with no account and no network.
///
/// A few spot instances are launched and checkpointed every hour. Then one is marked for recycling;
/// SpotRecovery notices it and starts its image at once, while the placement planner ranks the zones by
/// stock, price and interruption rate. The image cannot finish within the five-minute notice, so the
/// replacement starts from the newest checkpoint, in the zone the planner chose; the instance's older
/// images are then pruned with their snapshots. The timeline shows the virtual time of each step and the
/// API calls it cost.
@main
struct SpotRecoveryDemo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "SpotRecoveryDemo",
        abstract: "Run the spot-recovery flow on the built-in ECS simulator (no account, no network).")

    @Option(help: "How many spot instances to launch.")
    var instances = 3

    @Option(name: .customLong("interrupt-after"), help: "Virtual seconds after the last checkpoint at which one instance is marked for recycling.")
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
        // Images take 8 minutes: longer than the 5-minute interruption notice.
        let region = SimulatedRegion(configuration: SimulatedRegionConfiguration(imageCreationDuration: .seconds(480)), clock: clock)
        let timeline = Timeline(region: region, start: clock.now)
        if verbose {
            region.observeCalls { call in timeline.print("    · \(call.action) (attempt \(call.attempt)) → \(call.outcome)", at: call.time) }
        }
        do {
            let outcome = try await clock.run(timeout: .seconds(6 * 3600)) {
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

    /// The scenario; returns whether the interrupted instance was replaced and nothing was left billed.
    static func play(
        region: SimulatedRegion, clock: VirtualClock, timeline: Timeline, instances: Int, interruptAfter: Seconds, soldOut: Bool
    ) async throws -> Bool {
        let client = try region.makeClient()
        let zone = "cn-hangzhou-i"
        let type = "ecs.g7.large"
        let recoverer = SpotRecoverer(client: client)
        let fleetTag = WatchTarget.tagged(key: "team", value: "batch")

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

        timeline.section("2. Checkpoint the fleet every hour (one image per instance and period, whoever asks)")
        for _ in 0..<3 {
            try await clock.sleep(for: .seconds(60))
            let events = try await recoverer.checkpointFleet(fleetTag, interval: .seconds(3600))
            timeline.step("checkpoint round: \(events.count) image(s) requested", at: clock.now)
            try await clock.sleep(for: .seconds(3540))
        }

        let victim = fleet[fleet.count / 2]
        region.scheduleInterruption(of: [victim], after: interruptAfter.duration)
        if soldOut { region.setSoldOut(zoneId: zone, instanceType: type) }
        region.setSpotPrice(zoneId: "cn-hangzhou-j", instanceType: type, 0.12)
        region.setSpotPrice(zoneId: "cn-hangzhou-k", instanceType: type, 0.08)
        region.setInterruptionRate(zoneId: "cn-hangzhou-k", instanceType: type, 0.4)
        timeline.section("3. ECS will mark \(victim) for recycling \(Self.format(interruptAfter.value)) from now and release it 5 minutes later; "
            + (soldOut ? "\(zone) is sold out of \(type); " : "")
            + "cn-hangzhou-k is cheapest (0.08/h) but interrupted 40 % of the time, cn-hangzhou-j costs 0.12/h")

        timeline.section("4. SpotRecovery watches the tag (one DescribeInstances per poll), images at once, plans meanwhile, relaunches, prunes")
        let placement = PlacementPolicy(
            placements: ["i", "j", "k"].map { Placement(zoneId: "cn-hangzhou-\($0)", vSwitchId: "vsw-sim-\($0)") },
            instanceTypes: .types([type]))
        let options = RecoveryOptions(
            watch: WatchOptions(pollInterval: .seconds(2), timeout: .seconds(120)),
            relaunch: RelaunchOptions(placement: placement, waitUntilRunning: true),
            retention: RetentionPolicy(keep: 2))
        let outcome = DemoOutcome()
        try await recoverer.recover(fleetTag, options: options) { event in
            switch event.kind {
            case .detected:
                timeline.step("\(event.instanceId) marked for recycling: detected", at: event.time)
            case .imageRequested(let imageId):
                timeline.step("CreateImage accepted at once: \(imageId)", at: event.time)
            case .imageProgress(let progress):
                if progress.percent % 25 == 0 || progress.percent > 50 {
                    timeline.step("image \(progress.imageId) \(progress.status) \(progress.percent)%", at: event.time)
                }
            case .planned(let plan):
                timeline.step("placement planned by stock, price and interruption rate:", at: event.time)
                for decision in plan.decisions { timeline.detail("\(decision)") }
            case .noticeImageAbandoned(let reason):
                timeline.step("the notice image cannot finish before the release: \(reason)", at: event.time)
            case .usingCheckpoint(let image):
                timeline.step("falling back to the newest checkpoint \(image.imageId)", at: event.time)
            case .relaunched(let relaunch):
                for attempt in relaunch.attempts where attempt.outcome.wasTried {
                    timeline.detail("tried \(attempt.candidate): \(attempt.outcome)")
                }
                timeline.step("replacement \(relaunch.instanceId) is \(relaunch.status?.rawValue ?? "launched") in \(relaunch.zoneId ?? "?") (\(relaunch.instanceType)) from \(relaunch.imageId)", at: event.time)
                outcome.markReplaced()
            case .pruned(let report):
                timeline.step("pruned \(event.instanceId)'s images: \(report)", at: event.time)
            case .failed(let error):
                timeline.step("recovery failed: \(error)", at: event.time)
            default:
                timeline.step(event.description, at: event.time)
            }
        }
        timeline.step("watch over, every recovery finished", at: clock.now)

        timeline.section("5. Result")
        let released = region.instance(victim)?.releasedAt.map { Self.format($0.timeIntervalSince(timeline.start)) } ?? "?"
        timeline.detail("\(victim) was released at T+\(released); its work lives on from the checkpoint")
        timeline.detail("running instances tagged team=batch: \(region.liveInstances.filter { $0.tags.contains { $0.key == "team" } }.count)")
        let victimImages = region.liveImages.filter { $0.sourceInstanceId == victim }.count
        let orphaned = region.orphanedSnapshots.count
        timeline.detail("images kept for \(victim): \(victimImages); snapshots left without an image: \(orphaned)")
        return outcome.replaced && orphaned == 0 && victimImages <= 2 && region.allInstances.count == fleet.count + 1
    }

    static func format(_ seconds: Double) -> String {
        let total = Int(seconds.rounded(.down))
        return String(format: "%02d:%02d.%d", total / 60, total % 60, Int((seconds - Double(total)) * 10))
    }
}

/// Whether the interrupted instance was replaced.
final class DemoOutcome: @unchecked Sendable {
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
