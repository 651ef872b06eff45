import AliyunECS
import AliyunECSTesting
import Foundation
import Testing

/// The limits ECS enforces on what a launch, an image or a tag call sets, with ECS's error codes.
@Suite("Simulator: launch and tag limits")
struct LaunchLimitTests {
    static func tags(_ count: Int, prefix: String = "k") -> [ECSTag] {
        (1...count).map { ECSTag(key: "\(prefix)\($0)", value: "v\($0)") }
    }

    /// The error a launch with `change` applied gets, or `nil` when it succeeds.
    static func launchError(_ region: SimulatedRegion, _ change: (inout RunInstancesRequest) -> Void) async throws -> ECSServiceError? {
        let client = try Sim.client(for: region)
        var request = Sim.launch()
        change(&request)
        do {
            _ = try await client.runInstances(request)
            return nil
        } catch let error as ECSServiceError {
            return error
        }
    }

    @Test("Tags on RunInstances: 20 at most, unique, keys and values well formed")
    func launchTags() async throws {
        let (region, _) = try Sim.region()
        #expect(try await Self.launchError(region) { $0.tags = Self.tags(20) } == nil)
        #expect(try await Self.launchError(region) { $0.tags = Self.tags(21) }?.code == "QuotaExceed.Tags")
        #expect(try await Self.launchError(region) { $0.tags = [ECSTag(key: "a", value: "1"), ECSTag(key: "a", value: "2")] }?.code == "Duplicate.TagKey")
        for key in ["", String(repeating: "k", count: 129), "aliyun-x", "acs:x", "see http://x"] {
            #expect(try await Self.launchError(region) { $0.tags = [ECSTag(key: key, value: "v")] }?.code == "InvalidTagKey.Malformed", "key \(key.prefix(10))")
        }
        #expect(try await Self.launchError(region) { $0.tags = [ECSTag(key: String(repeating: "k", count: 128), value: "")] } == nil)
        for value in [String(repeating: "v", count: 129), "https://x"] {
            #expect(try await Self.launchError(region) { $0.tags = [ECSTag(key: "k", value: value)] }?.code == "InvalidTagValue.Malformed")
        }
        #expect(region.liveInstances.count == 2, "only the two valid launches made instances")
    }

    @Test("User data: Base64 of at most 32 KB before encoding")
    func userDataLimits() async throws {
        let (region, _) = try Sim.region()
        let largest = Data(repeating: 0x41, count: 32 * 1024).base64EncodedString()
        let tooLarge = Data(repeating: 0x41, count: 32 * 1024 + 1).base64EncodedString()
        #expect(try await Self.launchError(region) { $0.userData = largest } == nil)
        let large = try await Self.launchError(region) { $0.userData = tooLarge }
        #expect(large?.code == "InvalidUserData.SizeExceeded")
        #expect(large?.message.contains(tooLarge) == false)
        #expect(try await Self.launchError(region) { $0.userData = "not base64 at all!" }?.code == "InvalidUserData.Base64FormatInvalid")
    }

