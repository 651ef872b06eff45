import AliyunECS
import AliyunECSTesting
import Foundation
import SpotGuardian
import Testing

/// `POST /events/cloudmonitor` and `/events/eventbridge`: an event leads to one recovery, confirmed with
/// ECS first; duplicates, forgeries, wrong tokens and junk change nothing.
@Suite("Event endpoints")
struct EventEndpointTests {
    @Test("An interruption event posted to CloudMonitor's endpoint leads to one image and one running replacement")
    func eventLeadsToOneRecovery() async throws {
        let harness = try await GuardianHarness.start()
        let victim = harness.fleet[0]
        let event = try await harness.interrupt(victim)

        let reply = await harness.post("cloudmonitor", body: event.cloudMonitorPayload)
        #expect(reply.status == 202)
        #expect(reply.body.contains(victim))

        #expect(await harness.advance { harness.metric(#"spot_guardian_relaunches_total{outcome="success"}"#) == 1 })
        #expect(harness.images(of: victim).count == 1)
        #expect(harness.replacements.count == 1)
        #expect(harness.region.calls(of: "RunInstances").count == 1)
        #expect(harness.metric(#"spot_guardian_detections_total{source="CloudMonitor"}"#) == 1)
        #expect(harness.images(of: harness.fleet[1]).isEmpty, "the other fleet member is left alone")
        #expect(await harness.stop() == .stopped)
    }

    @Test("EventBridge's payload with the token in its header is accepted the same way")
    func eventBridgeHeaderToken() async throws {
        let harness = try await GuardianHarness.start()
        let event = try await harness.interrupt(harness.fleet[1])

        let reply = await harness.post("eventbridge", body: event.eventBridgePayload, asHeader: true)
        #expect(reply.status == 202)
        #expect(await harness.advance { harness.replacements.count == 1 })
        #expect(harness.metric(#"spot_guardian_detections_total{source="EventBridge"}"#) == 1)
        await harness.stop()
    }

    @Test("The same event delivered three times is one recovery")
    func duplicateEvents() async throws {
        let harness = try await GuardianHarness.start()
        let victim = harness.fleet[0]
        let event = try await harness.interrupt(victim)

        var statuses: [Int] = []
        for _ in 0..<3 { statuses.append(await harness.post("cloudmonitor", body: event.cloudMonitorPayload).status) }
        #expect(statuses == [202, 200, 200])
        #expect(await harness.advance { harness.metric(#"spot_guardian_relaunches_total{outcome="success"}"#) == 1 })
        // The same event again after the recovery, and through the other channel: still nothing new.
        #expect(await harness.post("eventbridge", body: event.eventBridgePayload).status == 200)
        _ = await harness.advance(until: { false }, limit: .seconds(30))
        #expect(harness.region.calls(of: "CreateImage").count == 1)
        #expect(harness.replacements.count == 1)
        #expect(harness.metric(#"spot_guardian_events_total{channel="cloudmonitor",outcome="duplicate"}"#) == 2)
        await harness.stop()
    }

    @Test("A forged event for a healthy instance is confirmed with ECS and changes nothing")
    func forgedEventChangesNothing() async throws {
        let harness = try await GuardianHarness.start()
        // A real event's shape, made up for an instance nobody is reclaiming.
        let genuine = try await harness.interrupt(harness.fleet[0])
        harness.region.resetCalls()
        var forged = String(decoding: genuine.cloudMonitorPayload, as: UTF8.self)
            .replacingOccurrences(of: harness.fleet[0], with: harness.fleet[1])
        forged = forged.replacingOccurrences(of: genuine.eventId, with: "forged-\(genuine.eventId)")
        let unknown = forged.replacingOccurrences(of: harness.fleet[1], with: "i-doesnotexist000000")
            .replacingOccurrences(of: "forged-", with: "unknown-")

        // Answered once ECS has been asked: 200, nothing to do, and why.
        let forgedReply = await harness.post("cloudmonitor", body: Data(forged.utf8))
        #expect(forgedReply.status == 200 && forgedReply.body.contains(#""status":"ignored""#), "\(forgedReply)")
        let unknownReply = await harness.post("cloudmonitor", body: Data(unknown.utf8))
        #expect(unknownReply.status == 200 && unknownReply.body.contains("does not know the instance"), "\(unknownReply)")
        #expect(harness.metric(#"spot_guardian_event_confirmations_total{outcome="unknownInstance"}"#) == 1)
        #expect(harness.metric(#"spot_guardian_event_confirmations_total{outcome="notInterrupted"}"#) == 1)
        _ = await harness.advance(until: { false }, limit: .seconds(30))
        #expect(harness.mutatingCalls.isEmpty, "\(harness.mutatingCalls.map(\.action))")
        #expect(harness.metric("spot_guardian_detections_total{source=\"CloudMonitor\"}") == nil, "never detected")
        await harness.stop()
    }

    @Test("Without the token, or with a wrong one, an event is refused with 401 and never parsed")
    func tokenRequired() async throws {
        let harness = try await GuardianHarness.start()
        let event = try await harness.interrupt(harness.fleet[0])
        harness.region.resetCalls()

        let missing = await harness.post("cloudmonitor", body: event.cloudMonitorPayload, token: nil)
        let wrong = await harness.post("cloudmonitor", body: event.cloudMonitorPayload, token: "not-the-token-0123456789abcdef")
        let prefix = await harness.post("eventbridge", body: event.eventBridgePayload, token: String(GuardianHarness.token.dropLast()), asHeader: true)
        let longer = await harness.post("cloudmonitor", body: event.cloudMonitorPayload, token: GuardianHarness.token + "0")
        #expect([missing.status, wrong.status, prefix.status, longer.status] == [Int](repeating: 401, count: 4))
        #expect(!wrong.body.contains(GuardianHarness.token))
        _ = await harness.advance(until: { false }, limit: .seconds(10))
        #expect(harness.region.calls.isEmpty, "an unauthorized event costs no ECS call")
        #expect(harness.metric(#"spot_guardian_events_total{channel="cloudmonitor",outcome="unauthorized"}"#) == 3)
        // The event is still usable with the token: nothing was remembered from the refused attempts.
        #expect(await harness.post("cloudmonitor", body: event.cloudMonitorPayload).status == 202)
        await harness.stop()
    }

    @Test("Junk, HTML and oversized bodies get a 4xx with a reason and no ECS call")
    func junkBodies() async throws {
        let harness = try await GuardianHarness.start { $0.http.maximumBodySize = 4096 }
        harness.region.resetCalls()

        let html = await harness.post("cloudmonitor", body: Data("<html><body>502 Bad Gateway</body></html>".utf8))
        let other = await harness.post("eventbridge", body: Data(#"{"product":"ECS","name":"Instance:StateChange","id":"x"}"#.utf8))
        let empty = await harness.post("cloudmonitor", body: Data())
        let large = await harness.post("cloudmonitor", body: Data(repeating: UInt8(ascii: "a"), count: 64 * 1024))
        #expect(html.status == 400)
        #expect(other.status == 400)
        #expect(empty.status == 400)
        #expect(large.status == 413)
        #expect(html.contentType?.hasPrefix("application/json") == true)
        #expect(await harness.get("/healthz").status == 200, "the server still answers")
        #expect(harness.region.calls.isEmpty)
        let wrongMethod = await harness.get("/events/cloudmonitor").status
        #expect((400..<500).contains(wrongMethod), "GET on an event endpoint: \(wrongMethod)")
        await harness.stop()
    }
}
