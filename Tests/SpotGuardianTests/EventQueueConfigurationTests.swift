import AliyunECS
import Foundation
import SpotGuardian
import Testing

/// `regions[].eventQueue`: read, defaulted and validated like every other key.
@Suite("Configuration: eventQueue")
struct EventQueueConfigurationTests {
    static func document(_ eventQueue: String) -> String {
        """
        {"regions": [{"regionId": "cn-hangzhou", "eventQueue": \(eventQueue),
          "fleets": [{"name": "batch", "selector": {"instanceIds": ["i-one"]}}]}]}
        """
    }

    func load(_ eventQueue: String) throws(ConfigurationError) -> GuardianConfiguration {
        try GuardianConfigurationLoader(environment: [:], readFile: { _ in nil }).load(json: Data(Self.document(eventQueue).utf8))
    }

    func problems(_ eventQueue: String) -> [ConfigurationProblem] {
        do {
            _ = try load(eventQueue)
            return []
        } catch {
            return error.problems
        }
    }

    @Test("Every key read; the defaults are 20 s, 2 minutes and 5")
    func readAndDefaults() throws {
        let full = try load("""
            {"endpoint": "https://1234.mns.cn-hangzhou.aliyuncs.com", "queue": "spot-events", "waitSeconds": 10,
             "visibilityTimeout": "5m", "maximumDequeues": 8}
            """)
        #expect(full.regions.first?.eventQueue == EventQueueConfiguration(
            endpoint: "https://1234.mns.cn-hangzhou.aliyuncs.com", queue: "spot-events", waitSeconds: 10, visibilityTimeout: .seconds(300),
            maximumDequeues: 8))
        let minimal = try load(#"{"endpoint": "http://127.0.0.1:8080", "queue": "q"}"#)
        let queue = try #require(minimal.regions.first?.eventQueue)
        #expect(queue.waitSeconds == 20)
        #expect(queue.visibilityTimeout == .seconds(120))
        #expect(queue.maximumDequeues == 5)
        #expect(try load(#"{"endpoint": "http://127.0.0.1:8080", "queue": "q"}"#).regions.first?.eventQueue != nil)
    }

    @Test("Each bad value is a problem named by its key", arguments: [
        (#"{"queue": "q"}"#, "regions[0].eventQueue.endpoint"),
        (#"{"endpoint": "https://h"}"#, "regions[0].eventQueue.queue"),
        (#"{"endpoint": "ftp://h", "queue": "q"}"#, "regions[0].eventQueue.endpoint"),
        (#"{"endpoint": "https://h/queues", "queue": "q"}"#, "regions[0].eventQueue.endpoint"),
        (#"{"endpoint": "https://h", "queue": "9lives"}"#, "regions[0].eventQueue.queue"),
        (#"{"endpoint": "https://h", "queue": "q", "waitSeconds": 0}"#, "regions[0].eventQueue.waitSeconds"),
        (#"{"endpoint": "https://h", "queue": "q", "waitSeconds": 31}"#, "regions[0].eventQueue.waitSeconds"),
        (#"{"endpoint": "https://h", "queue": "q", "visibilityTimeout": "13h"}"#, "regions[0].eventQueue.visibilityTimeout"),
        (#"{"endpoint": "https://h", "queue": "q", "visibilityTimeout": "soon"}"#, "regions[0].eventQueue.visibilityTimeout"),
        (#"{"endpoint": "https://h", "queue": "q", "maximumDequeues": 0}"#, "regions[0].eventQueue.maximumDequeues"),
        (#"{"endpoint": "https://h", "queue": "q", "wait": 5}"#, "regions[0].eventQueue.wait"),
        (#""https://h""#, "regions[0].eventQueue"),
    ])
    func problem(eventQueue: String, key: String) {
        let found = problems(eventQueue)
        #expect(found.map(\.key) == [key], "\(found)")
    }

    @Test("A secret inside eventQueue is refused and never quoted")
    func secrets() {
        let found = problems(#"{"endpoint": "https://h", "queue": "q", "accessKeySecret": "do-not-print-me-123"}"#)
        #expect(found.map(\.key) == ["regions[0].eventQueue.accessKeySecret"])
        #expect(found.allSatisfy { !$0.description.contains("do-not-print-me-123") })
        #expect(found.first?.message.contains("secrets are not read") == true)
    }

    @Test("--check-config reports eventQueue problems one per line")
    func checkConfig() {
        let bad = Self.document(#"{"endpoint": "https://h", "queue": "q", "waitSeconds": 99, "maximumDequeues": -1}"#)
        let check = ConfigurationCheck(path: "/etc/guardian.json", loader: GuardianConfigurationLoader(environment: [:]) { _ in Data(bad.utf8) })
        #expect(check.exitStatus == 1)
        #expect(check.lines.sorted() == [
            "regions[0].eventQueue.maximumDequeues: expected a whole number from 1 to 1000",
            "regions[0].eventQueue.waitSeconds: expected a whole number from 1 to 30",
        ])
    }
}
