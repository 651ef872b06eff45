import AliyunECS
import Foundation

/// What a launch sets on an instance besides where it runs, its type and its image: the settings a faithful
/// replacement has to copy. ``SimulatedRegion/addInstances(count:zoneId:vSwitchId:instanceType:imageId:launch:namePrefix:)``
/// takes one to set up a fleet; RunInstances builds one from what it received.
///
/// ``userData`` is a secret: ``description``, `debugDescription` and `dump()` never show it.
public struct SimulatedLaunchSpecification: Sendable, Hashable {
    /// Every security group (RunInstances' `SecurityGroupId` or `SecurityGroupIds.N`).
    public var securityGroupIds: [String]
    /// The SSH key pair (`KeyPairName`).
    public var keyPairName: String?
    /// The instance RAM role (`RamRoleName`); DescribeInstances does not report it, DescribeInstanceRamRole does.
    public var ramRoleName: String?
    /// The user data, Base64-encoded as RunInstances takes it (`UserData`); DescribeUserData reports it. A secret.
    public var userData: String?
    /// The resource group (`ResourceGroupId`).
    public var resourceGroupId: String?
    /// The host name (`HostName`); `nil` lets the region name the host after the instance ID, as ECS does.
    public var hostName: String?
    /// The spot strategy (`NoSpot` for a regular instance).
    public var spotStrategy: SpotStrategy
    /// The hourly price limit, with `SpotWithPriceLimit`.
    public var spotPriceLimit: Double?
    /// The protection period in hours.
    public var spotDuration: Int?
    /// What ECS does with the instance when it reclaims it.
    public var spotInterruptionBehavior: SpotInterruptionBehavior
    /// The public bandwidth in Mbit/s.
    public var internetMaxBandwidthOut: Int?
    /// How the public bandwidth is billed; `nil` is ECS's default, `PayByTraffic`.
    public var internetChargeType: InternetChargeType?
    /// The deployment set (`DeploymentSetId`).
    public var deploymentSetId: String?
    /// The burstable performance mode (`CreditSpecification`: `Standard` or `Unlimited`).
    public var creditSpecification: String?
    /// Whether DeleteInstance is refused (`DeletionProtection`); ECS's own release is not.
    public var deletionProtection: Bool
    /// The tags.
    public var tags: [ResourceTag]

    /// Creates a specification; the defaults are the simulator's usual spot worker.
    public init(
        securityGroupIds: [String] = ["sg-sim0001"],
        keyPairName: String? = nil,
        ramRoleName: String? = nil,
        userData: String? = nil,
        resourceGroupId: String? = nil,
        hostName: String? = nil,
        spotStrategy: SpotStrategy = .spotAsPriceGo,
        spotPriceLimit: Double? = nil,
        spotDuration: Int? = 0,
        spotInterruptionBehavior: SpotInterruptionBehavior = .terminate,
        internetMaxBandwidthOut: Int? = nil,
        internetChargeType: InternetChargeType? = nil,
        deploymentSetId: String? = nil,
        creditSpecification: String? = nil,
        deletionProtection: Bool = false,
        tags: [ResourceTag] = []
    ) {
        self.securityGroupIds = securityGroupIds
        self.keyPairName = keyPairName
        self.ramRoleName = ramRoleName
        self.userData = userData
        self.resourceGroupId = resourceGroupId
        self.hostName = hostName
        self.spotStrategy = spotStrategy
        self.spotPriceLimit = spotPriceLimit
        self.spotDuration = spotDuration
        self.spotInterruptionBehavior = spotInterruptionBehavior
        self.internetMaxBandwidthOut = internetMaxBandwidthOut
        self.internetChargeType = internetChargeType
        self.deploymentSetId = deploymentSetId
        self.creditSpecification = creditSpecification
        self.deletionProtection = deletionProtection
        self.tags = tags
    }
}

extension SimulatedLaunchSpecification: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The settings that are set, with ``userData`` replaced by `<redacted>`.
    public var description: String {
        let fields = redactedFields.compactMap { name, value in value.map { "\(name): \($0)" } }
        return "SimulatedLaunchSpecification(" + fields.joined(separator: ", ") + ")"
    }

    /// The same text as ``description``.
    public var debugDescription: String { description }

    /// The settings as `dump()` shows them, with ``userData`` replaced by `<redacted>`.
    public var customMirror: Mirror {
        Mirror(self, children: redactedFields.map { (label: Optional($0.name), value: $0.value as Any) }, displayStyle: .struct)
    }

    /// Every setting by name, `nil` when unset, the user data as the placeholder.
    private var redactedFields: [(name: String, value: (any Sendable)?)] {
        [
            ("securityGroupIds", securityGroupIds), ("keyPairName", keyPairName), ("ramRoleName", ramRoleName),
            ("userData", userData.map { _ in Redaction.placeholder }), ("resourceGroupId", resourceGroupId), ("hostName", hostName),
            ("spotStrategy", spotStrategy), ("spotPriceLimit", spotPriceLimit), ("spotDuration", spotDuration),
            ("spotInterruptionBehavior", spotInterruptionBehavior), ("internetMaxBandwidthOut", internetMaxBandwidthOut),
            ("internetChargeType", internetChargeType), ("deploymentSetId", deploymentSetId),
            ("creditSpecification", creditSpecification), ("deletionProtection", deletionProtection), ("tags", tags),
        ]
    }
}

extension SimulatedLaunchSpecification {
    /// What a RunInstances request (its launch template already merged in) sets.
    init(_ request: RunInstancesRequest) {
        self.init(
            securityGroupIds: request.securityGroupIds ?? request.securityGroupId.map { [$0] } ?? [],
            keyPairName: request.keyPairName, ramRoleName: request.ramRoleName, userData: request.userData,
            resourceGroupId: request.resourceGroupId, hostName: request.hostName, spotStrategy: request.spotStrategy ?? .noSpot,
            spotPriceLimit: request.spotPriceLimit, spotDuration: request.spotDuration,
            spotInterruptionBehavior: request.spotInterruptionBehavior ?? .terminate,
            internetMaxBandwidthOut: request.internetMaxBandwidthOut, internetChargeType: request.internetChargeType,
            deploymentSetId: request.deploymentSetId, creditSpecification: request.creditSpecification,
            deletionProtection: request.deletionProtection ?? false,
            tags: (request.tags ?? []).map { ResourceTag(key: $0.key, value: $0.value ?? "") })
    }
}
