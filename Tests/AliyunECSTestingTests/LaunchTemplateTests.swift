import AliyunECS
import AliyunECSTesting
import Foundation
import Testing

/// Launch templates: CreateLaunchTemplate, the two Describe actions, and RunInstances with a template whose
/// parameters the request's own override.
@Suite("Simulator: launch templates")
struct LaunchTemplateTests {
    static let userData = Data("#!/bin/sh\necho from-template\n".utf8).base64EncodedString()

    /// A template with a whole launch in it.
    static func template(named name: String = "workers") -> CreateLaunchTemplateRequest {
        CreateLaunchTemplateRequest(launchTemplateName: name).with {
            $0.imageId = Sim.publicImage
            $0.instanceType = "ecs.g7.large"
            $0.vSwitchId = "vsw-sim-j"
            $0.zoneId = "cn-hangzhou-j"
            $0.securityGroupIds = ["sg-t1", "sg-t2"]
            $0.keyPairName = "template-key"
            $0.ramRoleName = "TemplateRole"
            $0.userData = userData
            $0.hostName = "template-host"
            $0.instanceName = "from-template"
            $0.spotStrategy = .spotWithPriceLimit
            $0.spotPriceLimit = 0.6
            $0.internetMaxBandwidthOut = 3
            $0.internetChargeType = .payByBandwidth
            $0.deletionProtection = true
            $0.tags = [.init(key: "fleet", value: "template")]
            $0.versionDescription = "first"
        }
    }

    @Test("RunInstances with only a template ID launches what the template says")
    func launchFromTemplate() async throws {
        let (region, _) = try Sim.region()
        let client = try Sim.client(for: region)
        let created = try await client.createLaunchTemplate(Self.template())
        let templateId = try #require(created.launchTemplateId)
        #expect(templateId.hasPrefix("lt-"))
        #expect(created.launchTemplateVersionNumber == 1)
        let id = try #require(try await client.runInstances(RunInstancesRequest().with { $0.launchTemplateId = templateId }).instanceIds.first)
        let instance = try #require(region.instance(id))
        #expect(instance.zoneId == "cn-hangzhou-j" && instance.vSwitchId == "vsw-sim-j")
        #expect(instance.securityGroupIds == ["sg-t1", "sg-t2"])
        #expect(instance.keyPairName == "template-key" && instance.ramRoleName == "TemplateRole")
        #expect(instance.hostName == "template-host" && instance.name == "from-template")
        #expect(instance.spotStrategy == .spotWithPriceLimit && instance.spotPriceLimit == 0.6)
        #expect(instance.internetChargeType == .payByBandwidth && instance.deletionProtection)
        #expect(instance.tags == [ResourceTag(key: "fleet", value: "template")])
        #expect(region.userData(ofInstance: id) == Self.userData)
        #expect(region.calls(of: "RunInstances").first?.parameters["UserData"] == nil, "the template's user data is not in the record")
    }

