import AliyunECS
import AliyunECSTesting
import Foundation
import Logging
import SpotGuardian
import SpotRecovery
import Testing

/// spot-guardian loses nothing: a recovery killed at the worst moment is finished by the next start, even
/// after ECS released the source; an event is answered only once it is recorded where a restart finds it,
/// and refused (for its sender to retry) when it cannot be.
@Suite("Guardian durability")
struct GuardianDurabilityTests {
    @Test("Killed right after CreateImage, started again after the release: reconciliation launches one replacement from the notice image")
    func killedThenReleased() async throws {
        let region = SimulatedRegion()
        let first = try await GuardianHarness.start(region: region)
        let victim = first.fleet[0]
        let event = try await first.interrupt(victim)
        #expect(await first.post("cloudmonitor", body: event.cloudMonitorPayload).status == 202, "202 once the image is requested")
        #expect(region.calls(of: "CreateImage").count == 1, "the answer came after CreateImage")
        first.kill()
        try #require(await first.waitForExit() != nil)
        #expect(first.replacements.isEmpty)

        // Nothing runs while ECS releases the source five minutes after its mark.
        await first.clock.advance(by: .seconds(400))
        #expect(region.instance(victim)?.isReleased(at: first.clock.now) == true)

        let second = try await GuardianHarness.start(region: region, fleet: first.fleet)
        #expect(await second.advance { second.replacements.count == 1 && second.replacements.first?.status(at: second.clock.now) == .running })
        let noticeImage = try #require(second.images(of: victim).first)
        #expect(second.replacements.first?.imageId == noticeImage.id)
        #expect(second.replacements.first?.tags.contains { $0.key == GuardianHarness.fleetTag.key && $0.value == GuardianHarness.fleetTag.value } == true)
        #expect(second.metric(#"spot_guardian_reconciled_total{kind="relaunched"}"#) == 1)
        _ = await second.advance(until: { false }, limit: .seconds(600))
        #expect(second.replacements.count == 1, "reconciled once, not every round")
        #expect(second.images(of: victim).count == 1)
        await second.stop()
    }

    @Test("Too many events waiting: 503 with Retry-After, so the sender delivers the event again; it is then recovered")
    func overloadedEventsAreRefused() async throws {
        let harness = try await GuardianHarness.start { $0.maximumPendingEvents = 1 }
        let first = try await harness.interrupt(harness.fleet[0])
        let second = try await harness.interrupt(harness.fleet[1])
        // The first event's confirmation hangs on a slow DescribeInstances (virtual time stands still).
        harness.region.inject(.latency(.seconds(20), action: "DescribeInstances", times: 1))
        let sleepers = harness.clock.sleeperCount
        let held = Task { await harness.post("cloudmonitor", body: first.cloudMonitorPayload) }
        for _ in 0..<500 where harness.clock.sleeperCount == sleepers { try await Task.sleep(for: .milliseconds(10)) }
        try #require(harness.clock.sleeperCount > sleepers, "the first event waits for ECS")

        let refused = await harness.post("cloudmonitor", body: second.cloudMonitorPayload)
        #expect(refused.status == 503 && refused.body.contains("retry later"), "\(refused)")
        #expect(harness.metric(#"spot_guardian_events_total{channel="cloudmonitor",outcome="deferred"}"#) == 1)

        await harness.clock.advance(by: .seconds(21))
        #expect(await held.value.status == 202)
        #expect(await harness.post("cloudmonitor", body: second.cloudMonitorPayload).status == 202, "delivered again: accepted")
        #expect(await harness.advance { harness.replacements.count == 2 })
        await harness.stop()
    }

    @Test("/readyz reports a region whose event confirmations keep failing, and recovers once ECS answers again")
    func failingConfirmationsAreNotReady() async throws {
        let harness = try await GuardianHarness.start()
        let event = try await harness.interrupt(harness.fleet[0])
        harness.region.inject(.error(code: "Forbidden.RAM", status: 403, action: "DescribeInstances", times: 3))
        for _ in 0..<3 {
            let reply = await harness.post("cloudmonitor", body: event.cloudMonitorPayload)
            #expect(reply.status == 503, "not decided: delivered again later")
        }
        let ready = await harness.get("/readyz")
        #expect(ready.status == 503 && ready.body.contains("event confirmations failed"), "\(ready)")
        #expect(await harness.post("cloudmonitor", body: event.cloudMonitorPayload).status == 202)
        #expect(await harness.get("/readyz").status == 200)
        await harness.stop()
    }

    @Test("A replacement launched but not running in time is counted as launched, at the waitingForRunning step, not as a failed relaunch")
    func notRunningInTime() async throws {
        let region = SimulatedRegion(configuration: SimulatedRegionConfiguration(pendingDuration: .seconds(900)))
        let fleet = region.addInstances(count: 2, zoneId: "cn-hangzhou-j", vSwitchId: "vsw-sim-j", tags: [GuardianHarness.fleetTag])
        await region.virtualClock?.advance(by: .seconds(901))
        let harness = try await GuardianHarness.start(region: region, fleet: fleet)
        let event = try await harness.interrupt(fleet[0])
        #expect(await harness.post("cloudmonitor", body: event.cloudMonitorPayload).status == 202)
        #expect(await harness.advance { harness.metric(#"spot_guardian_recovery_failures_total{step="waitingForRunning"}"#) == 1 })
        #expect(harness.metric(#"spot_guardian_relaunches_total{outcome="launched"}"#) == 1)
        #expect(harness.metric(#"spot_guardian_relaunches_total{outcome="failed"}"#) == nil)
        #expect(harness.metric(#"spot_guardian_recovery_failures_total{step="unknown"}"#) == nil)
        #expect(harness.replacements.count == 1)
        await harness.stop()
    }

    @Test("Each plan logs with the correlation ID of the recovery it was made for, not the first recovery's")
    func planLogsCarryTheirRecovery() async throws {
        let harness = try await GuardianHarness.start {
            $0.regions[0].fleets[0].placement = PlacementPolicy(
                placements: [Placement(zoneId: "cn-hangzhou-i", vSwitchId: "vsw-sim-i"), Placement(zoneId: "cn-hangzhou-k", vSwitchId: "vsw-sim-k")],
                instanceTypes: .types(["ecs.g7.large"]))
        }
        for victim in harness.fleet {
            let event = try await harness.interrupt(victim)
            #expect(await harness.post("cloudmonitor", body: event.cloudMonitorPayload).status == 202)
            try #require(await harness.advance { harness.replacements.count == harness.fleet.firstIndex(of: victim).map { $0 + 1 } })
        }
        let plans = harness.logs.lines.filter { $0.message == "Placement planned" }
        #expect(plans.count >= 2)
        for plan in plans {
            let recovery = try #require(plan.metadata["recovery"])
            #expect(recovery.hasPrefix(try #require(plan.metadata["spot.instance"])), "\(plan.metadata)")
        }
        #expect(Set(plans.compactMap { $0.metadata["recovery"] }).count == 2)
        await harness.stop()
    }
}
