import AliyunECS
import AliyunECSEmulator
import AliyunECSInstances
import AliyunECSNetwork
import AliyunECSStorage
import AliyunECSTesting
import Foundation
import Testing

/// Actions outside the recovery set, from the generated modules, called over loopback against the emulator,
/// which answers them from stubs: what a user package does to test code that manages security groups,
/// disks and instance attributes, without any change to this package.
@Suite("Stubbed actions over loopback", .timeLimit(.minutes(1)))
struct StubbedActionTests {
    @Test("Security groups, disks, instance types and attributes: each call is signed, checked, decoded and recorded",
          arguments: TransportKind.allCases)
    func generatedActionsOverLoopback(transport: TransportKind) async throws {
        let region = SimulatedRegion(clock: SystemClock())
        region.stub(DescribeSecurityGroupsRequest.self) { request in
            DescribeSecurityGroupsResponse(securityGroups: [.init(securityGroupId: "sg-web", vpcId: request.vpcId)], totalCount: 1)
        }
        region.stub(CreateDiskRequest.self) { request in
            CreateDiskResponse(diskId: "d-\(request.size ?? 0)")
        }
        region.stub(AttachDiskRequest.self) { _ in AttachDiskResponse() }
        region.stub(DescribeInstanceTypesRequest.self) { request in
            DescribeInstanceTypesResponse(instanceTypes: (request.instanceTypes ?? []).map { .init(instanceTypeId: $0, memorySize: 8) })
        }
        region.stub(ModifyInstanceAttributeRequest.self) { _ in ModifyInstanceAttributeResponse() }
        try await ECSEmulatorServer.withRunningServer(region: region) { endpoint in
            let ecs = try Emulator.client(endpoint, transport: transport)
            let groups = try await ecs.describeSecurityGroups(DescribeSecurityGroupsRequest().with { $0.vpcId = "vpc-1" })
            #expect(groups.securityGroups.map(\.securityGroupId) == ["sg-web"])
            #expect(groups.securityGroups.first?.vpcId == "vpc-1")
            let disk = try await ecs.createDisk(CreateDiskRequest().with { $0.size = 40; $0.diskCategory = "cloud_essd" })
            #expect(disk.diskId == "d-40")
            _ = try await ecs.attachDisk(AttachDiskRequest(diskId: "d-40", instanceId: "i-1"))
            let types = try await ecs.describeInstanceTypes(DescribeInstanceTypesRequest().with { $0.instanceTypes = ["ecs.g7.large"] })
            #expect(types.instanceTypes.map(\.instanceTypeId) == ["ecs.g7.large"])
            #expect(types.instanceTypes.first?.memorySize == 8)
            let renamed = try await ecs.modifyInstanceAttribute(ModifyInstanceAttributeRequest(instanceId: "i-1").with { $0.instanceName = "web 中文" })
            #expect(renamed.requestId?.isEmpty == false)
            #expect(region.calls.map(\.action) == [
                "DescribeSecurityGroups", "CreateDisk", "AttachDisk", "DescribeInstanceTypes", "ModifyInstanceAttribute",
            ])
            #expect(region.calls.allSatisfy { $0.succeeded })
            #expect(region.calls.last?.parameters["InstanceName"] == "web 中文")
            // CreateDisk is idempotent: the client gave it a ClientToken.
            #expect(region.calls[1].parameters["ClientToken"]?.isEmpty == false)
        }
    }

    @Test("An action neither simulated nor stubbed is refused as ECS refuses an unknown one")
    func unstubbedActionIsNotFound() async throws {
        let region = SimulatedRegion()
        let ecs = try region.makeClient()
        let error = await #expect(throws: ECSServiceError.self) { try await ecs.describeSecurityGroups(DescribeSecurityGroupsRequest()) }
        #expect(error?.code == "InvalidAction.NotFound")
    }

    @Test("A secret parameter of a stubbed action stays out of the call record")
    func stubbedSecretIsRedacted() async throws {
        let region = SimulatedRegion()
        region.stub(ModifyInstanceAttributeRequest.self) { _ in ModifyInstanceAttributeResponse() }
        let ecs = try region.makeClient()
        _ = try await ecs.modifyInstanceAttribute(ModifyInstanceAttributeRequest(instanceId: "i-1").with { $0.password = "Hunter2!secret" })
        #expect(region.calls.last?.parameters["Password"] == "<redacted>")
        #expect(!String(describing: ModifyInstanceAttributeRequest(instanceId: "i-1").with { $0.password = "Hunter2!secret" }).contains("Hunter2"))
    }
}
