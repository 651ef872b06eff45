/// Descriptions and mirrors that never reveal the password or the user data.
///
/// A request often ends up in a log line or a debugger: these conformances show what was set, in wire form,
/// with ``RunInstancesRequest/password`` and ``RunInstancesRequest/userData`` replaced by `<redacted>`.
extension RunInstancesRequest: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The set parameters as `Name=value` pairs in wire form, e.g. `RunInstancesRequest(RegionId=cn-hangzhou, Password=<redacted>)`.
    public var description: String {
        guard let parameters = try? QueryEncoder().encode(self) else {
            return "RunInstancesRequest(<parameters unavailable>)"
        }
        let pairs = parameters.map { "\($0.name)=\(Redaction.value($0.value, forName: $0.name))" }
        return "RunInstancesRequest(" + pairs.joined(separator: ", ") + ")"
    }

    /// The same text as ``description``.
    public var debugDescription: String {
        description
    }

    /// Every property, as the default mirror would show it, except that a set password or user data reads `<redacted>`.
    public var customMirror: Mirror {
        let children: [Mirror.Child] = [
            ("regionId", regionId as Any),
            ("zoneId", zoneId as Any),
            ("dedicatedHostId", dedicatedHostId as Any),
            ("affinity", affinity as Any),
            ("tenancy", tenancy as Any),
            ("schedulerOptions", schedulerOptions as Any),
            ("deploymentSetId", deploymentSetId as Any),
            ("deploymentSetGroupNo", deploymentSetGroupNo as Any),
            ("hpcClusterId", hpcClusterId as Any),
            ("managedHostId", managedHostId as Any),
            ("privatePoolOptions", privatePoolOptions as Any),
            ("imageId", imageId as Any),
            ("imageFamily", imageFamily as Any),
            ("imageOptions", imageOptions as Any),
            ("instanceType", instanceType as Any),
            ("cpuOptions", cpuOptions as Any),
            ("clockOptions", clockOptions as Any),
            ("creditSpecification", creditSpecification as Any),
            ("ioOptimized", ioOptimized as Any),
            ("launchTemplateId", launchTemplateId as Any),
            ("launchTemplateName", launchTemplateName as Any),
            ("launchTemplateVersion", launchTemplateVersion as Any),
            ("instanceName", instanceName as Any),
            ("instanceDescription", instanceDescription as Any),
            ("hostName", hostName as Any),
            ("hostNames", hostNames as Any),
            ("uniqueSuffix", uniqueSuffix as Any),
            ("amount", amount as Any),
            ("minAmount", minAmount as Any),
            ("securityGroupId", securityGroupId as Any),
            ("securityGroupIds", securityGroupIds as Any),
            ("vSwitchId", vSwitchId as Any),
            ("privateIpAddress", privateIpAddress as Any),
            ("ipv6Addresses", ipv6Addresses as Any),
            ("ipv6AddressCount", ipv6AddressCount as Any),
            ("networkInterfaces", networkInterfaces as Any),
            ("networkInterfaceQueueNumber", networkInterfaceQueueNumber as Any),
            ("networkOptions", networkOptions as Any),
            ("privateDnsNameOptions", privateDnsNameOptions as Any),
            ("internetChargeType", internetChargeType as Any),
            ("internetMaxBandwidthIn", internetMaxBandwidthIn as Any),
            ("internetMaxBandwidthOut", internetMaxBandwidthOut as Any),
            ("isp", isp as Any),
            ("spotStrategy", spotStrategy as Any),
            ("spotPriceLimit", spotPriceLimit as Any),
            ("spotDuration", spotDuration as Any),
            ("spotInterruptionBehavior", spotInterruptionBehavior as Any),
            ("instanceChargeType", instanceChargeType as Any),
            ("period", period as Any),
            ("periodUnit", periodUnit as Any),
            ("autoRenew", autoRenew as Any),
            ("autoRenewPeriod", autoRenewPeriod as Any),
            ("autoPay", autoPay as Any),
            ("autoReleaseTime", autoReleaseTime as Any),
            ("deletionProtection", deletionProtection as Any),
            ("hibernationOptions", hibernationOptions as Any),
            ("systemDisk", systemDisk as Any),
            ("dataDisks", dataDisks as Any),
            ("storageSetId", storageSetId as Any),
            ("storageSetPartitionNumber", storageSetPartitionNumber as Any),
            ("password", password.map { _ in Redaction.placeholder } as Any),
            ("passwordInherit", passwordInherit as Any),
            ("keyPairName", keyPairName as Any),
            ("userData", userData.map { _ in Redaction.placeholder } as Any),
            ("ramRoleName", ramRoleName as Any),
            ("arns", arns as Any),
            ("securityEnhancementStrategy", securityEnhancementStrategy as Any),
            ("securityOptions", securityOptions as Any),
            ("httpEndpoint", httpEndpoint as Any),
            ("httpTokens", httpTokens as Any),
            ("httpPutResponseHopLimit", httpPutResponseHopLimit as Any),
            ("tags", tags as Any),
            ("resourceGroupId", resourceGroupId as Any),
            ("clientToken", clientToken as Any),
            ("dryRun", dryRun as Any),
            ("ownerId", ownerId as Any),
            ("ownerAccount", ownerAccount as Any),
            ("resourceOwnerId", resourceOwnerId as Any),
            ("resourceOwnerAccount", resourceOwnerAccount as Any),
        ]
        return Mirror(self, children: children, displayStyle: .struct)
    }
}
