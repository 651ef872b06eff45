import AliyunECS
import AliyunECSTesting
import Foundation
import SpotRecovery
import Testing

/// A recovery that waits for stock to come back must not hold up the others.
@Suite("Waiting for capacity")
struct CapacityWaitTests {
    static let tag = ResourceTag(key: "team", value: "batch")

    @Test("A recovery waiting for stock gives its concurrency slot to one whose zone has capacity")
    func waitGivesTheSlotBack() async throws {
        let scenario = try Scenario()
        let short = try #require(scenario.region.addInstances(count: 1, zoneId: "cn-hangzhou-j", vSwitchId: "vsw-sim-j", tags: [Self.tag]).first)
        let stocked = try #require(scenario.region.addInstances(count: 1, zoneId: "cn-hangzhou-i", vSwitchId: "vsw-sim-i", tags: [Self.tag]).first)
        // The first interruption takes the only slot; its zone stays short for twenty minutes.
        scenario.region.scheduleInterruption(of: [short], after: .seconds(5))
        scenario.region.scheduleInterruption(of: [stocked], after: .seconds(60))
        let shortageEnds = 5.0 + 1200
        scenario.region.setSoldOut(zoneId: "cn-hangzhou-j", until: scenario.start.addingTimeInterval(shortageEnds))
        let events = Collector<RecoveryEvent>()
        let recoverer = scenario.recoverer
        try await scenario.clock.run {
            try await recoverer.recover(.tagged(key: "team", value: "batch"), options: RecoveryOptions(
                watch: WatchOptions(timeout: .seconds(90)), maximumConcurrentRecoveries: 1)) { events.append($0) }
        }
        let relaunched = Dictionary(
            events.values.filter { $0.name == "relaunched" }.map { ($0.instanceId, $0.time.timeIntervalSince(scenario.start)) },
            uniquingKeysWith: min)
        let stockedAt = try #require(relaunched[stocked], "\(events.values.map(\.summary))")
        let shortAt = try #require(relaunched[short], "\(events.values.map(\.summary))")
        #expect(events.values.contains { $0.instanceId == short && $0.name == "relaunchDeferred" })
        #expect(stockedAt < shortageEnds - 600, "the recovery in a zone with stock ran while the other waited (\(stockedAt) s)")
        #expect(shortAt >= shortageEnds, "the waiting one launched once stock came back (\(shortAt) s)")
        #expect(scenario.region.calls(of: "RunInstances").filter(\.succeeded).count == 2)
    }
}
