import AliyunECS
import AliyunECSTesting
import Foundation
import SpotRecovery
import Testing

/// The detector for code running on the spot instance itself: the metadata service's termination time.
@Suite("Instance metadata detection")
struct MetadataDetectorTests {
    /// A fake metadata service: 404 for the termination time until `markAt`, token-first.
    final class FakeMetadata: @unchecked Sendable {
        // Guarded by `lock`.
        private let lock = NSLock()
        private var requests: [ECSHTTPRequest] = []
        let clock: VirtualClock
        let markAt: Date

        init(clock: VirtualClock, markAt: Date) {
            self.clock = clock
            self.markAt = markAt
        }

        var recorded: [ECSHTTPRequest] { lock.withLock { requests } }

        var transport: ClosureTransport {
            ClosureTransport { [self] request in
                lock.withLock { requests.append(request) }
                let path = request.url?.path ?? ""
                switch (request.method, path) {
                case ("PUT", "/latest/api/token"):
                    return ECSHTTPResponse(statusCode: 200, body: Data("metadata-token".utf8))
                case ("GET", "/latest/meta-data/instance-id"):
                    return ECSHTTPResponse(statusCode: 200, body: Data("i-self0001".utf8))
                case ("GET", "/latest/meta-data/instance/spot/termination-time"):
                    guard clock.now >= markAt else { return ECSHTTPResponse(statusCode: 404, body: Data("Not Found".utf8)) }
                    return ECSHTTPResponse(statusCode: 200, body: Data("2026-11-26T08:07:00Z".utf8))
                default:
                    return ECSHTTPResponse(statusCode: 404, body: Data())
                }
            }
        }
    }

    @Test("The termination time is noticed within a poll, token-first, from an injected base URL")
    func noticesTerminationTime() async throws {
        let scenario = try Scenario()
        let markAt = scenario.clock.now.addingTimeInterval(30)
        let fake = FakeMetadata(clock: scenario.clock, markAt: markAt)
        let metadata = InstanceMetadataClient(
            baseURL: try #require(URL(string: "http://127.0.0.1:9")), transport: fake.transport, clock: scenario.clock)
        let detector = InstanceMetadataRecyclingDetector(metadata: metadata, clock: scenario.clock)
        let recoverer = scenario.recoverer
        let notices = try await scenario.clock.run { try await recoverer.waitForRecycling(using: detector) }

        let notice = try #require(notices.first)
        #expect(notice.instanceId == "i-self0001")
        #expect(notice.source == .instanceMetadata)
        #expect(notice.terminationTime == ECSTimestamp.date(from: "2026-11-26T08:07:00Z"))
        let delay = notice.detectedAt.timeIntervalSince(markAt)
        #expect(delay >= 0 && delay <= 2.2)
        let requests = fake.recorded
        #expect(requests.first?.method == "PUT", "a token first")
        #expect(requests.filter { $0.method == "PUT" }.count == 1, "the token is reused")
        #expect(requests.dropFirst().allSatisfy { $0.headers[header: "X-aliyun-ecs-metadata-token"] == "metadata-token" })
        #expect(requests.allSatisfy { $0.urlString.hasPrefix("http://127.0.0.1:9/") }, "never the real 100.100.100.200")
    }

    @Test("Recovery works from the metadata notice too, fetching the description it lacks")
    func recoversFromMetadataNotice() async throws {
        let scenario = try Scenario()
        let ids = scenario.region.addInstances(count: 1, zoneId: "cn-hangzhou-k")
        scenario.region.scheduleInterruption(of: ids, after: .seconds(10))
        let fake = FakeMetadata(clock: scenario.clock, markAt: scenario.clock.now.addingTimeInterval(10))
        let metadata = InstanceMetadataClient(
            baseURL: try #require(URL(string: "http://127.0.0.1:9")), transport: fake.transport, clock: scenario.clock)
        let detector = InstanceMetadataRecyclingDetector(metadata: metadata, clock: scenario.clock, instanceId: ids[0], client: scenario.client)
        let recoverer = scenario.recoverer
        let relaunches = Collector<Relaunch>()
        try await scenario.clock.run {
            try await recoverer.recover(using: detector, options: RecoveryOptions(watch: WatchOptions(timeout: .seconds(30)))) { event in
                if case .relaunched(let relaunch) = event.kind { relaunches.append(relaunch) }
            }
        }
        #expect(relaunches.values.count == 1)
        #expect(relaunches.values.first?.zoneId == "cn-hangzhou-k")
        #expect(scenario.region.images.count == 1)
    }
}
