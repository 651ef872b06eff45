import AliyunECS
import AliyunECSTesting
import Foundation
import Testing

/// DescribeInstanceHistoryEvents: events recorded by hand, and spot interruptions when configured to be recorded.
@Suite("Simulator: system event history")
struct SystemEventTests {
    static let interruptionType: SystemEventType = "SystemMaintenance.Stop"

    @Test("By default a spot interruption leaves no system event, and neither does a user's StopInstance")
    func interruptionsNotRecordedByDefault() async throws {
        let (region, clock) = try Sim.region()
        let ids = region.addInstances(count: 2, spotInterruptionBehavior: .stop)
        region.scheduleInterruption(of: [ids[0]], after: .seconds(1), releaseAfter: .seconds(10))
        let client = try Sim.client(for: region)
        _ = try await client.stopInstance(StopInstanceRequest(instanceId: ids[1]))
        await clock.advance(by: .seconds(30))
        let every = try await client.describeInstanceHistoryEvents(DescribeInstanceHistoryEventsRequest().with {
            $0.instanceEventCycleStatuses = [.scheduled, .executing, .executed, .avoided, .canceled, .failed, .inquiring]
        })
        #expect(every.systemEvents.isEmpty)
        #expect(every.totalCount == 0)
        #expect(try await Sim.describe(ids[0], with: client)?.status == .stopped, "the interruption did happen")
    }

    @Test("When configured, an interruption is published with its lock, scheduled for its release, executed then")
    func interruptionRecorded() async throws {
        let (region, clock) = try Sim.region(SimulatedRegionConfiguration(spotInterruptionEventType: Self.interruptionType))
        let id = try #require(region.addInstances(count: 1, spotInterruptionBehavior: .stop).first)
        let start = clock.now
        region.scheduleInterruption(of: [id], after: .seconds(10), releaseAfter: .seconds(100))
        let client = try Sim.client(for: region)
        let open = DescribeInstanceHistoryEventsRequest().with {
            $0.instanceId = id
            $0.instanceEventCycleStatuses = [.scheduled, .executing, .executed]
        }
        await clock.advance(by: .seconds(9))
        #expect(try await client.describeInstanceHistoryEvents(open).systemEvents.isEmpty, "nothing before the lock")

        await clock.advance(by: .seconds(1))
        let scheduled = try #require(try await client.describeInstanceHistoryEvents(open).systemEvents.first)
        #expect(scheduled.eventType?.name == Self.interruptionType)
        #expect(scheduled.eventCycleStatus?.name == .scheduled)
        #expect(scheduled.eventCycleStatus?.code == 24)
        #expect(scheduled.eventPublishTime == start.plus(10))
        #expect(scheduled.notBefore == start.plus(110))
        #expect(scheduled.eventFinishTime == nil)
        #expect(scheduled.instanceId == id)
        #expect(try await client.describeInstanceHistoryEvents(DescribeInstanceHistoryEventsRequest()).systemEvents.isEmpty,
                "an open event is not in the default (finished) history")

