import AliyunECS
import AliyunECSEmulator
import AliyunECSTesting
import Foundation
import Testing

/// What issue 22's scenarios need of the emulator, over real HTTP: interruptions that release or stop on the
/// region's clock, restarts that are interrupted again, lost answers, a fleet worth copying, a state file.
@Suite("Emulator: recovery scenarios", .timeLimit(.minutes(1)))
struct EmulatorRecoveryScenarioTests {
    /// A region on a virtual clock, as the emulator sets one up, with a one-minute notice.
    static func region() -> (SimulatedRegion, VirtualClock) {
        let clock = VirtualClock()
        let region = SimulatedRegion(
            configuration: SimulatedRegionConfiguration(pendingDuration: .seconds(5), interruptionNotice: .seconds(60)), clock: clock)
        return (region, clock)
    }

    @Test("Marked instances are released, and Stop-behaviour ones stopped, on the emulator's clock", arguments: TransportKind.allCases)
    func releaseAndStopOverHTTP(transport: TransportKind) async throws {
        let (region, clock) = Self.region()
        region.interruptSpotInstances(afterLaunch: .seconds(30))
        let terminating = try #require(EmulatorFleet(parsing: "fleet=web:1")).add(to: region)
        let stopping = try #require(EmulatorFleet(parsing: "fleet=db:1:Stop")).add(to: region)
        try await ECSEmulatorServer.withRunningServer(region: region) { endpoint in
            let client = try Emulator.client(endpoint, transport: transport, clock: clock)
            func describe() async throws -> [String: ECSInstance] {
                let answer = try await client.describeInstances(DescribeInstancesRequest(instanceIds: terminating + stopping))
                return Dictionary(uniqueKeysWithValues: answer.instances.map { ($0.instanceId, $0) })
            }
            #expect(try await describe().values.allSatisfy { $0.status == .running && !$0.isMarkedForRecycling })
            await clock.advance(by: .seconds(30))
            let marked = try await client.describeInstances(DescribeInstancesRequest().with { $0.lockReason = .recycling })
            #expect(Set(marked.instances.map(\.instanceId)) == Set(terminating + stopping))
            await clock.advance(by: .seconds(60))
            let after = try await describe()
            #expect(after[terminating[0]] == nil, "released")
            #expect(after[stopping[0]]?.status == .stopped)
            #expect(after[stopping[0]]?.stoppedMode == .stopCharging)
        }
    }

