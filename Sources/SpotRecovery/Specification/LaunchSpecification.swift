import AliyunECS
import Foundation

/// Everything a faithful replacement copies from the instance it replaces: placement, shape, network,
/// identity (key pair, RAM role), user data, billing and spot settings, and tags.
///
/// Built from the source's DescribeInstances description, its RAM role (DescribeInstanceRamRole) and its
/// user data (DescribeUserData), read when the instance joins a fleet rather than in the five minutes of
/// the notice (``LaunchSpecificationCatalog``). It travels on the source's images as tags (all but the user
/// data: ``imageTags(budget:keeping:)``), so a replacement can still be launched faithfully after ECS has
/// released the source, and in the local ``RecoveryJournal`` with the user data.
///
/// The user data may hold secrets: it never appears in ``description``, `dump()` or a log line.
public struct LaunchSpecification: Sendable, Hashable, Codable, CustomStringConvertible, CustomReflectable {
    /// The zone.
    public var zoneId: String?
    /// The vSwitch.
    public var vSwitchId: String?
    /// The instance type.
    public var instanceType: String?
    /// Every security group, in order.
    public var securityGroupIds: [String]
    /// The instance name.
    public var instanceName: String?
    /// The host name.
    public var hostName: String?
    /// The SSH key pair.
    public var keyPairName: String?
    /// The RAM role attached to the instance.
    public var ramRoleName: String?
    /// The resource group.
    public var resourceGroupId: String?
    /// The spot strategy.
    public var spotStrategy: SpotStrategy?
    /// The spot price limit, with `SpotWithPriceLimit`.
    public var spotPriceLimit: Double?
    /// The protection period in hours.
    public var spotDuration: Int?
    /// What ECS does when it reclaims the instance.
    public var spotInterruptionBehavior: SpotInterruptionBehavior?
    /// Public bandwidth out, Mbit/s.
    public var internetMaxBandwidthOut: Int?
    /// How public traffic is billed.
    public var internetChargeType: InternetChargeType?
    /// The deployment set.
    public var deploymentSetId: String?
    /// The credit specification of a burstable type (`Standard`, `Unlimited`).
    public var creditSpecification: String?
    /// Whether the instance is protected against release by DeleteInstance.
    public var deletionProtection: Bool?
    /// The source's own tags (none managed by ECS or by SpotRecovery).
    public var tags: [ECSTag]
    /// The user data, base64-encoded as ECS takes it. Secret: never shown.
    public var userData: String?
    /// What of the source could not be read (say `userData` when DescribeUserData was refused), so the
    /// replacement lacks it; reported with the relaunch.
    public var unknown: Set<String>

    /// Creates a specification.
    public init(
        zoneId: String? = nil, vSwitchId: String? = nil, instanceType: String? = nil, securityGroupIds: [String] = [],
        instanceName: String? = nil, hostName: String? = nil, keyPairName: String? = nil, ramRoleName: String? = nil,
        resourceGroupId: String? = nil, spotStrategy: SpotStrategy? = nil, spotPriceLimit: Double? = nil, spotDuration: Int? = nil,
        spotInterruptionBehavior: SpotInterruptionBehavior? = nil, internetMaxBandwidthOut: Int? = nil,
        internetChargeType: InternetChargeType? = nil, deploymentSetId: String? = nil, creditSpecification: String? = nil,
        deletionProtection: Bool? = nil, tags: [ECSTag] = [], userData: String? = nil, unknown: Set<String> = []
    ) {
        self.zoneId = zoneId
        self.vSwitchId = vSwitchId
        self.instanceType = instanceType
        self.securityGroupIds = securityGroupIds
        self.instanceName = instanceName
        self.hostName = hostName
        self.keyPairName = keyPairName
        self.ramRoleName = ramRoleName
        self.resourceGroupId = resourceGroupId
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
        self.userData = userData
        self.unknown = unknown
    }

