import AliyunECS
import AliyunECSTesting
import Foundation
import Testing

/// What RunInstances stores for a faithful copy, what DescribeInstances, DescribeInstanceRamRole and
/// DescribeUserData report of it, and fleet setup with the same settings.
@Suite("Simulator: launch specification")
struct LaunchSpecificationTests {
    /// `#!/bin/sh\necho ready\n`, Base64.
    static let userData = Data("#!/bin/sh\necho ready\n".utf8).base64EncodedString()

    /// A launch that sets everything a replacement has to copy.
    static func fullLaunch() -> RunInstancesRequest {
        Sim.launch().with {
            $0.securityGroupId = nil
            $0.securityGroupIds = ["sg-web", "sg-ssh"]
            $0.keyPairName = "workers"
            $0.ramRoleName = "EcsWorkerRole"
            $0.userData = userData
            $0.resourceGroupId = "rg-ml"
            $0.hostName = "worker-host"
            $0.spotStrategy = .spotWithPriceLimit
            $0.spotPriceLimit = 0.5
            $0.spotInterruptionBehavior = .stop
            $0.internetMaxBandwidthOut = 5
            $0.internetChargeType = .payByBandwidth
            $0.deploymentSetId = "ds-spread"
            $0.creditSpecification = "Unlimited"
            $0.deletionProtection = true
            $0.tags = [ECSTag(key: "fleet", value: "workers"), ECSTag(key: "team", value: "ml")]
        }
    }

    @Test("RunInstances stores every setting a copy needs and DescribeInstances reports them (the RAM role aside)")
    func runInstancesReportsEverything() async throws {
        let (region, _) = try Sim.region()
        let client = try Sim.client(for: region)
        let id = try #require(try await client.runInstances(Self.fullLaunch()).instanceIds.first)
        let described = try #require(try await Sim.describe(id, with: client))
        #expect(described.securityGroupIds == ["sg-web", "sg-ssh"])
        #expect(described.keyPairName == "workers")
        #expect(described.resourceGroupId == "rg-ml")
        #expect(described.hostName == "worker-host")
        #expect(described.spotStrategy == .spotWithPriceLimit)
        #expect(described.spotPriceLimit == 0.5)
        #expect(described.spotInterruptionBehavior == .stop)
        #expect(described.internetMaxBandwidthOut == 5)
        #expect(described.internetChargeType == .payByBandwidth)
        #expect(described.deploymentSetId == "ds-spread")
        #expect(described.creditSpecification == "Unlimited")
        #expect(described.deletionProtection == true)
        #expect(described.tags == [ResourceTag(key: "fleet", value: "workers"), ResourceTag(key: "team", value: "ml")])
        let record = try #require(region.instance(id))
        #expect(record.ramRoleName == "EcsWorkerRole")
        #expect(region.userData(ofInstance: id) == Self.userData)
    }

    @Test("DescribeInstances filters by key pair, resource group and bandwidth charge type")
    func describeFilters() async throws {
        let (region, _) = try Sim.region()
        let keyed = region.addInstances(count: 1, launch: SimulatedLaunchSpecification(keyPairName: "kp", resourceGroupId: "rg-a"))
        let other = region.addInstances(count: 1, launch: SimulatedLaunchSpecification(internetChargeType: .payByBandwidth))
        let client = try Sim.client(for: region)
        func ids(_ change: (inout DescribeInstancesRequest) -> Void) async throws -> [String] {
            var request = DescribeInstancesRequest()
            change(&request)
            return try await client.describeInstances(request).instances.map(\.instanceId)
        }
        #expect(try await ids { $0.keyPairName = "kp" } == keyed)
        #expect(try await ids { $0.resourceGroupId = "rg-a" } == keyed)
        #expect(try await ids { $0.internetChargeType = .payByBandwidth } == other)
        #expect(try await ids { $0.keyPairName = "other" }.isEmpty)
    }

