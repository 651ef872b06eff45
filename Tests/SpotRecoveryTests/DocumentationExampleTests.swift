import AliyunECS
import AliyunECSTesting
import Foundation
import SpotRecovery
import Testing

// The complete example of Documentation/Testing.md, kept here so that it keeps compiling and passing.

func keepBatchAlive(ecs: ECSClient, watchFor seconds: Int) async throws -> [String] {
    let replacements = Collector<String>()
    try await SpotRecoverer(client: ecs).recover(
        .tagged(key: "team", value: "batch"),
        options: RecoveryOptions(
            watch: WatchOptions(timeout: .seconds(seconds)),
            relaunch: RelaunchOptions(fallbackPlacements: [Placement(zoneId: "cn-hangzhou-j", vSwitchId: "vsw-sim-j")]))
    ) { event in
        if case .relaunched(let relaunch) = event.kind { replacements.append(relaunch.instanceId) }
    }
    return replacements.values
}

@Test("The Testing.md example: an interrupted worker is replaced in the fallback zone")
func interruptedWorkerIsReplacedInTheFallbackZone() async throws {
    let region = SimulatedRegion()
    let clock = try #require(region.virtualClock)
    let fleet = region.addInstances(count: 3, zoneId: "cn-hangzhou-i", tags: [ResourceTag(key: "team", value: "batch")])
    region.scheduleInterruption(of: [fleet[1]], after: .seconds(40))
    region.setSoldOut(zoneId: "cn-hangzhou-i")
    region.inject(.throttling(action: "RunInstances", times: 2))

    let ecs = try region.makeClient()
    let replacements = try await clock.run { try await keepBatchAlive(ecs: ecs, watchFor: 120) }

    #expect(replacements.count == 1)
    let replacement = try #require(region.instance(replacements[0]))
    #expect(replacement.zoneId == "cn-hangzhou-j")
    #expect(region.images.count == 1)
    #expect(region.allInstances.count == 4)
    #expect(region.calls(of: "RunInstances").filter { $0.succeeded }.count == 1)
}
