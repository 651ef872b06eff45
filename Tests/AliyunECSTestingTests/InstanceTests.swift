import AliyunECS
import AliyunECSTesting
import Foundation
import Testing

/// RunInstances and the instance state DescribeInstances reports.
@Suite("Simulator: instances", .timeLimit(.minutes(1)))
struct InstanceTests {
    @Test("A new instance is Pending, then Running exactly after the configured pending duration")
    func pendingThenRunning() async throws {
        let (region, clock) = try Sim.region(SimulatedRegionConfiguration(pendingDuration: .seconds(45)))
        let client = try region.makeClient(retryPolicy: .none)
        let launched = try await client.runInstances(Sim.launch())
        let id = try #require(launched.instanceIds.first)

        #expect(try await Sim.describe(id, with: client)?.status == .pending)
        await clock.advance(by: .seconds(44))
        #expect(try await Sim.describe(id, with: client)?.status == .pending)
        await clock.advance(by: .seconds(1))
        #expect(try await Sim.describe(id, with: client)?.status == .running)
        #expect(region.instance(id)?.status(at: clock.now) == .running)
    }

    @Test("Zone, type, vSwitch, VPC, security groups, tags and spot settings are reported back")
    func attributes() async throws {
        let (region, clock) = try Sim.region()
        let client = try region.makeClient(retryPolicy: .none)
        var request = Sim.launch(zoneId: "cn-hangzhou-j", vSwitchId: "vsw-sim-j", instanceType: "ecs.c7.xlarge",
                                 tags: [ECSTag(key: "team", value: "ml"), ECSTag(key: "env", value: "test")])
        request.securityGroupId = nil
        request.securityGroupIds = ["sg-one", "sg-two"]
        request.spotStrategy = .spotWithPriceLimit
        request.spotPriceLimit = 0.5
        request.spotDuration = 1
        request.spotInterruptionBehavior = .terminate
        request.internetMaxBandwidthOut = 5
        let launched = try await client.runInstances(request)
        let id = try #require(launched.instanceIds.first)

        let instance = try #require(try await Sim.describe(id, with: client))
        #expect(instance.instanceId == id)
        #expect(instance.regionId == "cn-hangzhou")
        #expect(instance.zoneId == "cn-hangzhou-j")
        #expect(instance.instanceType == "ecs.c7.xlarge")
        #expect(instance.imageId == Sim.publicImage)
        #expect(instance.vpcAttributes?.vSwitchId == "vsw-sim-j")
        #expect(instance.vpcAttributes?.vpcId == "vpc-sim0001")
        #expect(instance.vpcAttributes?.privateIpAddresses.count == 1)
        #expect(instance.securityGroupIds == ["sg-one", "sg-two"])
        #expect(Set(instance.tags) == [ResourceTag(key: "team", value: "ml"), ResourceTag(key: "env", value: "test")])
        #expect(instance.spotStrategy == .spotWithPriceLimit)
        #expect(instance.spotPriceLimit == 0.5)
        #expect(instance.spotDuration == 1)
        #expect(instance.spotInterruptionBehavior == .terminate)
        #expect(instance.instanceChargeType == .postPaid)
        #expect(instance.internetMaxBandwidthOut == 5)
        #expect(instance.instanceName == "sim-worker")
        #expect(instance.creationTime == clock.now)
        #expect(instance.operationLocks.isEmpty)
    }

