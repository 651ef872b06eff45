import AliyunECS
import AliyunECSTesting
import Foundation
import Logging
import SpotGuardian
import Testing

/// Structured logs: JSON lines on request, one correlation ID per recovery, no secrets.
@Suite("Logs")
struct LoggingTests {
    @Test("Every line of one recovery carries the same correlation ID, and another recovery a different one")
    func correlationIds() async throws {
        let harness = try await GuardianHarness.start()
        for victim in harness.fleet {
            let event = try await harness.interrupt(victim)
            #expect(await harness.post("cloudmonitor", body: event.cloudMonitorPayload).status == 202)
        }
        try #require(await harness.advance { harness.metric(#"spot_guardian_relaunches_total{outcome="success"}"#) == 2 })

        var ids: [String: Set<String>] = [:]
        for line in harness.logs.lines {
            guard let recovery = line.metadata["recovery"], let instance = line.metadata["spot.instance"] else { continue }
            ids[instance, default: []].insert(recovery)
        }
        #expect(ids.keys.sorted() == harness.fleet.sorted())
        #expect(ids.values.allSatisfy { $0.count == 1 }, "\(ids)")
        #expect(Set(ids.values.compactMap(\.first)).count == 2)
        // Steps of the library (client calls included) and of the service share it.
        let first = try #require(ids[harness.fleet[0]]?.first)
        let lines = harness.logs.lines.filter { $0.metadata["recovery"] == first }.map(\.message)
        #expect(lines.contains("Interruption detected"))
        #expect(lines.contains { $0.hasPrefix("image requested") })
        #expect(lines.contains { $0.hasPrefix("relaunched as") })
        #expect(lines.contains("ECS call"))
        await harness.stop()
    }

    @Test("Neither the event token nor the access key secret appears in any log line")
    func noSecretsInLogs() async throws {
        let harness = try await GuardianHarness.start()
        let event = try await harness.interrupt(harness.fleet[0])
        _ = await harness.post("cloudmonitor", body: event.cloudMonitorPayload)
        _ = await harness.post("cloudmonitor", body: event.cloudMonitorPayload, token: "a-wrong-token-but-long-enough")
        try #require(await harness.advance { harness.replacements.count == 1 })
        await harness.stop()
        for line in harness.logs.lines {
            let text = line.message + " " + line.metadata.values.joined(separator: " ")
            #expect(!text.contains(GuardianHarness.token))
            #expect(!text.contains("testsecret"))
            #expect(!text.contains("a-wrong-token-but-long-enough"))
        }
    }

    @Test("--log-format json writes one JSON object per line, with the message, level and metadata")
    func jsonLines() throws {
        let written = LockedLines()
        var logger = Logger(label: "spot-guardian") { label in JSONLogHandler(label: label) { written.append($0) } }
        logger[metadataKey: "recovery"] = "i-abc-123"
        logger.info("Image requested", metadata: ["spot.image": "m-1", "quote": "a \"quoted\"\nline"])
        logger.debug("below the level")
        logger.warning("second")

        #expect(written.lines.count == 2)
        for line in written.lines {
            #expect(!line.contains("\n"))
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
            #expect(object["label"] == "spot-guardian")
            #expect(object["recovery"] == "i-abc-123")
            #expect(object["time"]?.hasSuffix("Z") == true)
        }
        let first = try #require(try JSONSerialization.jsonObject(with: Data(written.lines[0].utf8)) as? [String: String])
        #expect(first["message"] == "Image requested")
        #expect(first["level"] == "info")
        #expect(first["spot.image"] == "m-1")
        #expect(first["quote"] == "a \"quoted\"\nline")
    }
}

final class LockedLines: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var stored: [String] = []

    var lines: [String] { lock.withLock { stored } }

    func append(_ line: String) {
        lock.withLock { stored.append(line) }
    }
}
