import AliyunECS
import AliyunECSTesting
import Foundation
import Testing

/// The CloudMonitor and EventBridge payloads the region announces for each interruption.
@Suite("Simulator: interruption events")
struct InterruptionEventTests {
    @Test("Each interruption is announced once its lock appears, in both formats, with a stable ID")
    func payloads() async throws {
        let (region, clock) = try Sim.region()
        let ids = region.addInstances(count: 2, spotInterruptionBehavior: .terminate)
        region.scheduleInterruption(of: [ids[0]], after: .seconds(60))
        #expect(region.announcedInterruptions.isEmpty)
        await clock.advance(by: .seconds(61))
        let events = region.announcedInterruptions
        #expect(events.map(\.instanceId) == [ids[0]])
        let event = try #require(events.first)
        #expect(event.action == "delete")
        let cloudMonitor = try #require(try JSONSerialization.jsonObject(with: event.cloudMonitorPayload) as? [String: Any])
        #expect(cloudMonitor["name"] as? String == "Instance:PreemptibleInstanceInterruption")
        #expect((cloudMonitor["content"] as? [String: Any])?["instanceId"] as? String == ids[0])
        #expect((cloudMonitor["resourceId"] as? String)?.hasSuffix("instance/\(ids[0])") == true)
        #expect((cloudMonitor["eventTime"] as? String)?.count == 24)
        let eventBridge = try #require(try JSONSerialization.jsonObject(with: event.eventBridgePayload) as? [String: Any])
        #expect(eventBridge["type"] as? String == "ecs:Instance:PreemptibleInstanceInterruption")
        #expect((eventBridge["data"] as? [String: Any])?["instanceId"] as? String == ids[0])
        #expect(eventBridge["id"] as? String == cloudMonitor["id"] as? String)
        #expect(region.announcedInterruptions.map(\.eventId) == [event.eventId], "the same ID every time")
    }

    /// `Tests/Fixtures/events/simulated-*.json`, the `events` fuzz target's seeds: kept equal to what the region announces.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/events")

    @Test("The event fixtures are the payloads the region announces, byte for byte")
    func fixtures() async throws {
        let (region, clock) = try Sim.region()
        let deleted = region.addInstances(count: 1, spotInterruptionBehavior: .terminate)
        let stopped = region.addInstances(count: 1, spotInterruptionBehavior: .stop)
        region.scheduleInterruption(of: deleted + stopped, after: .seconds(60))
        await clock.advance(by: .seconds(61))
        let events = region.announcedInterruptions
        #expect(events.map(\.action).sorted() == ["delete", "stop"])
        for event in events {
            for (format, payload) in [("cloudmonitor", event.cloudMonitorPayload), ("eventbridge", event.eventBridgePayload)] {
                let name = "simulated-\(format)-\(event.action).json"
                let fixture = try Data(contentsOf: Self.fixtures.appendingPathComponent(name))
                #expect(fixture == payload, "\(name) should be: \(String(decoding: payload, as: UTF8.self))")
            }
        }
    }

    @Test("A stop-mode interruption is announced with action stop")
    func stopAction() async throws {
        let (region, clock) = try Sim.region()
        let id = try #require(region.addInstances(count: 1, spotInterruptionBehavior: .stop).first)
        region.scheduleInterruption(of: [id], after: .seconds(1))
        await clock.advance(by: .seconds(2))
        #expect(region.announcedInterruptions.map(\.action) == ["stop"])
    }
}
