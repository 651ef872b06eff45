extension ECSInstance {
    /// `true` when ECS has marked this spot instance for reclaiming (a `recycling` lock, in any case).
    public var isMarkedForRecycling: Bool {
        operationLocks.contains { $0.lockReason?.isRecycling == true }
    }

    /// The vSwitch the instance is attached to, from its VPC attributes.
    public var vSwitchId: String? { vpcAttributes?.vSwitchId }

    /// The VPC the instance is in, from its VPC attributes.
    public var vpcId: String? { vpcAttributes?.vpcId }

    /// The instance's first private address in its VPC.
    public var privateIpAddress: String? { vpcAttributes?.privateIpAddresses.first }
}