    @Test("A missing ImageId or InstanceType is MissingParameter and launches nothing", arguments: ["ImageId", "InstanceType"])
    func missingParameter(name: String) async throws {
        let (region, _) = try Sim.region()
        let client = try region.makeClient(retryPolicy: .none)
        let request = name == "ImageId" ? Sim.launch(imageId: nil) : Sim.launch(instanceType: nil)
        let error = await #expect(throws: ECSServiceError.self) {
            try await client.runInstances(request)
        }
        #expect(error?.code == "MissingParameter")
        #expect(error?.httpStatus == 400)
        #expect(error?.message.contains(name) == true)
        #expect(region.allInstances.isEmpty)
    }

    @Test("Amount launches several instances, each reported")
    func amount() async throws {
        let (region, _) = try Sim.region()
        let client = try region.makeClient(retryPolicy: .none)
        let launched = try await client.runInstances(Sim.launch(amount: 3))
        #expect(launched.instanceIds.count == 3)
        #expect(Set(launched.instanceIds).count == 3)
        #expect(region.allInstances.map(\.id) == launched.instanceIds)
        let listed = try await client.describeInstances(DescribeInstancesRequest(instanceIds: launched.instanceIds))
        #expect(listed.instances.map(\.instanceId) == launched.instanceIds)
        #expect(listed.instances.compactMap(\.instanceName) == ["sim-worker001", "sim-worker002", "sim-worker003"])

        let error = await #expect(throws: ECSServiceError.self) {
            try await client.runInstances(Sim.launch(amount: 101))
        }
        #expect(error?.code == "InvalidParameter")
        #expect(region.allInstances.count == 3)
    }

    @Test("DryRun validates and answers DryRunOperation without launching", arguments: Sim.algorithms)
    func dryRun(algorithm: SignatureAlgorithm) async throws {
        let (region, _) = try Sim.region()
        let client = try region.makeClient(signatureAlgorithm: algorithm, retryPolicy: .none)
        let error = await #expect(throws: ECSServiceError.self) {
            try await client.runInstances(Sim.launch(dryRun: true))
        }
        #expect(error?.code == "DryRunOperation")
        #expect(region.allInstances.isEmpty)

        // A dry run of an invalid request reports the problem instead.
        let invalid = await #expect(throws: ECSServiceError.self) {
            try await client.runInstances(Sim.launch(imageId: nil, dryRun: true))
        }
        #expect(invalid?.code == "MissingParameter")
    }

    @Test("Unknown resources and regions are not-found errors")
    func notFound() async throws {
        let (region, _) = try Sim.region(SimulatedRegionConfiguration(requiresKnownNetwork: true))
        let client = try region.makeClient(retryPolicy: .none)

        let vSwitch = await #expect(throws: ECSServiceError.self) {
            try await client.runInstances(Sim.launch(vSwitchId: "vsw-nowhere"))
        }
        #expect(vSwitch?.code == "InvalidVSwitchId.NotFound")
        #expect(vSwitch?.httpStatus == 404)

        let image = await #expect(throws: ECSServiceError.self) {
            try await client.runInstances(Sim.launch(imageId: "m-doesnotexist"))
        }
        #expect(image?.code == "InvalidImageId.NotFound")

        let otherRegion = try Sim.client(for: region, regionId: "cn-shanghai")
        let regionError = await #expect(throws: ECSServiceError.self) {
            try await otherRegion.describeInstances(DescribeInstancesRequest())
        }
        #expect(regionError?.code == "InvalidRegionId.NotFound")
        #expect(region.allInstances.isEmpty)
    }

    @Test("A vSwitch in another zone than the requested one is refused")
    func zoneMismatch() async throws {
        let (region, _) = try Sim.region()
        let client = try region.makeClient(retryPolicy: .none)
        let error = await #expect(throws: ECSServiceError.self) {
            try await client.runInstances(Sim.launch(zoneId: "cn-hangzhou-i", vSwitchId: "vsw-sim-k"))
        }
        #expect(error?.code == "InvalidVSwitchId.NotFound")
    }

    @Test("A spot price limit below the current spot price is refused")
    func lowPriceLimit() async throws {
        let (region, _) = try Sim.region(SimulatedRegionConfiguration(onDemandPrices: ["ecs.g7.large": 1.0]))
        let client = try region.makeClient(retryPolicy: .none)
        var request = Sim.launch()
        request.spotStrategy = .spotWithPriceLimit
        request.spotPriceLimit = 0.01
        let error = await #expect(throws: ECSServiceError.self) {
            try await client.runInstances(request)
        }
        #expect(error?.isPriceRejection == true)
        request.spotPriceLimit = 0.3
        let launched = try await client.runInstances(request)
        #expect(launched.instanceIds.count == 1)
    }
}