    @Test("Explicit parameters win over the template's; a list comes whole from one side")
    func explicitWins() async throws {
        let (region, _) = try Sim.region()
        let client = try Sim.client(for: region)
        _ = try await client.createLaunchTemplate(Self.template())
        let id = try #require(try await client.runInstances(RunInstancesRequest().with {
            $0.launchTemplateName = "workers"
            $0.imageId = "ubuntu_22_04_x64_20G_alibase_20240130.vhd"
            $0.vSwitchId = "vsw-sim-k"
            $0.zoneId = "cn-hangzhou-k"
            $0.securityGroupId = "sg-explicit"
            $0.keyPairName = "explicit-key"
            $0.spotStrategy = .spotAsPriceGo
            $0.tags = [ECSTag(key: "fleet", value: "explicit")]
        }).instanceIds.first)
        let instance = try #require(region.instance(id))
        #expect(instance.imageId == "ubuntu_22_04_x64_20G_alibase_20240130.vhd")
        #expect(instance.zoneId == "cn-hangzhou-k")
        #expect(instance.securityGroupIds == ["sg-explicit"], "SecurityGroupId replaces the template's SecurityGroupIds.N")
        #expect(instance.keyPairName == "explicit-key")
        #expect(instance.spotStrategy == .spotAsPriceGo)
        #expect(instance.tags == [ResourceTag(key: "fleet", value: "explicit")])
        #expect(instance.ramRoleName == "TemplateRole" && instance.hostName == "template-host", "what the request leaves out comes from the template")
    }

    @Test("Without a version the default one is used, not the latest; a named version is used as named")
    func versions() async throws {
        let (region, _) = try Sim.region()
        let client = try Sim.client(for: region)
        let templateId = try region.addLaunchTemplate(Self.template())
        let second = try region.addLaunchTemplateVersion(templateId: templateId, Self.template().with { $0.keyPairName = "second-key" })
        #expect(second == 2)
        let byDefault = try #require(try await client.runInstances(RunInstancesRequest().with { $0.launchTemplateId = templateId }).instanceIds.first)
        #expect(region.instance(byDefault)?.keyPairName == "template-key")
        let named = try #require(try await client.runInstances(RunInstancesRequest().with {
            $0.launchTemplateId = templateId
            $0.launchTemplateVersion = 2
        }).instanceIds.first)
        #expect(region.instance(named)?.keyPairName == "second-key")
        try region.setDefaultLaunchTemplateVersion(templateId: templateId, version: 2)
        let newDefault = try #require(try await client.runInstances(RunInstancesRequest().with { $0.launchTemplateId = templateId }).instanceIds.first)
        #expect(region.instance(newDefault)?.keyPairName == "second-key")
    }

    @Test("A template or version that does not exist: ECS's codes")
    func notFound() async throws {
        let (region, _) = try Sim.region()
        let client = try Sim.client(for: region)
        let templateId = try region.addLaunchTemplate(Self.template())
        let noTemplate = await #expect(throws: ECSServiceError.self) {
            try await client.runInstances(RunInstancesRequest().with { $0.launchTemplateName = "nope" })
        }
        #expect(noTemplate?.code == "InvalidLaunchTemplate.NotFound")
        let noVersion = await #expect(throws: ECSServiceError.self) {
            try await client.runInstances(RunInstancesRequest().with {
                $0.launchTemplateId = templateId
                $0.launchTemplateVersion = 7
            })
        }
        #expect(noVersion?.code == "InvalidLaunchTemplateVersion.NotFound")
        #expect(throws: ECSServiceError.self) { try region.setDefaultLaunchTemplateVersion(templateId: templateId, version: 3) }
        #expect(region.allInstances.isEmpty)
    }

    @Test("CreateLaunchTemplate refuses a taken or malformed name and bad user data or tags")
    func createChecks() async throws {
        let (region, _) = try Sim.region()
        let client = try Sim.client(for: region)
        _ = try await client.createLaunchTemplate(Self.template())
        let taken = await #expect(throws: ECSServiceError.self) { try await client.createLaunchTemplate(Self.template()) }
        #expect(taken?.code == "LaunchTemplateName.Duplicated")
        let malformed = await #expect(throws: ECSServiceError.self) { try await client.createLaunchTemplate(Self.template(named: "1st")) }
        #expect(malformed?.code == "InvalidLaunchTemplateName.Malformed")
        let badData = await #expect(throws: ECSServiceError.self) {
            try await client.createLaunchTemplate(Self.template(named: "other").with { $0.userData = "%%%" })
        }
        #expect(badData?.code == "InvalidUserData.Base64FormatInvalid")
        let setup = #expect(throws: ECSServiceError.self) { try region.addLaunchTemplate(Self.template()) }
        #expect(setup?.code == "LaunchTemplateName.Duplicated")
    }

    @Test("DescribeLaunchTemplates and DescribeLaunchTemplateVersions report templates, versions and their data")
    func describe() async throws {
        let (region, _) = try Sim.region()
        let client = try Sim.client(for: region)
        let templateId = try region.addLaunchTemplate(Self.template().with { $0.templateTags = [.init(key: "team", value: "ml")] })
        _ = try region.addLaunchTemplate(Self.template(named: "others"))
        try region.addLaunchTemplateVersion(templateId: templateId, Self.template().with { $0.instanceType = "ecs.c7.large" })

        let listed = try await client.describeLaunchTemplates(DescribeLaunchTemplatesRequest().with { $0.launchTemplateNames = ["workers"] })
        let template = try #require(listed.launchTemplates.first)
        #expect(listed.launchTemplates.count == 1)
        #expect(template.launchTemplateId == templateId)
        #expect(template.defaultVersionNumber == 1 && template.latestVersionNumber == 2)
        #expect(template.tags == [ResourceTag(key: "team", value: "ml")])
        #expect(try await client.describeLaunchTemplates(DescribeLaunchTemplatesRequest()).totalCount == 2)

        let versions = try await client.describeLaunchTemplateVersions(DescribeLaunchTemplateVersionsRequest().with {
            $0.launchTemplateId = templateId
        })
        #expect(versions.launchTemplateVersions.map(\.versionNumber) == [1, 2])
        #expect(versions.launchTemplateVersions.map(\.defaultVersion) == [true, false])
        let first = try #require(versions.launchTemplateVersions.first?.launchTemplateData)
        #expect(first.securityGroupIds == ["sg-t1", "sg-t2"])
        #expect(first.keyPairName == "template-key" && first.ramRoleName == "TemplateRole" && first.userData == Self.userData)
        #expect(first.tags.map(\.key) == ["fleet"])
        #expect(versions.launchTemplateVersions.last?.launchTemplateData?.instanceType == "ecs.c7.large")

        let defaultOnly = try await client.describeLaunchTemplateVersions(DescribeLaunchTemplateVersionsRequest().with {
            $0.launchTemplateName = "workers"
            $0.defaultVersion = true
            $0.detailFlag = false
        })
        #expect(defaultOnly.launchTemplateVersions.map(\.versionNumber) == [1])
        #expect(defaultOnly.launchTemplateVersions.first?.launchTemplateData == nil)
        let missing = await #expect(throws: ECSServiceError.self) {
            try await client.describeLaunchTemplateVersions(DescribeLaunchTemplateVersionsRequest().with { $0.launchTemplateName = "nope" })
        }
        #expect(missing?.code == "InvalidLaunchTemplate.NotFound")
    }
}