    /// What DescribeInstances tells of an instance; the RAM role and the user data are not in a description,
    /// so they stay unset (``LaunchSpecificationCatalog`` adds them).
    public init(_ instance: ECSInstance) {
        self.init(
            zoneId: instance.zoneId, vSwitchId: instance.vSwitchId, instanceType: instance.instanceType,
            securityGroupIds: instance.securityGroupIds, instanceName: instance.instanceName, hostName: instance.hostName,
            keyPairName: Self.nonEmpty(instance.keyPairName), resourceGroupId: Self.nonEmpty(instance.resourceGroupId),
            spotStrategy: instance.spotStrategy, spotPriceLimit: instance.spotPriceLimit, spotDuration: instance.spotDuration,
            spotInterruptionBehavior: instance.spotInterruptionBehavior, internetMaxBandwidthOut: instance.internetMaxBandwidthOut,
            internetChargeType: instance.internetChargeType, deploymentSetId: Self.nonEmpty(instance.deploymentSetId),
            creditSpecification: Self.nonEmpty(instance.creditSpecification), deletionProtection: instance.deletionProtection,
            tags: instance.tags
                .filter { !SpotRecoverer.isOwnTag($0.key) && !SpotRecoverer.isSystemTag($0.key) }
                .map { ECSTag(key: $0.key, value: $0.value) })
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }

    // Short keys: the specification travels in image tags, 128 characters each.
    enum CodingKeys: String, CodingKey {
        case zoneId = "z", vSwitchId = "v", instanceType = "t", securityGroupIds = "sg", instanceName = "n", hostName = "h"
        case keyPairName = "kp", ramRoleName = "rr", resourceGroupId = "rg", spotStrategy = "ss", spotPriceLimit = "sp"
        case spotDuration = "sd", spotInterruptionBehavior = "ib", internetMaxBandwidthOut = "bw", internetChargeType = "bc"
        case deploymentSetId = "ds", creditSpecification = "cs", deletionProtection = "dp", tags = "tg", userData = "ud"
        case unknown = "u"
    }

