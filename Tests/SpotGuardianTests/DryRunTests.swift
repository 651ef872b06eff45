import AliyunECS
import AliyunECSTesting
import Foundation
import SpotGuardian
import SpotRecovery
import Testing

/// `--dry-run`: detection and planning happen, nothing is changed.
@Suite("Dry run")
struct DryRunTests {
    @Test("An interruption in dry-run mode is detected and planned, with zero mutating calls and a log of what would be done")
    func dryRunMutatesNothing() async throws {
        let harness = try await GuardianHarness.start {
            $0.dryRun = true
            $0.backstopInterval = .seconds(60)
            $0.regions[0].fleets[0].placement = PlacementPolicy(
                placements: [Placement(zoneId: "cn-hangzhou-i", vSwitchId: "vsw-sim-i"), Placement(zoneId: "cn-hangzhou-k", vSwitchId: "vsw-sim-k")],
                instanceTypes: .types(["ecs.g7.large", "ecs.c7.large"]))
            $0.regions[0].fleets[0].checkpointInterval = .seconds(300)
            $0.regions[0].fleets[0].retention = RetentionPolicy(keep: 1)
        }
        let event = try await harness.interrupt(harness.fleet[0])
        #expect(await harness.post("cloudmonitor", body: event.cloudMonitorPayload).status == 202)
        // And one found by the backstop poll alone.
        harness.region.scheduleInterruption(of: [harness.fleet[1]], after: .zero)
        #expect(await harness.advance { harness.metric(#"spot_guardian_detections_total{source="DescribeInstances"}"#) == 1 })
        _ = await harness.advance(until: { false }, limit: .seconds(900))

        #expect(harness.mutatingCalls.isEmpty, "\(harness.mutatingCalls.map(\.action))")
        // The transport refuses any change in dry-run, so the region alone cannot tell whether one was tried:
        // a refused change is counted as `dry_run`, and none was tried.
        let attempted = harness.guardian.metrics.prometheusText().split(separator: "\n").filter { $0.contains(#"outcome="dry_run""#) }
        #expect(attempted.isEmpty, "\(attempted)")
        #expect(harness.metric(#"spot_guardian_detections_total{source="CloudMonitor"}"#) == 1)
        #expect(harness.logs.contains("Dry run: would image the instance and launch a replacement in cn-hangzhou-"))
        #expect(harness.logs.contains("Dry run: would take a checkpoint"))
        #expect(harness.region.calls(of: "DescribeAvailableResource").count > 0, "planning reads the market")
        await harness.stop()
    }
}

/// The last line of defence of `--dry-run`, on its own.
@Suite("Dry-run transport")
struct DryRunTransportTests {
    @Test("A change is refused with an ECS-shaped error and counted as dry_run, never as a client error; reads pass")
    func refusesAndCounts() async throws {
        let region = SimulatedRegion()
        let metrics = GuardianMetrics()
        let client = try ECSClient(
            region: region.regionId, credentials: StaticCredentialProvider(ECSCredentials(accessKeyId: "testid", accessKeySecret: "testsecret")),
            transport: DryRunTransport(base: region.transport, metrics: metrics), endpoint: "https://ecs.cn-hangzhou.simulated.invalid",
            configuration: ECSClient.Configuration(clock: try #require(region.virtualClock), environment: [:]))
        let id = try #require(region.addInstances(count: 1).first)
        let error = await #expect(throws: ECSServiceError.self) {
            _ = try await client.createImage(CreateImageRequest().with { $0.instanceId = id })
        }
        #expect(error?.code == "DryRun.Refused")
        #expect(region.calls(of: "CreateImage").isEmpty)
        _ = try await client.describeInstances(DescribeInstancesRequest(instanceIds: [id]))
        let text = metrics.prometheusText()
        #expect(GuardianHarness.metric(#"spot_guardian_api_calls_total{action="CreateImage",outcome="dry_run"}"#, in: text) == 1)
        #expect(GuardianHarness.metric(#"spot_guardian_api_calls_total{action="CreateImage",outcome="client_error"}"#, in: text) == nil)
        #expect(region.calls(of: "DescribeInstances").count == 1)
    }
}
