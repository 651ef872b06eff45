import AliyunECS
import Foundation

/// What a watcher remembers about each member of a tagged fleet: what recovery uses (placement, shape,
/// network, tags, spot settings, state and times), not the whole description. A full `ECSInstance` takes
/// over a kilobyte inline; this keeps a fleet of 10,000 in a few megabytes.
struct FleetMember: Sendable {
    var instanceId: String
    var instanceName: String?
    var regionId: String?
    var zoneId: String?
    var instanceType: String?
    var imageId: String?
    var status: InstanceStatus?
    var vpcId: String?
    var vSwitchId: String?
    var securityGroupIds: [String]
    var tags: [ResourceTag]
    var spotStrategy: SpotStrategy?
    var spotPriceLimit: Double?
    var spotDuration: Int?
    var spotInterruptionBehavior: SpotInterruptionBehavior?
    var instanceChargeType: InstanceChargeType?
    var internetMaxBandwidthOut: Int?
    var creationTime: Date?
    var startTime: Date?

    init(_ instance: ECSInstance) {
        instanceId = instance.instanceId
        instanceName = instance.instanceName
        regionId = instance.regionId
        zoneId = instance.zoneId
        instanceType = instance.instanceType
        imageId = instance.imageId
        status = instance.status
        vpcId = instance.vpcAttributes?.vpcId
        vSwitchId = instance.vpcAttributes?.vSwitchId
        securityGroupIds = instance.securityGroupIds
        tags = instance.tags
        spotStrategy = instance.spotStrategy
        spotPriceLimit = instance.spotPriceLimit
        spotDuration = instance.spotDuration
        spotInterruptionBehavior = instance.spotInterruptionBehavior
        instanceChargeType = instance.instanceChargeType
        internetMaxBandwidthOut = instance.internetMaxBandwidthOut
        creationTime = instance.creationTime
        startTime = instance.startTime
    }

    /// The remembered fields as an `ECSInstance` (everything else unset).
    var instance: ECSInstance {
        var instance = ECSInstance(instanceId: instanceId)
        instance.instanceName = instanceName
        instance.regionId = regionId
        instance.zoneId = zoneId
        instance.instanceType = instanceType
        instance.imageId = imageId
        instance.status = status
        if vpcId != nil || vSwitchId != nil {
            var attributes = ECSInstance.VpcAttributes()
            attributes.vpcId = vpcId
            attributes.vSwitchId = vSwitchId
            instance.vpcAttributes = attributes
        }
        instance.securityGroupIds = securityGroupIds
        instance.tags = tags
        instance.spotStrategy = spotStrategy
        instance.spotPriceLimit = spotPriceLimit
        instance.spotDuration = spotDuration
        instance.spotInterruptionBehavior = spotInterruptionBehavior
        instance.instanceChargeType = instanceChargeType
        instance.internetMaxBandwidthOut = internetMaxBandwidthOut
        instance.creationTime = creationTime
        instance.startTime = startTime
        return instance
    }
}
