import AliyunECS
import AliyunECSTesting
import Foundation
import SpotGuardian
import Testing

/// Stopping, being killed and starting again: recoveries finish or resume, never twice.
@Suite("Lifecycle")
struct LifecycleTests {
    @Test("SIGTERM in the middle of a recovery: no more events, the recovery completes within the grace period, exit 0")
    func gracefulShutdownFinishesRecovery() async throws {
        let harness = try await GuardianHarness.start()
        let victim = harness.fleet[0]
        let event = try await harness.interrupt(victim)
        #expect(await harness.post("cloudmonitor", body: event.cloudMonitorPayload).status == 202)
        try #require(await harness.advance { harness.region.calls(of: "CreateImage").count == 1 })
        let stoppedAt = harness.clock.now

        harness.requestStop("SIGTERM")
        #expect(await harness.advance { await harness.post("eventbridge", body: event.eventBridgePayload).status == 503 }, "no more events")
        #expect(await harness.get("/healthz").status == 200, "the endpoints answer until the recoveries are done")
        try #require(await harness.advance { harness.exit != nil })

        #expect(harness.exit == .stopped)
        #expect(harness.exit?.status == 0)
        #expect(harness.replacements.count == 1)
        #expect(harness.replacements.first?.status(at: harness.clock.now) == .running)
        #expect(harness.clock.now.timeIntervalSince(stoppedAt) < 600, "within the grace period")
        #expect(harness.metric(#"spot_guardian_relaunches_total{outcome="success"}"#) == 1)
        #expect(harness.logs.contains("Every recovery finished"))
    }

    @Test("A recovery still running when the grace period ends is stopped, the exit is still clean, and the next start finishes it")
    func gracePeriodEnds() async throws {
        let harness = try await GuardianHarness.start { $0.shutdownGracePeriod = .seconds(10) }
        let event = try await harness.interrupt(harness.fleet[0])
        #expect(await harness.post("cloudmonitor", body: event.cloudMonitorPayload).status == 202)
        try #require(await harness.advance { harness.region.calls(of: "CreateImage").count == 1 })
        let stoppedAt = harness.clock.now

        harness.requestStop("SIGTERM")
        // Past the grace period, but well short of the minute the image needs: the run must end without more time.
        await harness.clock.advance(by: .seconds(11))
        #expect(await harness.waitForExit() == .stopped)
        #expect(harness.clock.now.timeIntervalSince(stoppedAt) < 60, "the image takes a minute; the grace period is 10 s")
        #expect(harness.replacements.isEmpty, "cut short before the relaunch")
        #expect(harness.logs.contains("grace period ended"))

        // The next start, after ECS has released the instance, finishes it from the notice image.
        await harness.clock.advance(by: .seconds(400))
        let next = try await GuardianHarness.start(region: harness.region, fleet: harness.fleet)
        #expect(await next.advance { next.replacements.count == 1 })
        #expect(next.replacements.first?.imageId == harness.images(of: harness.fleet[0]).first?.id)
        #expect(harness.images(of: harness.fleet[0]).count == 1)
        await next.stop()
    }

    @Test("A second stop request while draining ends the run at once")
    func secondSignalForces() async throws {
        let harness = try await GuardianHarness.start()
        let event = try await harness.interrupt(harness.fleet[0])
        #expect(await harness.post("cloudmonitor", body: event.cloudMonitorPayload).status == 202)
        try #require(await harness.advance { harness.region.calls(of: "CreateImage").count == 1 })

        harness.requestStop("SIGTERM")
        harness.requestStop("SIGINT")
        try #require(await harness.waitForExit() != nil)
        #expect(harness.exit == .forced)
        #expect(harness.exit?.status == 130)
        #expect(harness.logs.contains("SIGINT again"))
    }

    @Test("Killed mid-recovery and started again: the recovery resumes with one image and one replacement")
    func killedAndRestarted() async throws {
        let region = SimulatedRegion()
        let first = try await GuardianHarness.start(region: region)
        let victim = first.fleet[0]
        let event = try await first.interrupt(victim)
        #expect(await first.post("cloudmonitor", body: event.cloudMonitorPayload).status == 202)
        try #require(await first.advance { region.calls(of: "CreateImage").count == 1 })
        await first.clock.advance(by: .seconds(20))
        // No graceful shutdown: the process is killed (its tasks simply stop).
        first.kill()
        try #require(await first.waitForExit() != nil)
        #expect(first.replacements.isEmpty)

        // A new process finds the interruption with its first poll and finishes the job.
        let second = try await GuardianHarness.start(region: region, fleet: first.fleet)
        #expect(await second.advance { second.replacements.count == 1 && second.replacements.first?.status(at: second.clock.now) == .running })
        _ = await second.advance(until: { false }, limit: .seconds(120))
        #expect(second.images(of: victim).count == 1, "the second CreateImage got the first one's image back (same ClientToken)")
        #expect(Set(region.calls(of: "CreateImage").compactMap(\.clientToken)).count == 1)
        #expect(second.replacements.count == 1)
        #expect(second.metric(#"spot_guardian_detections_total{source="DescribeInstances"}"#) == 1)
        await second.stop()
    }

    @Test("A failed recovery is reported and tried again on the next detection; the process keeps going")
    func failedRecoveryRetried() async throws {
        let harness = try await GuardianHarness.start { $0.backstopInterval = .seconds(60) }
        let victim = harness.fleet[0]
        harness.region.inject(.throttling(action: "RunInstances", times: nil))
        let event = try await harness.interrupt(victim)
        #expect(await harness.post("cloudmonitor", body: event.cloudMonitorPayload).status == 202)
        try #require(await harness.advance { harness.metric(#"spot_guardian_recovery_failures_total{step="launching"}"#) == 1 })
        #expect(harness.replacements.isEmpty)
        #expect(harness.exit == nil, "still running")
        #expect(harness.logs.contains("tried again"))

        harness.region.clearFaults()
        #expect(
            await harness.advance { harness.metric(#"spot_guardian_relaunches_total{outcome="success"}"#) == 1 },
            "the backstop poll detects it again and the retry succeeds")
        #expect(harness.images(of: victim).count == 1)
        #expect(harness.replacements.count == 1)
        await harness.stop()
    }
}
