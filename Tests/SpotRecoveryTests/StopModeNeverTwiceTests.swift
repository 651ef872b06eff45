import AliyunECS
import AliyunECSTesting
import Foundation
import SpotRecovery
import Testing

/// Stop mode restarts the workload in place, never twice, every time it is interrupted, and never one the
/// user stopped on purpose.
@Suite("Stop mode, never twice")
struct StopModeNeverTwiceTests {
    static let fleet = WatchTarget.tagged(key: "team", value: "stop")

    static func stopModeInstance(_ scenario: Scenario) throws -> String {
        try #require(scenario.region.addInstances(
            count: 1, zoneId: "cn-hangzhou-i", tags: [ResourceTag(key: "team", value: "stop")], spotInterruptionBehavior: .stop).first)
    }

    @Test("A stop-mode instance interrupted twice is restarted twice: a successful recovery re-arms it")
    func interruptedTwice() async throws {
        let scenario = try Scenario()
        let id = try Self.stopModeInstance(scenario)
        scenario.region.scheduleInterruption(of: [id], after: .seconds(10))
        // The second interruption comes 20 minutes after the first restart.
        let region = scenario.region
        let starts = Collector<Date>()
        region.observeCalls { call in
            guard call.action == "StartInstance", call.outcome == .success else { return }
            starts.append(call.time)
            if starts.values.count == 1 { region.scheduleInterruption(of: [id], at: call.time.addingTimeInterval(1200)) }
        }
        let events = Collector<RecoveryEvent>()
        let recoverer = scenario.recoverer
        try await scenario.clock.run {
            try await recoverer.recover(Self.fleet, options: RecoveryOptions(watch: WatchOptions(timeout: .seconds(3600)))) { events.append($0) }
        }
        #expect(starts.values.count == 2)
        #expect(scenario.region.instance(id)?.restarts == 2)
        #expect(events.values.filter { $0.name == "restarted" }.count == 2)
        #expect(scenario.region.images.isEmpty && scenario.region.allInstances.count == 1)
    }

    @Test("StartInstance acts but its answer is lost: the instance is looked at, counted as started, and nothing is imaged or launched")
    func lostStartAnswer() async throws {
        for retryPolicy in [RetryPolicy.default, .none] {
            let scenario = try Scenario(retryPolicy: retryPolicy)
            let id = try Self.stopModeInstance(scenario)
            scenario.region.scheduleInterruption(of: [id], after: .seconds(10))
            scenario.region.inject(.responseLostAfterEffect(action: "StartInstance", times: 1))
            let events = Collector<RecoveryEvent>()
            let recoverer = scenario.recoverer
            try await scenario.clock.run {
                try await recoverer.recover(Self.fleet, options: RecoveryOptions(watch: WatchOptions(timeout: .seconds(600)))) { events.append($0) }
            }
            #expect(scenario.region.instance(id)?.restarts == 1, "started once (retry policy \(retryPolicy.maximumRetries))")
            #expect(scenario.region.calls(of: "CreateImage").isEmpty && scenario.region.calls(of: "RunInstances").isEmpty)
            #expect(events.values.map(\.name).last == "restarted")
            #expect(!events.values.map(\.name).contains("restartAbandoned"))
            await scenario.clock.advance(by: .seconds(60))
            #expect(try await scenario.describe(id)?.status == .running)
        }
    }

    @Test("A member the user stopped in economical mode is left alone; one stopped by an interruption is started again")
    func userStopLeftAlone() async throws {
        let scenario = try Scenario()
        let userStopped = try Self.stopModeInstance(scenario)
        let interrupted = try Self.stopModeInstance(scenario)
        await scenario.clock.advance(by: .seconds(30))
        var stop = StopInstanceRequest(instanceId: userStopped)
        stop.stoppedMode = "StopCharging"
        _ = try await scenario.client.stopInstance(stop)

        // A first process sees the interruption's lock and marks the instance, then is killed before the stop.
        scenario.region.scheduleInterruption(of: [interrupted], after: .seconds(5))
        let first = scenario.recoverer
        await scenario.runKilled(after: { $0.action == "TagResources" }) {
            try await first.recover(Self.fleet, options: RecoveryOptions(watch: WatchOptions(timeout: .seconds(3600)))) { _ in }
        }
        await scenario.clock.advance(by: .seconds(400))
        #expect(try await scenario.describe(interrupted)?.status == .stopped)
        #expect(try await scenario.describe(interrupted)?.isMarkedForRecycling == false, "the lock went with the stop")

        // Started again: both are stopped in economical mode; only the interrupted one has evidence.
        let restarted = SpotRecoverer(client: try scenario.region.makeClient())
        let stopped = try await restarted.findStoppedInterruptions(Self.fleet)
        #expect(stopped.map(\.instanceId) == [interrupted])
        let detector = restarted.detector(for: Self.fleet, options: WatchOptions(includesStoppedMembers: true))
        try await detector.prepare()
        #expect(try await detector.poll().map(\.instanceId) == [interrupted])
        let report = try await scenario.clock.run { try await restarted.reconcile(Self.fleet) }
        #expect(report.stopped == [interrupted])
        #expect(scenario.region.instance(interrupted)?.restarts == 1)
        #expect(scenario.region.instance(userStopped)?.restarts == 0)
        #expect(scenario.region.calls(of: "StartInstance").allSatisfy { $0.parameters["InstanceId"] == interrupted })

        // An event for the instance the user stopped is confirmed as not interrupted.
        let events = EventRecyclingDetector(client: scenario.client)
        let payload = #"{"id":"e-user","name":"Instance:PreemptibleInstanceInterruption","product":"ECS","content":{"instanceId":"\#(userStopped)"}}"#
        #expect(await events.submit(Array(payload.utf8)) == .accepted(InterruptionEvent(id: "e-user", instanceId: userStopped, source: .cloudMonitor)))
        #expect(try await events.poll().isEmpty)
    }

    @Test("With the event history recording the interruption, a stop nobody saw coming is still recognised")
    func historyAsEvidence() async throws {
        var configuration = SimulatedRegionConfiguration()
        // Not documented: whether ECS records spot interruptions as system events, and under what name.
        configuration.spotInterruptionEventType = "SystemMaintenance.PreemptibleInstanceInterruption"
        let scenario = try Scenario(configuration: configuration)
        let id = try Self.stopModeInstance(scenario)
        // No recoverer ran while the lock was on: only the history can tell.
        scenario.region.scheduleInterruption(of: [id], after: .seconds(5))
        await scenario.clock.advance(by: .seconds(400))
        #expect(try await scenario.describe(id)?.status == .stopped)
        let stopped = try await scenario.recoverer.findStoppedInterruptions(Self.fleet)
        #expect(stopped.map(\.instanceId) == [id])

        // Without that record, the same stop is left alone: "stopped" alone is never evidence.
        let plain = try Scenario()
        let other = try Self.stopModeInstance(plain)
        plain.region.scheduleInterruption(of: [other], after: .seconds(5))
        await plain.clock.advance(by: .seconds(400))
        #expect(try await plain.recoverer.findStoppedInterruptions(Self.fleet).isEmpty)
    }
}
