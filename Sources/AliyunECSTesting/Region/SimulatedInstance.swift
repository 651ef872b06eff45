import AliyunECS
import Foundation

/// An instance as the simulated region keeps it, with the times at which its state changes.
public struct SimulatedInstance: Sendable, Hashable {
    /// The instance ID.
    public var id: String
    /// The instance name.
    public var name: String?
    /// The zone it runs in.
    public var zoneId: String
    /// The instance type.
    public var instanceType: String
    /// The image it was launched from.
    public var imageId: String
    /// Its vSwitch.
    public var vSwitchId: String
    /// Its VPC.
    public var vpcId: String
    /// Its security groups.
    public var securityGroupIds: [String]
    /// Its tags.
    public var tags: [ResourceTag]
    /// Its spot strategy (`NoSpot` for a regular instance).
    public var spotStrategy: SpotStrategy
    /// Its spot price limit, with `SpotWithPriceLimit`.
    public var spotPriceLimit: Double?
    /// Its protection period in hours.
    public var spotDuration: Int?
    /// What happens when it is reclaimed.
    public var spotInterruptionBehavior: SpotInterruptionBehavior
    /// How it is billed.
    public var instanceChargeType: InstanceChargeType
    /// Its public bandwidth in Mbit/s.
    public var internetMaxBandwidthOut: Int?
    /// How its public bandwidth is billed.
    public var internetChargeType: InternetChargeType = .payByTraffic
    /// Its SSH key pair.
    public var keyPairName: String?
    /// Its instance RAM role (DescribeInstanceRamRole reports it; DescribeInstances does not).
    public var ramRoleName: String?
    /// Its resource group.
    public var resourceGroupId: String?
    /// Its host name.
    public var hostName: String = ""
    /// Its deployment set.
    public var deploymentSetId: String?
    /// Its burstable performance mode (`Standard` or `Unlimited`).
    public var creditSpecification: String?
    /// Whether DeleteInstance is refused (`InvalidOperation.DeletionProtection`); ECS's own release is not.
    public var deletionProtection: Bool = false
    /// Its primary private IP address.
    public var privateIpAddress: String
    /// When it was created.
    public var createdAt: Date
    /// When it turns from `Pending` to `Running`.
    public var runningAt: Date
    /// When ECS marks it for recycling (the `Recycling` lock appears), if an interruption is scheduled.
    public var recyclingMarkedAt: Date?
    /// When it is released (or stopped, with the `Stop` behaviour) after the mark.
    public var releasedAt: Date?
    /// When it was stopped (by StopInstance, or by an interruption with the `Stop` behaviour), until started again.
    public var stoppedAt: Date?
    /// How it was stopped: `StopCharging` (economical mode, compute released) or `KeepCharging`.
    public var stoppedMode: StoppedMode?
    /// When DeleteInstance released it.
    public var deletedAt: Date?
    /// How many times StartInstance brought it back after an interruption.
    public var restarts: Int = 0

    /// When the instance stops for good or, with the `Stop` behaviour, stops in economical mode.
    private func effectiveStop(at time: Date) -> Date? {
        // The earlier of the two that have come by `time` (no arrays: this runs for every instance listed).
        let stopped = stoppedAt.flatMap { $0 <= time ? $0 : nil }
        let reclaimed = spotInterruptionBehavior == .stop ? releasedAt.flatMap { $0 <= time ? $0 : nil } : nil
        guard let stopped else { return reclaimed }
        guard let reclaimed else { return stopped }
        return min(stopped, reclaimed)
    }

    /// The state at `time`: `nil` once the instance has been released.
    public func status(at time: Date) -> InstanceStatus? {
        if let deletedAt, time >= deletedAt { return nil }
        if let releasedAt, time >= releasedAt, spotInterruptionBehavior != .stop { return nil }
        if effectiveStop(at: time) != nil { return .stopped }
        guard time >= runningAt else { return restarts > 0 ? .starting : .pending }
        return .running
    }

    /// How a stopped instance is billed at `time` (`nil` unless it is stopped).
    public func stoppedMode(at time: Date) -> StoppedMode? {
        stoppedMode(at: time, status: status(at: time))
    }

    /// `true` when the `Recycling` lock is on at `time` (it goes once the instance is stopped or released).
    public func isMarkedForRecycling(at time: Date) -> Bool {
        isMarkedForRecycling(at: time, status: status(at: time))
    }

    private func stoppedMode(at time: Date, status: InstanceStatus?) -> StoppedMode? {
        guard status == .stopped else { return nil }
        if let stoppedAt, stoppedAt <= time { return stoppedMode ?? .keepCharging }
        return .stopCharging
    }