    @Test("Without them, an instance has ECS's defaults: a host name from its ID, PayByTraffic, no protection")
    func defaults() async throws {
        let (region, _) = try Sim.region()
        let client = try Sim.client(for: region)
        let id = try #require(try await client.runInstances(Sim.launch()).instanceIds.first)
        let described = try #require(try await Sim.describe(id, with: client))
        #expect(described.hostName == "iZ" + id.dropFirst(2) + "Z")
        #expect(described.internetChargeType == .payByTraffic)
        #expect(described.deletionProtection == false)
        #expect(described.keyPairName == nil)
        #expect(region.userData(ofInstance: id) == nil)
        #expect(try await client.describeUserData(DescribeUserDataRequest(instanceId: id)).userData == "")
    }

    @Test("DescribeUserData returns the Base64 user data; the call record and the request's description never show it")
    func userDataStaysSecret() async throws {
        let (region, _) = try Sim.region()
        let client = try Sim.client(for: region)
        let launch = Self.fullLaunch()
        let id = try #require(try await client.runInstances(launch).instanceIds.first)
        let answer = try await client.describeUserData(DescribeUserDataRequest(instanceId: id))
        #expect(answer.userData == Self.userData)
        #expect(answer.instanceId == id)
        #expect(!"\(answer)".contains(Self.userData))
        #expect(!"\(launch)".contains(Self.userData))
        let recorded = region.calls.flatMap { $0.parameters.values }
        #expect(!recorded.contains { $0.contains(Self.userData) })
        #expect(region.calls(of: "RunInstances").first?.parameters["UserData"] == Redaction.placeholder)
        let missing = await #expect(throws: ECSServiceError.self) {
            try await client.describeUserData(DescribeUserDataRequest(instanceId: "i-missing"))
        }
        #expect(missing?.code == "InvalidInstanceId.NotFound")
    }

    @Test("DescribeInstanceRamRole reports each instance's role, an empty name for none, by IDs or by role, a page at a time")
    func ramRoles() async throws {
        let (region, _) = try Sim.region()
        let withRole = region.addInstances(count: 3, launch: SimulatedLaunchSpecification(ramRoleName: "EcsWorkerRole"))
        let without = region.addInstances(count: 1)
        let client = try Sim.client(for: region)
        let byIds = try await client.describeInstanceRamRole(DescribeInstanceRamRoleRequest().with {
            $0.instanceIds = [withRole[0], without[0]]
        })
        #expect(byIds.instanceRamRoles.map(\.instanceId) == [withRole[0], without[0]])
        #expect(byIds.instanceRamRoles.map(\.ramRoleName) == ["EcsWorkerRole", ""])
        #expect(byIds.totalCount == 2)

        let pages = client.allInstanceRamRoles(DescribeInstanceRamRoleRequest().with {
            $0.ramRoleName = "EcsWorkerRole"
            $0.pageSize = 2
        })
        var paged: [String] = []
        for try await role in pages { paged.append(try #require(role.instanceId)) }
        #expect(paged == withRole)
        #expect(region.calls(of: "DescribeInstanceRamRole").count == 3, "one call by IDs, two pages by role")
        #expect(region.calls(of: "DescribeInstanceRamRole").first?.parameters["InstanceIds"] == "[\"\(withRole[0])\", \"\(without[0])\"]")
    }

    @Test("DescribeInstanceRamRole refuses what ECS refuses")
    func ramRoleErrors() async throws {
        let (region, _) = try Sim.region()
        let ids = region.addInstances(count: 51)
        let client = try Sim.client(for: region)
        let tooMany = await #expect(throws: ECSServiceError.self) {
            try await client.describeInstanceRamRole(DescribeInstanceRamRoleRequest().with { $0.instanceIds = ids })
        }
        #expect(tooMany?.code == "InvalidInstanceIds.Malformed")
        let unknown = await #expect(throws: ECSServiceError.self) {
            try await client.describeInstanceRamRole(DescribeInstanceRamRoleRequest().with { $0.instanceIds = ["i-missing"] })
        }
        #expect(unknown?.code == "InvalidInstanceId.NotFound")
        region.deleteRamRole(named: "Gone")
        let deleted = await #expect(throws: ECSServiceError.self) {
            try await client.describeInstanceRamRole(DescribeInstanceRamRoleRequest().with { $0.ramRoleName = "Gone" })
        }
        #expect(deleted?.code == "InvalidRamRole.NotFound")
    }

    @Test("addInstances sets up a fleet with a full launch specification; the old parameters still work")
    func fleetSetup() async throws {
        let (region, _) = try Sim.region()
        let launch = SimulatedLaunchSpecification(
            securityGroupIds: ["sg-a", "sg-b"], keyPairName: "kp", ramRoleName: "role", userData: Self.userData,
            resourceGroupId: "rg-1", hostName: "host", spotStrategy: .spotWithPriceLimit, spotPriceLimit: 0.4,
            spotInterruptionBehavior: .stop, internetMaxBandwidthOut: 10, internetChargeType: .payByBandwidth,
            deploymentSetId: "ds-1", creditSpecification: "Standard", deletionProtection: true,
            tags: [ResourceTag(key: "fleet", value: "a")])
        let ids = region.addInstances(count: 2, zoneId: "cn-hangzhou-j", launch: launch)
        let client = try Sim.client(for: region)
        for id in ids {
            let described = try #require(try await Sim.describe(id, with: client))
            #expect(described.zoneId == "cn-hangzhou-j")
            #expect(described.securityGroupIds == ["sg-a", "sg-b"])
            #expect(described.keyPairName == "kp" && described.hostName == "host" && described.resourceGroupId == "rg-1")
            #expect(described.spotPriceLimit == 0.4 && described.spotInterruptionBehavior == .stop)
            #expect(described.deploymentSetId == "ds-1" && described.creditSpecification == "Standard" && described.deletionProtection == true)
            #expect(try await client.describeUserData(DescribeUserDataRequest(instanceId: id)).userData == Self.userData)
        }
        let old = try #require(region.addInstances(count: 1, securityGroupIds: ["sg-old"], tags: [ResourceTag(key: "k", value: "v")], spotInterruptionBehavior: .stop).first)
        let oldRecord = try #require(region.instance(old))
        #expect(oldRecord.securityGroupIds == ["sg-old"] && oldRecord.spotInterruptionBehavior == .stop && oldRecord.tags.count == 1)
    }

    @Test("A launch specification's description and dump never show its user data")
    func specificationRedacts() {
        let launch = SimulatedLaunchSpecification(keyPairName: "kp", userData: Self.userData)
        var dumped = ""
        dump(launch, to: &dumped)
        for text in [launch.description, launch.debugDescription, String(reflecting: launch), dumped] {
            #expect(!text.contains(Self.userData))
            #expect(text.contains("kp"))
            #expect(text.contains(Redaction.placeholder))
        }
    }

    @Test("DeletionProtection refuses DeleteInstance and DeleteInstances as ECS does, but not the release of an interruption")
    func deletionProtection() async throws {
        let (region, clock) = try Sim.region()
        let protected = region.addInstances(count: 2, launch: SimulatedLaunchSpecification(deletionProtection: true))
        let plain = try #require(region.addInstances(count: 1).first)
        let client = try Sim.client(for: region)
        let single = await #expect(throws: ECSServiceError.self) {
            try await client.deleteInstance(DeleteInstanceRequest(instanceId: protected[0]).with { $0.force = true })
        }
        #expect(single?.code == "InvalidOperation.DeletionProtection")
        #expect(single?.httpStatus == 403)
        let batch = await #expect(throws: ECSServiceError.self) {
            try await client.deleteInstances(DeleteInstancesRequest(instanceIds: [plain, protected[1]]).with { $0.force = true })
        }
        #expect(batch?.code == "InvalidOperation.DeletionProtection")
        #expect(region.liveInstances.count == 3, "nothing was released, the unprotected instance included")

        region.scheduleInterruption(of: [protected[0]], after: .seconds(1), releaseAfter: .seconds(10))
        await clock.advance(by: .seconds(20))
        #expect(try await Sim.describe(protected[0], with: client) == nil, "ECS's own release is not refused")
    }
}