    @Test("Security groups: one way or the other, at most five")
    func securityGroups() async throws {
        let (region, _) = try Sim.region()
        #expect(try await Self.launchError(region) { $0.securityGroupIds = ["sg-a"] }?.code == "InvalidParameter.Conflict")
        #expect(try await Self.launchError(region) {
            $0.securityGroupId = nil
            $0.securityGroupIds = (1...6).map { "sg-\($0)" }
        }?.code == "JoinedGroupLimitExceed")
        #expect(try await Self.launchError(region) { $0.securityGroupId = nil }?.code == "MissingParameter")
        #expect(try await Self.launchError(region) {
            $0.securityGroupId = nil
            $0.securityGroupIds = (1...5).map { "sg-\($0)" }
        } == nil)
    }

    @Test("Host names, enumerated settings, deleted key pairs and RAM roles")
    func otherSettings() async throws {
        let (region, _) = try Sim.region()
        for name in ["a", "-host", "host.", "a..b", "a--b", "white space", String(repeating: "h", count: 65)] {
            #expect(try await Self.launchError(region) { $0.hostName = name }?.code == "InvalidHostName.Malformed", "host \(name.prefix(10))")
        }
        #expect(try await Self.launchError(region) { $0.hostName = "web-01.example" } == nil)
        #expect(try await Self.launchError(region) { $0.internetChargeType = "PayByMood" }?.code == "InvalidInternetChargeType.ValueNotSupported")
        #expect(try await Self.launchError(region) { $0.spotInterruptionBehavior = "Hibernate" }?.code == "InvalidSpotInterruptionBehavior")
        #expect(try await Self.launchError(region) { $0.creditSpecification = "Turbo" }?.code == "InvalidParameter.CreditSpecification")
        region.deleteKeyPair(named: "old-key")
        region.deleteRamRole(named: "OldRole")
        #expect(try await Self.launchError(region) { $0.keyPairName = "old-key" }?.code == "InvalidKeyPairName.NotFound")
        #expect(try await Self.launchError(region) { $0.ramRoleName = "OldRole" }?.code == "InvalidRamRole.NotFound")
        #expect(try await Self.launchError(region) { $0.keyPairName = "other-key" } == nil)
    }

    @Test("A batch launch numbers host names as it numbers instance names")
    func numberedHostNames() async throws {
        let (region, _) = try Sim.region()
        let client = try Sim.client(for: region)
        let ids = try await client.runInstances(Sim.launch(amount: 2).with { $0.hostName = "web" }).instanceIds
        #expect(ids.compactMap { region.instance($0)?.hostName } == ["web001", "web002"])
    }

    @Test("CreateImage takes at most 20 well-formed tags")
    func imageTags() async throws {
        let (region, _) = try Sim.region()
        let id = try #require(region.addInstances(count: 1).first)
        let client = try Sim.client(for: region)
        let tooMany = await #expect(throws: ECSServiceError.self) {
            try await client.createImage(CreateImageRequest().with {
                $0.instanceId = id
                $0.tags = Self.tags(21)
            })
        }
        #expect(tooMany?.code == "QuotaExceed.Tags")
        let malformed = await #expect(throws: ECSServiceError.self) {
            try await client.createImage(CreateImageRequest().with {
                $0.instanceId = id
                $0.tags = [ECSTag(key: "acs:owner", value: "x")]
            })
        }
        #expect(malformed?.code == "InvalidTagKey.Malformed")
        #expect(region.images.isEmpty)
        _ = try await client.createImage(CreateImageRequest().with {
            $0.instanceId = id
            $0.tags = Self.tags(20)
        })
        #expect(region.images.first?.tags.count == 20)
    }

    @Test("TagResources: at most 20 tags a call and on a resource, 50 resources, and all or nothing")
    func tagResourcesLimits() async throws {
        let (region, _) = try Sim.region()
        let ids = region.addInstances(count: 2, tags: (1...15).map { ResourceTag(key: "old\($0)", value: "") })
        let client = try Sim.client(for: region)
        let tooMany = await #expect(throws: ECSServiceError.self) {
            try await client.tagResources(TagResourcesRequest(resourceIds: [ids[0]], resourceType: "instance", tags: Self.tags(21)))
        }
        #expect(tooMany?.code == "NumberExceed.Tags")
        let overQuota = await #expect(throws: ECSServiceError.self) {
            try await client.tagResources(TagResourcesRequest(resourceIds: ids, resourceType: "instance", tags: Self.tags(6)))
        }
        #expect(overQuota?.code == "OperationDenied.QuotaExceed")
        let missing = await #expect(throws: ECSServiceError.self) {
            try await client.tagResources(TagResourcesRequest(resourceIds: [ids[0], "i-missing"], resourceType: "instance", tags: Self.tags(1)))
        }
        #expect(missing?.code == "InvalidResourceId.NotFound")
        let manyIds = await #expect(throws: ECSServiceError.self) {
            try await client.tagResources(TagResourcesRequest(resourceIds: (1...51).map { "i-\($0)" }, resourceType: "instance", tags: Self.tags(1)))
        }
        #expect(manyIds?.code == "NumberExceed.ResourceIds")
        #expect(region.instance(ids[0])?.tags.count == 15, "a refused call changes nothing")
        _ = try await client.tagResources(TagResourcesRequest(resourceIds: ids, resourceType: "instance", tags: Self.tags(5)))
        #expect(region.instance(ids[1])?.tags.count == 20)
    }
}