    private func isMarkedForRecycling(at time: Date, status: InstanceStatus?) -> Bool {
        guard let recyclingMarkedAt, time >= recyclingMarkedAt else { return false }
        return status == .running || status == .pending || status == .starting
    }

    /// `true` when the instance has been released at `time`.
    public func isReleased(at time: Date) -> Bool {
        status(at: time) == nil
    }

    /// What DescribeInstances reports that changes with time alone.
    struct TimedState: Equatable {
        var status: InstanceStatus?
        var stoppedMode: StoppedMode?
        var isMarkedForRecycling: Bool
    }

    /// Its time-dependent state at `time`.
    func timedState(at time: Date) -> TimedState {
        let status = status(at: time)
        return TimedState(
            status: status, stoppedMode: stoppedMode(at: time, status: status),
            isMarkedForRecycling: isMarkedForRecycling(at: time, status: status))
    }

    /// The instance as DescribeInstances reports it at `time`.
    func described(at time: Date, regionId: String) -> ECSInstance {
        described(timedState(at: time), regionId: regionId)
    }

    /// The instance as DescribeInstances reports it in `state`: everything time changes comes from there.
    func described(_ state: TimedState, regionId: String) -> ECSInstance {
        var instance = ECSInstance(instanceId: id)
        instance.instanceName = name ?? id
        instance.description = ""
        instance.regionId = regionId
        instance.zoneId = zoneId
        instance.instanceType = instanceType
        instance.imageId = imageId
        instance.cpu = 2
        instance.memory = 4096
        instance.osType = "linux"
        instance.status = state.status
        instance.creationTime = createdAt
        instance.startTime = runningAt
        instance.instanceChargeType = instanceChargeType
        instance.instanceNetworkType = "vpc"
        instance.internetMaxBandwidthOut = internetMaxBandwidthOut
        instance.internetChargeType = internetChargeType
        instance.keyPairName = keyPairName
        instance.resourceGroupId = resourceGroupId
        instance.hostName = hostName
        instance.deploymentSetId = deploymentSetId
        instance.creditSpecification = creditSpecification
        instance.deletionProtection = deletionProtection
        instance.spotStrategy = spotStrategy
        instance.spotPriceLimit = spotPriceLimit
        instance.spotDuration = spotDuration
        instance.spotInterruptionBehavior = spotInterruptionBehavior
        instance.stoppedMode = state.stoppedMode ?? .notApplicable
        instance.securityGroupIds = securityGroupIds
        instance.tags = tags
        instance.vpcAttributes = ECSInstance.VpcAttributes(privateIpAddresses: [privateIpAddress], vSwitchId: vSwitchId, vpcId: vpcId)
        instance.operationLocks = state.isMarkedForRecycling ? [ECSInstance.OperationLock(lockReason: .recycling)] : []
        return instance
    }
}

extension SimulatedInstance {
    /// A new instance in `vSwitch`, set up as `launch` says (all but its user data, which the region keeps apart).
    init(
        id: String, name: String?, vSwitch: SimulatedVSwitch, instanceType: String, imageId: String,
        launch: SimulatedLaunchSpecification, privateIpAddress: String, createdAt: Date, runningAt: Date
    ) {
        self.init(
            id: id, name: name, zoneId: vSwitch.zoneId, instanceType: instanceType, imageId: imageId, vSwitchId: vSwitch.id,
            vpcId: vSwitch.vpcId, securityGroupIds: launch.securityGroupIds, tags: launch.tags, spotStrategy: launch.spotStrategy,
            spotPriceLimit: launch.spotPriceLimit, spotDuration: launch.spotDuration,
            spotInterruptionBehavior: launch.spotInterruptionBehavior, instanceChargeType: .postPaid,
            internetMaxBandwidthOut: launch.internetMaxBandwidthOut, internetChargeType: launch.internetChargeType ?? .payByTraffic,
            keyPairName: launch.keyPairName, ramRoleName: launch.ramRoleName, resourceGroupId: launch.resourceGroupId,
            // ECS names an unnamed host after the instance: i-bp1… → iZbp1…Z.
            hostName: launch.hostName ?? "iZ" + id.dropFirst(2) + "Z", deploymentSetId: launch.deploymentSetId,
            creditSpecification: launch.creditSpecification, deletionProtection: launch.deletionProtection,
            privateIpAddress: privateIpAddress, createdAt: createdAt, runningAt: runningAt)
    }
}
