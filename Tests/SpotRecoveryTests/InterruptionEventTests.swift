import AliyunECS
import AliyunECSTesting
import Foundation
import SpotRecovery
import Testing

/// Interruption events from raw bytes, and the event-driven detector that confirms them before acting.
@Suite("Interruption events")
struct InterruptionEventTests {
    static let cloudMonitor = #"""
    {"ver":"1.0","id":"2256A988-0B26-4E2B-820A-8A0000000E5","product":"ECS",
     "resourceId":"acs:ecs:cn-hangzhou:1690700000000030:instance/i-bp1ecr000000005go2go","level":"INFO",
     "name":"Instance:PreemptibleInstanceInterruption","userId":"1690700000000030",
     "eventTime":"20190409T121826.922+0800","regionId":"cn-hangzhou","eventType":"StatusNotification",
     "content":{"instanceId":"i-bp1ecr000000005go2go","action":"delete"}}
    """#

    static let eventBridge = #"""
    {"specversion":"1.0","id":"45ef4dewdwe1-7c35-447a-bd93-fab****","source":"acs.ecs",
     "type":"ecs:Instance:PreemptibleInstanceInterruption","subject":"acs:ecs:cn-hangzhou:1234567:instance/i-bp1aaa",
     "time":"2026-11-26T08:00:00Z","datacontenttype":"application/json;charset=utf-8","aliyunaccountid":"1234567",
     "aliyunpublishtime":"2026-11-26T08:00:00.123Z","aliyuneventbusname":"default","aliyunregionid":"cn-hangzhou",
     "data":{"instanceId":"i-bp1aaa","action":"delete"}}
    """#

    @Test("A CloudMonitor event: instance, action, region and its non-ISO time")
    func parsesCloudMonitor() throws {
        let event = try InterruptionEventParser.parse(Array(Self.cloudMonitor.utf8))
        #expect(event.source == .cloudMonitor)
        #expect(event.id == "2256A988-0B26-4E2B-820A-8A0000000E5")
        #expect(event.instanceId == "i-bp1ecr000000005go2go")
        #expect(event.action == "delete" && event.regionId == "cn-hangzhou")
        #expect(event.time == ECSTimestamp.date(from: "2019-04-09T04:18:26.922Z"))
    }

    @Test("An EventBridge CloudEvent: type, data.instanceId, ISO time")
    func parsesEventBridge() throws {
        let event = try InterruptionEventParser.parse(Array(Self.eventBridge.utf8))
        #expect(event.source == .eventBridge)
        #expect(event.instanceId == "i-bp1aaa" && event.regionId == "cn-hangzhou")
        #expect(event.time == ECSTimestamp.date(from: "2026-11-26T08:00:00Z"))
    }

    @Test("MNS bodies: base64, or the event inside an envelope's Message")
    func parsesMNS() throws {
        let base64 = Data(Self.cloudMonitor.utf8).base64EncodedString()
        #expect(try InterruptionEventParser.parse(Array(base64.utf8)).instanceId == "i-bp1ecr000000005go2go")
        let wrapped = try JSONSerialization.data(withJSONObject: ["Message": base64, "MessageId": "m-1"])
        #expect(try InterruptionEventParser.parse(wrapped).instanceId == "i-bp1ecr000000005go2go")
        let text = try JSONSerialization.data(withJSONObject: ["Message": Self.eventBridge])
        #expect(try InterruptionEventParser.parse(text).source == .eventBridge)
    }

    @Test("The instance comes from resourceId when content lacks it; data may be a JSON string")
    func fallbacks() throws {
        let noContent = #"{"id":"e1","name":"Instance:PreemptibleInstanceInterruption","resourceId":"acs:ecs:cn-hangzhou:1:instance/i-x"}"#
        #expect(try InterruptionEventParser.parse(Array(noContent.utf8)).instanceId == "i-x")
        let stringData = #"{"specversion":"1.0","id":"e2","type":"ecs:Instance:PreemptibleInstanceInterruption","data":"{\"instanceId\":\"i-y\"}"}"#
        #expect(try InterruptionEventParser.parse(Array(stringData.utf8)).instanceId == "i-y")
    }

    /// `Tests/Fixtures`.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// The bytes of `Tests/Fixtures/<name>`.
    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: fixtures.appendingPathComponent(name))
    }

    @Test("Every payload in Tests/Fixtures/events (the simulator's and the documented sample) is read")
    func fixtures() throws {
        let folder = Self.fixtures.appendingPathComponent("events")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
        #expect(names.count >= 5)
        for name in names {
            let payload = try Data(contentsOf: folder.appendingPathComponent(name))
            let event = try InterruptionEventParser.parse(payload)
            #expect(event.instanceId.hasPrefix("i-"), "\(name)")
            #expect(event.source == (name.contains("eventbridge") ? .eventBridge : .cloudMonitor), "\(name)")
            #expect(event.regionId == "cn-hangzhou" && event.time != nil, "\(name)")
            #expect(event.action == (name.contains("-stop") ? "stop" : "delete"), "\(name)")
        }
    }

    @Test("A field of the wrong type counts as absent: the instance is still read from the event's resource")
    func wrongTypedFields() throws {
        // Found by the events fuzzer: `content` holding text that is not JSON refused the whole event as
        // notJSON, although its resourceId names the instance.
        let finding = try Self.fixture("fuzz-regressions/events-content-text-not-json")
        let event = try InterruptionEventParser.parse(finding)
        #expect(event.instanceId == "i-bp1ecr000000005go2go" && event.source == .cloudMonitor && event.action == nil)
        let resource = #""resourceId":"acs:ecs:cn-hangzhou:1:instance/i-x""#
        #expect(try InterruptionEventParser.parse(Array(#"{"name":"Instance:PreemptibleInstanceInterruption","content":[1],\#(resource)}"#.utf8)).instanceId == "i-x")
        #expect(try InterruptionEventParser.parse(Array(#"{"name":"Instance:PreemptibleInstanceInterruption","content":"\"{}\"",\#(resource),"id":[]}"#.utf8)).instanceId == "i-x")
        #expect(throws: InterruptionEventError.self) {
            try InterruptionEventParser.parse(Array(#"{"name":["Instance:PreemptibleInstanceInterruption"],"content":{"instanceId":"i-1"}}"#.utf8))
        }
    }

    @Test("A payload that starts with a UTF-8 byte order mark is read as JSON")
    func byteOrderMark() throws {
        // Found by the events fuzzer: `EF BB BF {}` was taken for base64 and refused as notJSON.
        let finding = try Self.fixture("fuzz-regressions/events-byte-order-mark")
        let error = #expect(throws: InterruptionEventError.self, "an empty object is no event") { try InterruptionEventParser.parse(finding) }
        #expect(error?.kind == .unknownFormat)
        let event = Data([0xEF, 0xBB, 0xBF]) + Data(#"{"name":"Instance:PreemptibleInstanceInterruption","content":{"instanceId":"i-1"}}"#.utf8)
        #expect(try InterruptionEventParser.parse(event).instanceId == "i-1")
    }

    @Test("Bad payloads are typed errors that never quote the payload", arguments: [
        ("", "badSize"), ("not json at all", "notJSON"), ("[1,2]", "notJSON"), (#"{"a":1}"#, "unknownFormat"),
        (#"{"name":"Instance:StateChange","content":{"instanceId":"i-1"}}"#, "notAnInterruption"),
        (#"{"specversion":"1.0","type":"ecs:Disk:Created","data":{}}"#, "notAnInterruption"),
        (#"{"name":"Instance:PreemptibleInstanceInterruption","content":{}}"#, "missingInstanceId"),
        (#"{"specversion":"1.0","type":"ecs:Instance:PreemptibleInstanceInterruption","data":{"instanceId":"  "}}"#, "missingInstanceId"),
    ])
    func badPayloads(payload: String, kind: String) {
        do {
            _ = try InterruptionEventParser.parse(Array(payload.utf8))
            Issue.record("\(payload) parsed")
        } catch {
            #expect(error.kind.description == kind)
            #expect(!error.description.contains("PreemptibleInstanceInterruption\","), "no payload in the message")
        }
        let huge = [UInt8](repeating: UInt8(ascii: " "), count: InterruptionEventParser.maximumPayloadSize + 1)
        #expect(throws: InterruptionEventError.self) { try InterruptionEventParser.parse(huge) }
    }

    // MARK: The detector

    struct Setup {
        let scenario: Scenario
        let fleet: [String]
        let detector: EventRecyclingDetector
        let confirmations: Collector<EventRecyclingDetector.Confirmation>
    }

    static func setup(backstop: Bool = false, backstopInterval: Duration = .seconds(60)) throws -> Setup {
        let scenario = try Scenario()
        let fleet = scenario.region.addInstances(count: 3, tags: [ResourceTag(key: "team", value: "ev")])
        let confirmations = Collector<EventRecyclingDetector.Confirmation>()
        let detector = EventRecyclingDetector(
            client: scenario.client, clock: scenario.clock,
            backstop: backstop ? scenario.recoverer.detector(for: .tagged(key: "team", value: "ev")) : nil,
            backstopInterval: backstopInterval) { _, confirmation in confirmations.append(confirmation) }
        return Setup(scenario: scenario, fleet: fleet, detector: detector, confirmations: confirmations)
    }

    static func recover(_ setup: Setup, for duration: Duration, feed: @escaping @Sendable () async -> Void) async throws -> [RecoveryEvent] {
        let events = Collector<RecoveryEvent>()
        let recoverer = setup.scenario.recoverer
        let detector = setup.detector
        try await setup.scenario.clock.run {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await recoverer.recover(using: detector, options: RecoveryOptions(watch: WatchOptions(pollInterval: .seconds(1), timeout: duration))) {
                        events.append($0)
                    }
                }
                group.addTask { await feed() }
                try await group.waitForAll()
            }
        }
        return events.values
    }

    @Test("An event for an interrupted instance is confirmed and recovered; the same event three times, and another event for the same interruption, recover once")
    func deliveredThreeTimes() async throws {
        let setup = try Self.setup()
        let victim = setup.fleet[1]
        setup.scenario.region.scheduleInterruption(of: [victim], after: .seconds(5))
        let region = setup.scenario.region
        let clock = setup.scenario.clock
        let detector = setup.detector
        let events = try await Self.recover(setup, for: .seconds(60)) {
            try? await clock.sleep(for: .seconds(6))
            guard let event = region.announcedInterruptions.first else { return }
            for _ in 0..<3 { await detector.submit(event.cloudMonitorPayload) }
            // The other channel's event for the same interruption, with an ID of its own (real deliveries
            // do not share IDs across channels): deduplicated by the interruption, not by the ID.
            let otherId = String(decoding: event.eventBridgePayload, as: UTF8.self).replacingOccurrences(of: event.eventId, with: "eb-\(event.eventId)")
            await detector.submit(Array(otherId.utf8))
        }
        #expect(events.filter { $0.name == "detected" }.map(\.instanceId) == [victim])
        #expect(events.filter { $0.name == "relaunched" }.count == 1)
        #expect(region.images.count == 1)
        #expect(setup.confirmations.values == [.confirmed, .confirmed], "one confirmation per event ID, not per delivery")
        guard case .detected(let notice) = try #require(events.first).kind else {
            Issue.record("the first event is not the detection")
            return
        }
        #expect(notice.source == .cloudMonitor)
    }

    @Test("A forged event for a healthy instance costs one read call and creates nothing")
    func forged() async throws {
        let setup = try Self.setup()
        let region = setup.scenario.region
        let detector = setup.detector
        let healthy = setup.fleet[0]
        let forged = #"{"id":"forged-1","name":"Instance:PreemptibleInstanceInterruption","content":{"instanceId":"\#(healthy)","action":"delete"}}"#
        let unknown = #"{"id":"forged-2","name":"Instance:PreemptibleInstanceInterruption","content":{"instanceId":"i-nobody","action":"delete"}}"#
        let clock = setup.scenario.clock
        let events = try await Self.recover(setup, for: .seconds(10)) {
            for _ in 0..<3 { await detector.submit(Array(forged.utf8)) }
            try? await clock.sleep(for: .seconds(3))
            #expect(region.calls.map(\.action) == ["DescribeInstances"], "the forged event, delivered three times, costs one read")
            await detector.submit(Array(unknown.utf8))
        }
        #expect(events.isEmpty)
        #expect(region.calls.map(\.action) == ["DescribeInstances", "DescribeInstances"])
        #expect(region.calls(of: "CreateImage").isEmpty && region.calls(of: "RunInstances").isEmpty)
        #expect(setup.confirmations.values == [.notInterrupted, .unknownInstance])
    }

    @Test("A missed event is recovered by the backstop poll")
    func backstop() async throws {
        let setup = try Self.setup(backstop: true, backstopInterval: .seconds(30))
        let victim = setup.fleet[2]
        setup.scenario.region.scheduleInterruption(of: [victim], after: .seconds(5))
        let events = try await Self.recover(setup, for: .seconds(90)) {}
        let detected = try #require(events.first { $0.name == "detected" })
        #expect(detected.instanceId == victim)
        guard case .detected(let notice) = detected.kind else {
            Issue.record("not a detection")
            return
        }
        #expect(notice.source == .describeInstances)
        // The backstop is due at the first poll at least 30 s after the one at 0 s, and polls come every second
        // ±10 % (WatchOptions' default jitter, from an unseeded random source): between 30 s and 31.1 s.
        #expect(detected.time.timeIntervalSince(setup.scenario.start) <= 30 + 1.1, "within one backstop interval and one poll interval")
        #expect(events.contains { $0.name == "relaunched" })
    }

    @Test("A detector fed from an AsyncSequence reads the region's announced events")
    func fromSequence() async throws {
        let scenario = try Scenario()
        let fleet = scenario.region.addInstances(count: 2)
        scenario.region.scheduleInterruption(of: [fleet[0]], after: .seconds(3))
        await scenario.clock.advance(by: .seconds(4))
        let payloads = AsyncStream<Data> { continuation in
            for event in scenario.region.announcedInterruptions { continuation.yield(event.eventBridgePayload) }
            continuation.finish()
        }
        let detector = EventRecyclingDetector(payloads: payloads, client: scenario.client, clock: scenario.clock)
        try await detector.prepare()
        var notices: [RecyclingNotice] = []
        for _ in 0..<50 where notices.isEmpty {
            await Task.yield()
            notices = try await detector.poll()
        }
        #expect(notices.map(\.instanceId) == [fleet[0]])
        #expect(notices.first?.source == .eventBridge)
    }
}
