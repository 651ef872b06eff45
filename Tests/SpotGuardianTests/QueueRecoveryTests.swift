import AliyunECS
import AliyunECSTesting
import Foundation
import SpotGuardian
import SpotRecovery
import Testing

/// spot-guardian with its interruption events in an MNS queue: no public endpoint needed, each message
/// deleted only once its recovery is recorded, a process killed at any point leaves it to come back, and
/// replicas share the queue.
@Suite("Recovering through an MNS queue")
struct QueueRecoveryTests {
    /// A region whose interruptions CloudMonitor delivers into the harness's queue.
    static func regionWithQueue(visibilityTimeout: Duration = .seconds(60)) -> (SimulatedRegion, SimulatedMNSService) {
        let region = SimulatedRegion()
        let queue = SimulatedMNSService(region: region)
        queue.createQueue(named: GuardianHarness.queueName, visibilityTimeout: visibilityTimeout)
        queue.publishInterruptions(of: region, to: GuardianHarness.queueName)
        return (region, queue)
    }

    static func live(_ replacementsOf: String, in region: SimulatedRegion) -> [SimulatedInstance] {
        region.liveInstances.filter { $0.tags.contains { $0.key == SpotRecoverer.sourceTagKey && $0.value == replacementsOf } }
    }

    @Test("An interruption reaches the guardian through the queue within seconds, with the backstop an hour away; its message is deleted once recorded")
    func recoveredThroughTheQueue() async throws {
        let (region, queue) = Self.regionWithQueue()
        let harness = try await GuardianHarness.start(region: region, queue: queue) {
            $0.backstopInterval = .seconds(3600)
            $0.reconcileInterval = .seconds(3600)
        }
        let victim = harness.fleet[0]
        let marked = harness.clock.now
        _ = try await harness.interrupt(victim)
        #expect(await harness.advance(until: { region.calls(of: "CreateImage").count == 1 }, limit: .seconds(60)))
        let requested = try #require(region.calls(of: "CreateImage").first?.time)
        #expect(requested.timeIntervalSince(marked) <= 21, "one long poll (20 s) at most, not the hour of the backstop")
        #expect(harness.metric(#"spot_guardian_detections_total{source="mns"}"#) == 1)
        #expect(await harness.advance { Self.live(victim, in: region).count == 1 })
        #expect(queue.messages(in: GuardianHarness.queueName).isEmpty, "the message is gone")
        #expect(harness.metric(#"spot_guardian_queue_messages_total{region="cn-hangzhou",outcome="recovered"}"#) == 1)
        await harness.stop()
    }

    @Test("Killed after CreateImage, before the message's delete, started again after the release: the message comes back, one image, one replacement, the message gone")
    func killedMidRecovery() async throws {
        let (region, queue) = Self.regionWithQueue()
        // The delete does not go through before the kill: the message stays in the queue.
        queue.inject(SimulatedMNSFault(action: "DeleteMessage", effect: .error(status: 503, code: "ServiceUnavailable", message: "Try later."), times: 100))
        let first = try await GuardianHarness.start(region: region, queue: queue) { $0.reconcileInterval = .seconds(3600) }
        let victim = first.fleet[0]
        _ = try await first.interrupt(victim)
        try #require(await first.advance(until: { region.calls(of: "CreateImage").count == 1 }, limit: .seconds(60)))
        first.kill()
        try #require(await first.waitForExit() != nil)
        #expect(queue.messages(in: GuardianHarness.queueName).count == 1, "not deleted: the process was killed first")

        // Past the release and the message's visibility timeout.
        await first.clock.advance(by: .seconds(400))
        queue.clearFaults()
        let second = try await GuardianHarness.start(region: region, fleet: first.fleet, queue: queue) {
            $0.reconcileInterval = .seconds(3600)
        }
        #expect(await second.advance { Self.live(victim, in: region).count == 1 && queue.messages(in: GuardianHarness.queueName).isEmpty })
        _ = await second.advance(until: { false }, limit: .seconds(300))
        #expect(Self.live(victim, in: region).count == 1, "one replacement")
        #expect(second.images(of: victim).count == 1, "one image")
        #expect(queue.messages(in: GuardianHarness.queueName).isEmpty, "the message is gone")
        await second.stop()
    }

    @Test("Two guardians on one queue, the second on a clock of its own: every interruption is recovered once")
    func twoReplicas() async throws {
        let (region, queue) = Self.regionWithQueue()
        let regionClock = try #require(region.virtualClock)
        let fleet = region.addInstances(count: 4, zoneId: "cn-hangzhou-j", vSwitchId: "vsw-sim-j", tags: [GuardianHarness.fleetTag])
        let first = try await GuardianHarness.start(region: region, fleet: fleet, queue: queue) { $0.reconcileInterval = .seconds(3600) }
        let secondClock = VirtualClock(start: regionClock.now.addingTimeInterval(7))
        let second = try await GuardianHarness.start(region: region, fleet: fleet, queue: queue, ownClock: secondClock, waitUntilReady: false) {
            $0.reconcileInterval = .seconds(3600)
        }
        region.scheduleInterruption(of: fleet, after: .seconds(2))
        var done = false
        for _ in 0..<900 where !done {
            await regionClock.advance(by: .seconds(1))
            await secondClock.advance(by: .seconds(1))
            await Task.yield()
            done = fleet.allSatisfy { Self.live($0, in: region).count == 1 } && queue.messages(in: GuardianHarness.queueName).isEmpty
        }
        #expect(done)
        for victim in fleet {
            #expect(Self.live(victim, in: region).count == 1, "one replacement for \(victim)")
            #expect(first.images(of: victim).count == 1, "one image for \(victim)")
        }
        func handled(_ harness: GuardianHarness) -> Double {
            ["recovered", "duplicate"].compactMap { harness.metric(#"spot_guardian_queue_messages_total{region="cn-hangzhou",outcome="\#($0)"}"#) }.reduce(0, +)
        }
        #expect(handled(first) + handled(second) >= 4, "every message handled by one of them")
        await first.stop()
        second.requestStop()
        _ = await second.waitForExit()
    }
}