        await clock.advance(by: .seconds(100))
        let finished = try await client.describeInstanceHistoryEvents(DescribeInstanceHistoryEventsRequest())
        let executed = try #require(finished.systemEvents.first)
        #expect(finished.systemEvents.count == 1)
        #expect(executed.eventId == scheduled.eventId)
        #expect(executed.eventCycleStatus?.name == .executed && executed.eventCycleStatus?.code == 0)
        #expect(executed.eventFinishTime == start.plus(110))
    }

    @Test("A restarted stop-mode instance interrupted twice has two events; a user's stop adds none")
    func twoInterruptions() async throws {
        let (region, clock) = try Sim.region(SimulatedRegionConfiguration(spotInterruptionEventType: Self.interruptionType))
        let id = try #require(region.addInstances(count: 1, spotInterruptionBehavior: .stop).first)
        let client = try Sim.client(for: region)
        region.scheduleInterruption(of: [id], after: .seconds(1), releaseAfter: .seconds(10))
        await clock.advance(by: .seconds(20))
        _ = try await client.startInstance(StartInstanceRequest(instanceId: id))
        await clock.advance(by: .seconds(30))
        region.scheduleInterruption(of: [id], after: .seconds(1), releaseAfter: .seconds(10))
        await clock.advance(by: .seconds(20))
        _ = try await client.startInstance(StartInstanceRequest(instanceId: id))
        await clock.advance(by: .seconds(30))
        _ = try await client.stopInstance(StopInstanceRequest(instanceId: id))
        let history = try await client.describeInstanceHistoryEvents(DescribeInstanceHistoryEventsRequest().with { $0.instanceId = id })
        #expect(history.systemEvents.count == 2)
        #expect(Set(history.systemEvents.compactMap(\.eventId)).count == 2)
        #expect(history.systemEvents.allSatisfy { $0.eventCycleStatus?.name == .executed })
    }

    @Test("Events recorded by hand: filters by type, instance, event ID and state; paging by token and by page")
    func recordedEvents() async throws {
        let (region, clock) = try Sim.region()
        let ids = region.addInstances(count: 2)
        let now = clock.now
        let reboot = region.recordSystemEvent(.systemMaintenanceReboot, instanceId: ids[0], notBefore: now.plus(60), finishedAt: now.plus(120))
        region.recordSystemEvent(.systemFailureReboot, instanceId: ids[1], finishedAt: now.plus(30), endingAs: .avoided)
        let pending = region.recordSystemEvent(.systemMaintenanceRedeploy, instanceId: ids[1], notBefore: now.plus(3600), finishedAt: nil)
        let client = try Sim.client(for: region)
        await clock.advance(by: .seconds(200))

        let finished = try await client.describeInstanceHistoryEvents(DescribeInstanceHistoryEventsRequest())
        #expect(finished.systemEvents.count == 2, "the open redeploy is not finished")
        let described = try #require(finished.systemEvents.first { $0.eventId == reboot })
        #expect(described.eventType?.code == 1)
        #expect(described.eventCycleStatus?.name == .executed)
        #expect(try await client.describeInstanceHistoryEvents(DescribeInstanceHistoryEventsRequest().with {
            $0.eventType = .systemFailureReboot
        }).systemEvents.map(\.eventCycleStatus?.name) == [.avoided])
        #expect(try await client.describeInstanceHistoryEvents(DescribeInstanceHistoryEventsRequest().with {
            $0.resourceIds = [ids[1]]
            $0.instanceId = ids[0]
            $0.eventCycleStatus = .scheduled
        }).systemEvents.map(\.eventId) == [pending], "ResourceId.N wins over InstanceId")
        #expect(try await client.describeInstanceHistoryEvents(DescribeInstanceHistoryEventsRequest().with {
            $0.eventIds = [reboot]
        }).systemEvents.count == 1)

        for index in 0..<12 { region.recordSystemEvent(.instanceFailureReboot, instanceId: ids[index % 2], finishedAt: clock.now) }
        var tokens = 0
        var collected = 0
        var request = DescribeInstanceHistoryEventsRequest().with { $0.maxResults = 10 }
        while true {
            let page = try await client.describeInstanceHistoryEvents(request)
            collected += page.systemEvents.count
            guard let token = page.nextToken, !token.isEmpty else { break }
            tokens += 1
            request.nextToken = token
        }
        #expect(collected == 14 && tokens == 1)
        let second = try await client.describeInstanceHistoryEvents(DescribeInstanceHistoryEventsRequest().with {
            $0.pageNumber = 2
            $0.pageSize = 10
        })
        #expect(second.systemEvents.count == 4 && second.totalCount == 14)
    }

    @Test("Finished events older than 30 days are no longer reported")
    func retention() async throws {
        let (region, clock) = try Sim.region()
        let id = try #require(region.addInstances(count: 1).first)
        region.recordSystemEvent(.systemMaintenanceReboot, instanceId: id, finishedAt: clock.now)
        let client = try Sim.client(for: region)
        await clock.advance(by: .seconds(29 * 86_400))
        #expect(try await client.describeInstanceHistoryEvents(DescribeInstanceHistoryEventsRequest()).systemEvents.count == 1)
        await clock.advance(by: .seconds(2 * 86_400))
        #expect(try await client.describeInstanceHistoryEvents(DescribeInstanceHistoryEventsRequest()).systemEvents.isEmpty)
        #expect(region.systemEvents.count == 1, "still recorded, no longer reported")
    }
}
