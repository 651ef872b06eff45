import AliyunECS
import AliyunECSTesting
import Foundation
import Logging
import SpotGuardian
import SpotGuardianDemo
import Testing

/// `spot-guardian --demo` on real time: it announces its URL and token, interrupts an instance, posts the
/// event to itself, and starts recovering it.
@Suite("Demo")
struct DemoTests {
    @Test("The demo prints its base URL and token, takes the interruption's event from its MNS queue and starts the recovery")
    func demoRuns() async throws {
        let output = LockedLines()
        let demo = GuardianDemo(port: 0, interruptAfter: .zero, logger: Logger(label: "demo") { _ in SwiftLogNoOpLogHandler() }) { output.append($0) }
        let (stops, stop) = AsyncStream<String>.makeStream()
        let run = Task { await demo.run(until: stops) }

        // Real time: the demo runs on the wall clock; give it up to 30 s, checking every 50 ms.
        var posted = false
        for _ in 0..<600 where !posted {
            posted = output.lines.contains { $0.hasPrefix("The guardian took the event from the queue") }
            if !posted { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(posted, "\(output.lines)")
        let lines = output.lines
        let base = try #require(lines.first { $0.hasPrefix("spot-guardian demo: http://127.0.0.1:") })
        #expect(Int(base.split(separator: ":").last ?? "") ?? 0 > 0)
        let token = try #require(lines.first { $0.hasPrefix("event token: ") }?.dropFirst("event token: ".count))
        #expect(token.count == 32)
        #expect(demo.messageQueues.messages(in: GuardianDemo.queueName).isEmpty, "the message is deleted once recorded")
        for _ in 0..<100 where demo.region.calls(of: "CreateImage").filter({ $0.clientToken?.hasPrefix("sr-img") == true }).isEmpty {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(demo.region.allInstances.contains { $0.recyclingMarkedAt != nil })
        #expect(!demo.region.calls(of: "CreateImage").isEmpty)

        stop.yield("SIGTERM")
        stop.yield("SIGTERM")
        #expect(await run.value == .forced)
    }
}
