import AliyunECS
import AliyunECSTesting
import Foundation
import SpotGuardian
import SpotRecovery
import Testing

/// `GET /metrics`, `/healthz` and `/readyz` say what happened and whether the service can work.
@Suite("Metrics and health")
struct MetricsAndHealthTests {
    @Test("/metrics counts what happened: detections, images, relaunches, API calls by action, the two histograms")
    func metricsMatchWhatHappened() async throws {
        let harness = try await GuardianHarness.start()
        let event = try await harness.interrupt(harness.fleet[0])
        #expect(await harness.post("cloudmonitor", body: event.cloudMonitorPayload).status == 202)
        try #require(await harness.advance { harness.metric(#"spot_guardian_relaunches_total{outcome="success"}"#) == 1 })

        let reply = await harness.get("/metrics")
        #expect(reply.status == 200)
        #expect(reply.contentType?.hasPrefix("text/plain") == true)
        let text = reply.body
        func value(_ sample: String) -> Double? { GuardianHarness.metric(sample, in: text) }
        #expect(value(#"spot_guardian_detections_total{source="CloudMonitor"}"#) == 1)
        #expect(value(#"spot_guardian_images_total{outcome="requested"}"#) == 1)
        #expect(value(#"spot_guardian_images_total{outcome="available"}"#) == 1)
        #expect(value(#"spot_guardian_events_total{channel="cloudmonitor",outcome="accepted"}"#) == 1)
        #expect(value(#"spot_guardian_event_confirmations_total{outcome="confirmed"}"#) == 1)
        #expect(value("spot_guardian_detection_to_image_seconds_count") == 1)
        #expect(value("spot_guardian_detection_to_running_seconds_count") == 1)
        // The image takes 60 s on the simulator, the replacement 20 s more to run.
        #expect(try #require(value("spot_guardian_detection_to_image_seconds_sum")) >= 60)
        #expect(value(#"spot_guardian_detection_to_image_seconds_bucket{le="30.0"}"#) == 0)
        #expect(value(#"spot_guardian_detection_to_running_seconds_bucket{le="300.0"}"#) == 1)
        for action in ["CreateImage", "RunInstances", "DescribeInstances", "DescribeImages"] {
            let made = harness.region.calls(of: action).filter { $0.outcome == .success }.count
            #expect(made > 0)
            #expect(value("spot_guardian_api_calls_total{action=\"\(action)\",outcome=\"success\"}") == Double(made), "\(action)")
        }
        #expect(!text.contains(GuardianHarness.token))
        await harness.stop()
    }

    @Test("Checkpoints and prunes are counted as the schedule takes and deletes them")
    func checkpointMetrics() async throws {
        let harness = try await GuardianHarness.start {
            $0.regions[0].fleets[0].checkpointInterval = .seconds(600)
            $0.regions[0].fleets[0].retention = RetentionPolicy(keep: 1)
        }
        #expect(await harness.advance(until: { (harness.metric(#"spot_guardian_checkpoints_total{outcome="requested"}"#) ?? 0) >= 6 }, limit: .seconds(1900)))
        let requested = harness.metric(#"spot_guardian_checkpoints_total{outcome="requested"}"#)
        #expect(requested == Double(harness.region.calls(of: "CreateImage").filter { $0.outcome == .success }.count))
        #expect(harness.metric("spot_guardian_pruned_images_total") == Double(harness.region.calls(of: "DeleteImage").filter { $0.outcome == .success }.count))
        #expect(try #require(harness.metric("spot_guardian_pruned_images_total")) >= 2)
        #expect(try #require(harness.metric("spot_guardian_pruned_snapshots_total")) >= 2)
        #expect(harness.region.orphanedSnapshots.isEmpty)
        await harness.stop()
    }

    @Test("/healthz answers while /readyz says why it is not ready: refused credentials")
    func readinessWithRefusedKey() async throws {
        let harness = try await GuardianHarness.start(accessKeySecret: "wrong-secret", waitUntilReady: false)
        #expect(await harness.advance(until: { await harness.get("/readyz").body.contains("the last poll failed") }, limit: .seconds(60)))
        let ready = await harness.get("/readyz")
        #expect(ready.status == 503)
        #expect(!ready.body.contains("wrong-secret"))
        #expect(await harness.get("/healthz").status == 200)
        #expect(harness.exit == nil, "a refused key is reported, not fatal: the endpoints keep answering")
        #expect(!harness.logs.lines.contains { $0.message.contains("wrong-secret") || $0.metadata.values.contains { $0.contains("wrong-secret") } })
        await harness.stop()
    }

    @Test("Ready once credentials resolved and a poll succeeded")
    func readyAfterFirstPoll() async throws {
        let harness = try await GuardianHarness.start()
        let ready = await harness.get("/readyz")
        #expect(ready.status == 200)
        #expect(ready.body.contains("ready"))
        await harness.stop()
    }
}
