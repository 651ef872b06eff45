import AliyunECS
import AliyunECSTesting
import Foundation
@testable import RecoveryStudy
import Testing

/// The baseline does what Alibaba's Java sample does, no more: polls one instance every 2 s, calls
/// CreateImage once, first looks at the image six minutes later, launches in its fixed zone and type, and
/// never retries or falls back.
@Suite("The Java sample's flow")
struct JavaSampleFlowTests {
    /// A region whose images take `imageSeconds`, one instance in zone j as c7 (not the sample's zone and type),
    /// marked 31 s from now and released five minutes later.
    struct Scene {
        let region: SimulatedRegion
        let clock: VirtualClock
        let source: String
        let start: Date
        let flow: JavaSampleFlow

        init(imageSeconds: Int64 = 120) throws {
            clock = VirtualClock()
            start = clock.now
            region = SimulatedRegion(configuration: SimulatedRegionConfiguration(imageCreationDuration: .seconds(imageSeconds)), clock: clock)
            source = region.addInstances(count: 1, zoneId: "cn-hangzhou-j", vSwitchId: "vsw-sim-j", instanceType: "ecs.c7.large")[0]
            region.scheduleInterruption(of: [source], after: .seconds(31))
            flow = JavaSampleFlow(
                client: try region.makeClient(retryPolicy: .none), clock: clock, zoneId: "cn-hangzhou-i", vSwitchId: "vsw-sim-i",
                instanceType: "ecs.g7.large", securityGroupId: "sg-sim0001", tags: [])
        }

        func run() async throws -> [JavaSampleFlow.Step] {
            let steps = Collector<JavaSampleFlow.Step>()
            let (flow, source, clock) = (flow, source, clock)
            try await clock.run { try await flow.recover(source, firstPoll: clock.now) { steps.append($0) } }
            return steps.values
        }

        func seconds(_ call: SimulatedCall) -> Double { call.time.timeIntervalSince(start) }
    }

    @Test("Polls every 2 s, one CreateImage at the poll that sees the lock, the first look at the image 360 s later, RunInstances in its fixed zone and type")
    func publishedFlow() async throws {
        let scene = try Scene()
        let steps = try await scene.run()

        let polls = scene.region.calls(of: "DescribeInstances").map(scene.seconds)
        #expect(polls == stride(from: 0.0, through: 32, by: 2).map { $0 }, "every 2 s until the poll after the mark at 31 s")
        let images = scene.region.calls(of: "CreateImage")
        #expect(images.count == 1)
        #expect(images.map(scene.seconds) == [32])
        let looks = scene.region.calls(of: "DescribeImages").map(scene.seconds)
        #expect(abs((looks.first ?? 0) - (32 + 360)) < 1e-3, "the image (ready at 152 s) is first looked at six minutes after CreateImage")
        let launches = scene.region.calls(of: "RunInstances")
        #expect(launches.count == 1)
        #expect(launches.first?.parameters["ZoneId"] == "cn-hangzhou-i")
        #expect(launches.first?.parameters["InstanceType"] == "ecs.g7.large", "the sample's type, not the source's c7")
        guard case .launched(let replacement, _)? = steps.last else {
            Issue.record("no replacement: \(steps)")
            return
        }
        #expect(steps.first == .detected(at: scene.start.addingTimeInterval(32)))
        #expect(scene.region.instance(replacement)?.zoneId == "cn-hangzhou-i")
    }

    @Test("A throttled CreateImage ends the recovery: no retry, no image, no launch")
    func noRetries() async throws {
        let scene = try Scene()
        scene.region.inject(.throttling(action: "CreateImage", times: 1))
        let steps = try await scene.run()
        #expect(steps.last == .failed(.imageRequestRefused))
        #expect(scene.region.calls(of: "CreateImage").count == 1)
        #expect(scene.region.calls(of: "DescribeImages").isEmpty)
        #expect(scene.region.calls(of: "RunInstances").isEmpty)
    }

    @Test("No stock in its zone ends the recovery: one RunInstances, no other zone or type")
    func noFallback() async throws {
        let scene = try Scene()
        scene.region.setSoldOut(zoneId: "cn-hangzhou-i")
        let steps = try await scene.run()
        #expect(steps.last == .failed(.noCapacity))
        #expect(scene.region.calls(of: "RunInstances").count == 1)
        #expect(scene.region.liveInstances.count == 0, "the source is released and nothing replaced it")
    }

    @Test("An image the release cuts short is found failed at the six-minute look, and nothing falls back to anything")
    func imageTooSlow() async throws {
        let scene = try Scene(imageSeconds: 600)
        let steps = try await scene.run()
        #expect(steps.last == .failed(.imageFailed))
        #expect(scene.region.calls(of: "DescribeImages").count == 1)
        #expect(scene.region.calls(of: "RunInstances").isEmpty)
    }
}