    @Test("A stop-mode instance restarted over HTTP is interrupted again --interrupt-after later, and restarted again")
    func interruptedTwiceRestartedTwice() async throws {
        let (region, clock) = Self.region()
        region.interruptSpotInstances(afterLaunch: .seconds(30))
        let fleet = try #require(EmulatorFleet(parsing: "fleet=db:1:Stop"))
        let id = try #require(fleet.add(to: region).first)
        try await ECSEmulatorServer.withRunningServer(region: region) { endpoint in
            let client = try Emulator.client(endpoint, transport: .asyncHTTPClient, clock: clock)
            var startTimes: [Date] = []
            for _ in 1...2 {
                await clock.advance(by: .seconds(90))
                #expect(try await client.describeInstances(DescribeInstancesRequest(instanceIds: [id])).instances.first?.status == .stopped)
                _ = try await client.startInstance(StartInstanceRequest(instanceId: id))
                await clock.advance(by: .seconds(5))
                startTimes.append(try #require(try await client.describeInstances(DescribeInstancesRequest(instanceIds: [id])).instances.first?.startTime))
            }
            #expect(region.instance(id)?.restarts == 2)
            #expect(startTimes[1] > startTimes[0])
            #expect(region.announcedInterruptions.count == 2)
        }
    }

    @Test("--lose-answer StartInstance:1: the instance starts, the client sees a lost connection, its retry IncorrectInstanceStatus")
    func lostStartAnswer() async throws {
        let (region, clock) = Self.region()
        let fleet = try #require(EmulatorFleet(parsing: "fleet=db:1:Stop"))
        let id = try #require(fleet.add(to: region).first)
        region.scheduleInterruption(of: [id], after: .seconds(1))
        await clock.advance(by: .seconds(70))
        let lost = try #require(ActionCount(parsing: "StartInstance:1"))
        region.inject(.responseLostAfterEffect(action: lost.action, times: lost.count))
        try await ECSEmulatorServer.withRunningServer(region: region) { endpoint in
            let client = try Emulator.client(endpoint, transport: .asyncHTTPClient, clock: clock)
            let error = await #expect(throws: ECSClientError.self) { try await client.startInstance(StartInstanceRequest(instanceId: id)) }
            #expect(error?.kind == .connectionFailed)
            let retry = await #expect(throws: ECSServiceError.self) { try await client.startInstance(StartInstanceRequest(instanceId: id)) }
            #expect(retry?.code == "IncorrectInstanceStatus")
            await clock.advance(by: .seconds(10))
            #expect(try await client.describeInstances(DescribeInstancesRequest()).instances.map(\.status) == [.running])
        }
    }

    @Test("A --fleet instance has everything a copy needs, served over HTTP; the state file shows it, user data only as a digest")
    func fleetAndStateFile() async throws {
        let (region, clock) = Self.region()
        let fleet = try #require(EmulatorFleet(parsing: "app=workers:2"))
        let ids = fleet.add(to: region)
        try await ECSEmulatorServer.withRunningServer(region: region) { endpoint in
            let client = try Emulator.client(endpoint, transport: .urlSession, clock: clock)
            let instance = try #require(try await client.describeInstances(DescribeInstancesRequest(instanceIds: [ids[0]])).instances.first)
            #expect(instance.securityGroupIds == ["sg-fleet-web", "sg-fleet-ssh"])
            #expect(instance.keyPairName == "fleet-key" && instance.resourceGroupId == "rg-fleet")
            #expect(instance.tags.contains(ResourceTag(key: "app", value: "workers")))
            let role = try await client.describeInstanceRamRole(DescribeInstanceRamRoleRequest().with { $0.instanceIds = ids })
            #expect(role.instanceRamRoles.map(\.ramRoleName) == ["FleetWorkerRole", "FleetWorkerRole"])
            #expect(try await client.describeUserData(DescribeUserDataRequest(instanceId: ids[1])).userData == EmulatorFleet.userData)
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("emulator-state-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try EmulatorStateFile(path: file.path).write(region)
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(!text.contains(EmulatorFleet.userData))
        let state = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let instances = try #require(state["instances"] as? [[String: Any]])
        #expect(instances.count == 2)
        #expect(instances.first?["ramRoleName"] as? String == "FleetWorkerRole")
        #expect(instances.first?["userDataSHA256"] as? String == EmulatorStateFile.sha256(EmulatorFleet.userData))
        #expect((instances.first?["tags"] as? [String: String])?["app"] == "workers")
    }

    @Test("The command line's ACTION:N and KEY=VALUE:N[:Stop] forms", arguments: [
        ("StartInstance:2", true), ("StartInstance", false), ("StartInstance:0", false), (":1", false), ("A:B", false),
    ])
    func actionCounts(text: String, valid: Bool) {
        #expect((ActionCount(parsing: text) != nil) == valid)
    }

    @Test("--fleet forms")
    func fleetForms() throws {
        let stop = try #require(EmulatorFleet(parsing: "fleet=db:3:Stop"))
        #expect(stop.tag == ResourceTag(key: "fleet", value: "db") && stop.count == 3 && stop.behavior == .stop)
        #expect(EmulatorFleet(parsing: "fleet=db:1")?.behavior == .terminate)
        #expect(EmulatorFleet(parsing: "k=:1")?.tag.value == "")
        for bad in ["fleet=db", "fleet:1", "=x:1", "fleet=db:0", "fleet=db:1:Hibernate"] {
            #expect(EmulatorFleet(parsing: bad) == nil, "\(bad)")
        }
    }
}