    /// Reads a specification; absent lists are empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        zoneId = try container.decodeIfPresent(String.self, forKey: .zoneId)
        vSwitchId = try container.decodeIfPresent(String.self, forKey: .vSwitchId)
        instanceType = try container.decodeIfPresent(String.self, forKey: .instanceType)
        securityGroupIds = try container.decodeIfPresent([String].self, forKey: .securityGroupIds) ?? []
        instanceName = try container.decodeIfPresent(String.self, forKey: .instanceName)
        hostName = try container.decodeIfPresent(String.self, forKey: .hostName)
        keyPairName = try container.decodeIfPresent(String.self, forKey: .keyPairName)
        ramRoleName = try container.decodeIfPresent(String.self, forKey: .ramRoleName)
        resourceGroupId = try container.decodeIfPresent(String.self, forKey: .resourceGroupId)
        spotStrategy = try container.decodeIfPresent(SpotStrategy.self, forKey: .spotStrategy)
        spotPriceLimit = try container.decodeIfPresent(Double.self, forKey: .spotPriceLimit)
        spotDuration = try container.decodeIfPresent(Int.self, forKey: .spotDuration)
        spotInterruptionBehavior = try container.decodeIfPresent(SpotInterruptionBehavior.self, forKey: .spotInterruptionBehavior)
        internetMaxBandwidthOut = try container.decodeIfPresent(Int.self, forKey: .internetMaxBandwidthOut)
        internetChargeType = try container.decodeIfPresent(InternetChargeType.self, forKey: .internetChargeType)
        deploymentSetId = try container.decodeIfPresent(String.self, forKey: .deploymentSetId)
        creditSpecification = try container.decodeIfPresent(String.self, forKey: .creditSpecification)
        deletionProtection = try container.decodeIfPresent(Bool.self, forKey: .deletionProtection)
        tags = try container.decodeIfPresent([ECSTag].self, forKey: .tags) ?? []
        userData = try container.decodeIfPresent(String.self, forKey: .userData)
        unknown = try container.decodeIfPresent(Set<String>.self, forKey: .unknown) ?? []
    }

    /// Writes the set fields only.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(zoneId, forKey: .zoneId)
        try container.encodeIfPresent(vSwitchId, forKey: .vSwitchId)
        try container.encodeIfPresent(instanceType, forKey: .instanceType)
        if !securityGroupIds.isEmpty { try container.encode(securityGroupIds, forKey: .securityGroupIds) }
        try container.encodeIfPresent(instanceName, forKey: .instanceName)
        try container.encodeIfPresent(hostName, forKey: .hostName)
        try container.encodeIfPresent(keyPairName, forKey: .keyPairName)
        try container.encodeIfPresent(ramRoleName, forKey: .ramRoleName)
        try container.encodeIfPresent(resourceGroupId, forKey: .resourceGroupId)
        try container.encodeIfPresent(spotStrategy, forKey: .spotStrategy)
        try container.encodeIfPresent(spotPriceLimit, forKey: .spotPriceLimit)
        try container.encodeIfPresent(spotDuration, forKey: .spotDuration)
        try container.encodeIfPresent(spotInterruptionBehavior, forKey: .spotInterruptionBehavior)
        try container.encodeIfPresent(internetMaxBandwidthOut, forKey: .internetMaxBandwidthOut)
        try container.encodeIfPresent(internetChargeType, forKey: .internetChargeType)
        try container.encodeIfPresent(deploymentSetId, forKey: .deploymentSetId)
        try container.encodeIfPresent(creditSpecification, forKey: .creditSpecification)
        try container.encodeIfPresent(deletionProtection, forKey: .deletionProtection)
        if !tags.isEmpty { try container.encode(tags, forKey: .tags) }
        try container.encodeIfPresent(userData, forKey: .userData)
        if !unknown.isEmpty { try container.encode(unknown.sorted(), forKey: .unknown) }
    }

    /// A one-line summary; the user data shows only as present or not.
    public var description: String {
        var parts = ["\(zoneId ?? "?")/\(vSwitchId ?? "?")/\(instanceType ?? "?")", "groups \(securityGroupIds.joined(separator: ","))"]
        if let keyPairName { parts.append("key pair \(keyPairName)") }
        if let ramRoleName { parts.append("RAM role \(ramRoleName)") }
        if userData != nil { parts.append("user data \(Redaction.placeholder)") }
        if let spotStrategy { parts.append("\(spotStrategy)\(spotPriceLimit.map { " ≤ \($0)" } ?? "")") }
        if let spotInterruptionBehavior { parts.append("on interruption \(spotInterruptionBehavior)") }
        parts.append("\(tags.count) tag(s)")
        if !unknown.isEmpty { parts.append("unknown: \(unknown.sorted().joined(separator: ","))") }
        return parts.joined(separator: ", ")
    }

    /// What `dump()` shows: every field, the user data redacted.
    public var customMirror: Mirror {
        Mirror(self, children: [
            "zoneId": zoneId as Any, "vSwitchId": vSwitchId as Any, "instanceType": instanceType as Any,
            "securityGroupIds": securityGroupIds, "instanceName": instanceName as Any, "hostName": hostName as Any,
            "keyPairName": keyPairName as Any, "ramRoleName": ramRoleName as Any, "resourceGroupId": resourceGroupId as Any,
            "spotStrategy": spotStrategy as Any, "spotPriceLimit": spotPriceLimit as Any, "spotDuration": spotDuration as Any,
            "spotInterruptionBehavior": spotInterruptionBehavior as Any, "internetMaxBandwidthOut": internetMaxBandwidthOut as Any,
            "internetChargeType": internetChargeType as Any, "deploymentSetId": deploymentSetId as Any,
            "creditSpecification": creditSpecification as Any, "deletionProtection": deletionProtection as Any, "tags": tags,
            "userData": userData == nil ? "nil" : Redaction.placeholder, "unknown": unknown,
        ], displayStyle: .struct)
    }
}
