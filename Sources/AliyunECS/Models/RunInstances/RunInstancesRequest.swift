/// Launches one or more instances (`RunInstances`).
///
/// Set at least the image, the instance type, a security group and a vSwitch (or name a launch template
/// that supplies them). ECS answers with the IDs of the new instances, which start out `Pending`.
/// ``description`` and `dump()` never show ``password`` or ``userData``.
public struct RunInstancesRequest: IdempotentECSRequest, Hashable {
    /// The decoded answer.
    public typealias Response = RunInstancesResponse
    /// `RunInstances`.
    public static let action = "RunInstances"

    // MARK: Placement

    /// The region to launch in, e.g. `cn-hangzhou`; the client fills in its own region when this is `nil`.
    public var regionId: String?
    /// The zone to launch in, e.g. `cn-hangzhou-i`; it must be the vSwitch's zone when both are set.
    public var zoneId: String?
    /// The dedicated host to create the instance on.
    public var dedicatedHostId: String?
    /// `host` keeps an instance on its dedicated host when it restarts after economical-mode stop; `default` lets it move.
    public var affinity: String?
    /// `default` (shared hardware) or `host` (a dedicated host, chosen by ECS when ``dedicatedHostId`` is unset).
    public var tenancy: String?
    /// Where dedicated-host placement looks for a host.
    public var schedulerOptions: SchedulerOptions?
    /// The deployment set that spreads the instances over separate hardware.
    public var deploymentSetId: String?
    /// The group, 1 to 7, in a deployment set that uses the high-availability group strategy.
    public var deploymentSetGroupNo: Int?
    /// The HPC cluster to join; required for SCC instance types.
    public var hpcClusterId: String?
    /// The managed host to place the instance on, e.g. `mh-…`.
    public var managedHostId: String?
    /// Which reserved capacity (elasticity assurance or capacity reservation) to draw on.
    public var privatePoolOptions: PrivatePoolOptions?

    // MARK: Image & instance type

    /// The image to boot from; required unless a launch template or ``imageFamily`` supplies one.
    public var imageId: String?
    /// An image family: ECS boots the newest available image in it.
    public var imageFamily: String?
    /// Log-in settings that depend on the image.
    public var imageOptions: ImageOptions?
    /// The instance type, e.g. `ecs.g7.large`; required unless a launch template supplies one.
    public var instanceType: String?
    /// The processor layout: cores, threads per core and topology.
    public var cpuOptions: CpuOptions?
    /// Clock settings, such as Precision Time Protocol.
    public var clockOptions: ClockOptions?
    /// The mode of a burstable instance: `Standard` or `Unlimited`.
    public var creditSpecification: String?
    /// `optimized` or `none`; only retired instance types default to `none`.
    public var ioOptimized: String?
    /// A launch template that supplies the parameters this request leaves unset.
    public var launchTemplateId: String?
    /// A launch template named instead of identified by ``launchTemplateId``.
    public var launchTemplateName: String?
    /// The launch template version; the template's default version when unset.
    public var launchTemplateVersion: Int?

    // MARK: Naming & quantity

    /// The instance name: 2 to 128 characters; ECS uses the instance ID when unset.
    public var instanceName: String?
    /// A free-text description of the instance: 2 to 256 characters, not starting with `http://` or `https://`.
    public var instanceDescription: String?
    /// The operating-system hostname: 2 to 15 characters on Windows, 2 to 64 elsewhere; no leading, trailing or doubled `.` or `-`.
    public var hostName: String?
    /// One hostname per instance, when creating several.
    public var hostNames: [String]?
    /// Whether to append `001`, `002`, … to the instance name and hostname when creating several.
    public var uniqueSuffix: Bool?
    /// How many instances to create, 1 to 100 (1 when unset).
    public var amount: Int?
    /// The fewest instances to accept, 1 to 100: when stock runs short, ECS creates at least this many or none.
    public var minAmount: Int?

    // MARK: Network

    /// The security group to join; use ``securityGroupIds`` for several.
    public var securityGroupId: String?
    /// Several security groups to join at once; not combined with ``securityGroupId``.
    public var securityGroupIds: [String]?
    /// The vSwitch to attach to; required in a VPC, and in the same VPC as the security group.
    public var vSwitchId: String?
    /// A private IPv4 address to use, free in the vSwitch's CIDR block.
    public var privateIpAddress: String?
    /// IPv6 addresses for the primary ENI, at most 10; ``amount`` must then be 1.
    public var ipv6Addresses: [String]?
    /// How many IPv6 addresses ECS picks for the primary ENI, 1 to 10; not combined with ``ipv6Addresses``.
    public var ipv6AddressCount: Int?
    /// Network interfaces to create or attach, primary and secondary.
    public var networkInterfaces: [NetworkInterface]?
    /// The number of queues of the primary ENI, within the instance type's limit.
    public var networkInterfaceQueueNumber: Int?
    /// Network performance settings, such as jumbo frames and bandwidth weighting.
    public var networkOptions: NetworkOptions?
    /// How the instance's private hostnames resolve in the VPC's DNS.
    public var privateDnsNameOptions: PrivateDnsNameOptions?
    /// How public traffic is billed: `PayByTraffic` (the default) or `PayByBandwidth`.
    public var internetChargeType: InternetChargeType?
    /// The inbound public bandwidth cap, in Mbit/s.
    public var internetMaxBandwidthIn: Int?
    /// The outbound public bandwidth, in Mbit/s: 0 (the default) to 100.
    public var internetMaxBandwidthOut: Int?
    /// The carrier of the public address. Invitation-only preview.
    public var isp: String?

    // MARK: Spot & billing

    /// Whether and how the instance is a spot instance: `NoSpot` (the default), `SpotWithPriceLimit` or `SpotAsPriceGo`. Pay-as-you-go only.
    public var spotStrategy: SpotStrategy?
    /// The highest hourly price to pay, with up to three decimals; used with `SpotWithPriceLimit`.
    public var spotPriceLimit: Double?
    /// The protection period of a spot instance, in hours: `1` (the default) guarantees the first hour, `0` none.
    public var spotDuration: Int?
    /// What ECS does when it reclaims the spot instance: `Terminate` (the default) or `Stop`.
    public var spotInterruptionBehavior: SpotInterruptionBehavior?
    /// How the instance is billed: `PostPaid` (pay-as-you-go, the default) or `PrePaid` (subscription).
    public var instanceChargeType: InstanceChargeType?
    /// The subscription length, in ``periodUnit`` units; required for `PrePaid`.
    public var period: Int?
    /// The unit of ``period``: `Month` (the default) or `Week`.
    public var periodUnit: String?
    /// Whether a `PrePaid` instance renews itself when it expires; off when unset.
    public var autoRenew: Bool?
    /// The length of each automatic renewal, in ``periodUnit`` units, e.g. 1, 2, 3, 6 or 12 months.
    public var autoRenewPeriod: Int?
    /// Whether the order is paid from the account balance at once; otherwise it waits for payment in the console.
    public var autoPay: Bool?

    // MARK: Lifecycle

    /// When ECS releases a pay-as-you-go instance: UTC `yyyy-MM-ddTHH:mm:ssZ`, rounded down to the minute.
    public var autoReleaseTime: String?
    /// Whether the console and API refuse to release the instance; off when unset.
    public var deletionProtection: Bool?
    /// Hibernation settings.
    public var hibernationOptions: HibernationOptions?

    // MARK: Disks

    /// The system disk; ECS picks a category and the image's size when unset.
    public var systemDisk: SystemDisk?
    /// Data disks to create and attach, at most 16.
    public var dataDisks: [DataDisk]?
    /// The storage set to spread the disks over.
    public var storageSetId: String?
    /// The number of partitions in the storage set, at least 1.
    public var storageSetPartitionNumber: Int?

    // MARK: Login & security

    /// The administrator password: 8 to 30 characters from at least three of upper case, lower case, digits and symbols. Never printed.
    public var password: String?
    /// Whether to keep the password preset in the image; ``password`` must then be unset.
    public var passwordInherit: Bool?
    /// The SSH key pair to log in with; ignored on Windows.
    public var keyPairName: String?
    /// Base64-encoded user data for the instance, at most 32 KB before encoding. Never printed.
    public var userData: String?
    /// The instance RAM role to attach.
    public var ramRoleName: String?
    /// RAM roles to chain. ECS does not offer this to customers yet.
    public var arns: [Arn]?
    /// `Active` turns security hardening on (public images only); `Deactive` turns it off.
    public var securityEnhancementStrategy: String?
    /// Trusted-computing and secure-boot settings.
    public var securityOptions: SecurityOptions?

    // MARK: Metadata service

    /// `enabled` (the default) or `disabled`: whether the instance can reach its metadata service.
    public var httpEndpoint: String?
    /// `optional` or `required`: whether the metadata service demands a session token (hardened mode).
    public var httpTokens: String?
    /// The hop limit of metadata token responses. ECS does not offer this to customers yet.
    public var httpPutResponseHopLimit: Int?

    // MARK: Tags & resource group

    /// Tags for the instances, their disks and primary ENIs, at most 20.
    public var tags: [Tag]?
    /// The resource group to put the instances in.
    public var resourceGroupId: String?

    // MARK: Request control

    /// The idempotency token: ASCII, at most 64 characters. The client sets one when this is `nil`.
    public var clientToken: String?
    /// Checks parameters, quotas and stock without creating anything; ECS answers `DryRunOperation` when all is well.
    public var dryRun: Bool?

    // MARK: Reseller fields

    /// Used by resellers on behalf of a user; most callers leave it unset.
    public var ownerId: Int?
    /// Used by resellers on behalf of a user; most callers leave it unset.
    public var ownerAccount: String?
    /// Used by resellers on behalf of a user; most callers leave it unset.
    public var resourceOwnerId: Int?
    /// Used by resellers on behalf of a user; most callers leave it unset.
    public var resourceOwnerAccount: String?

    /// Creates a request; every parameter is optional so that only what is set is sent.
    public init(
        regionId: String? = nil,
        zoneId: String? = nil,
        imageId: String? = nil,
        instanceType: String? = nil,
        securityGroupId: String? = nil,
        securityGroupIds: [String]? = nil,
        vSwitchId: String? = nil,
        instanceName: String? = nil,
        amount: Int? = nil,
        spotStrategy: SpotStrategy? = nil,
        spotPriceLimit: Double? = nil,
        spotDuration: Int? = nil,
        spotInterruptionBehavior: SpotInterruptionBehavior? = nil,
        instanceChargeType: InstanceChargeType? = nil,
        internetMaxBandwidthOut: Int? = nil,
        password: String? = nil,
        systemDisk: SystemDisk? = nil,
        dataDisks: [DataDisk]? = nil,
        tags: [Tag]? = nil,
        clientToken: String? = nil,
        minAmount: Int? = nil,
        dryRun: Bool? = nil,
        dedicatedHostId: String? = nil,
        affinity: String? = nil,
        tenancy: String? = nil,
        schedulerOptions: SchedulerOptions? = nil,
        deploymentSetId: String? = nil,
        deploymentSetGroupNo: Int? = nil,
        hpcClusterId: String? = nil,
        managedHostId: String? = nil,
        privatePoolOptions: PrivatePoolOptions? = nil,
        imageFamily: String? = nil,
        imageOptions: ImageOptions? = nil,
        cpuOptions: CpuOptions? = nil,
        clockOptions: ClockOptions? = nil,
        creditSpecification: String? = nil,
        ioOptimized: String? = nil,
        launchTemplateId: String? = nil,
        launchTemplateName: String? = nil,
        launchTemplateVersion: Int? = nil,
        instanceDescription: String? = nil,
        hostName: String? = nil,
        hostNames: [String]? = nil,
        uniqueSuffix: Bool? = nil,
        privateIpAddress: String? = nil,
        ipv6Addresses: [String]? = nil,
        ipv6AddressCount: Int? = nil,
        networkInterfaces: [NetworkInterface]? = nil,
        networkInterfaceQueueNumber: Int? = nil,
        networkOptions: NetworkOptions? = nil,
        privateDnsNameOptions: PrivateDnsNameOptions? = nil,
        internetChargeType: InternetChargeType? = nil,
        internetMaxBandwidthIn: Int? = nil,
        isp: String? = nil,
        period: Int? = nil,
        periodUnit: String? = nil,
        autoRenew: Bool? = nil,
        autoRenewPeriod: Int? = nil,
        autoPay: Bool? = nil,
        autoReleaseTime: String? = nil,
        deletionProtection: Bool? = nil,
        hibernationOptions: HibernationOptions? = nil,
        storageSetId: String? = nil,
        storageSetPartitionNumber: Int? = nil,
        passwordInherit: Bool? = nil,
        keyPairName: String? = nil,
        userData: String? = nil,
        ramRoleName: String? = nil,
        arns: [Arn]? = nil,
        securityEnhancementStrategy: String? = nil,
        securityOptions: SecurityOptions? = nil,
        httpEndpoint: String? = nil,
        httpTokens: String? = nil,
        httpPutResponseHopLimit: Int? = nil,
        resourceGroupId: String? = nil,
        ownerId: Int? = nil,
        ownerAccount: String? = nil,
        resourceOwnerId: Int? = nil,
        resourceOwnerAccount: String? = nil
    ) {
        self.regionId = regionId
        self.zoneId = zoneId
        self.imageId = imageId
        self.instanceType = instanceType
        self.securityGroupId = securityGroupId
        self.securityGroupIds = securityGroupIds
        self.vSwitchId = vSwitchId
        self.instanceName = instanceName
        self.amount = amount
        self.spotStrategy = spotStrategy
        self.spotPriceLimit = spotPriceLimit
        self.spotDuration = spotDuration
        self.spotInterruptionBehavior = spotInterruptionBehavior
        self.instanceChargeType = instanceChargeType
        self.internetMaxBandwidthOut = internetMaxBandwidthOut
        self.password = password
        self.systemDisk = systemDisk
        self.dataDisks = dataDisks
        self.tags = tags
        self.clientToken = clientToken
        self.minAmount = minAmount
        self.dryRun = dryRun
        self.dedicatedHostId = dedicatedHostId
        self.affinity = affinity
        self.tenancy = tenancy
        self.schedulerOptions = schedulerOptions
        self.deploymentSetId = deploymentSetId
        self.deploymentSetGroupNo = deploymentSetGroupNo
        self.hpcClusterId = hpcClusterId
        self.managedHostId = managedHostId
        self.privatePoolOptions = privatePoolOptions
        self.imageFamily = imageFamily
        self.imageOptions = imageOptions
        self.cpuOptions = cpuOptions
        self.clockOptions = clockOptions
        self.creditSpecification = creditSpecification
        self.ioOptimized = ioOptimized
        self.launchTemplateId = launchTemplateId
        self.launchTemplateName = launchTemplateName
        self.launchTemplateVersion = launchTemplateVersion
        self.instanceDescription = instanceDescription
        self.hostName = hostName
        self.hostNames = hostNames
        self.uniqueSuffix = uniqueSuffix
        self.privateIpAddress = privateIpAddress
        self.ipv6Addresses = ipv6Addresses
        self.ipv6AddressCount = ipv6AddressCount
        self.networkInterfaces = networkInterfaces
        self.networkInterfaceQueueNumber = networkInterfaceQueueNumber
        self.networkOptions = networkOptions
        self.privateDnsNameOptions = privateDnsNameOptions
        self.internetChargeType = internetChargeType
        self.internetMaxBandwidthIn = internetMaxBandwidthIn
        self.isp = isp
        self.period = period
        self.periodUnit = periodUnit
        self.autoRenew = autoRenew
        self.autoRenewPeriod = autoRenewPeriod
        self.autoPay = autoPay
        self.autoReleaseTime = autoReleaseTime
        self.deletionProtection = deletionProtection
        self.hibernationOptions = hibernationOptions
        self.storageSetId = storageSetId
        self.storageSetPartitionNumber = storageSetPartitionNumber
        self.passwordInherit = passwordInherit
        self.keyPairName = keyPairName
        self.userData = userData
        self.ramRoleName = ramRoleName
        self.arns = arns
        self.securityEnhancementStrategy = securityEnhancementStrategy
        self.securityOptions = securityOptions
        self.httpEndpoint = httpEndpoint
        self.httpTokens = httpTokens
        self.httpPutResponseHopLimit = httpPutResponseHopLimit
        self.resourceGroupId = resourceGroupId
        self.ownerId = ownerId
        self.ownerAccount = ownerAccount
        self.resourceOwnerId = resourceOwnerId
        self.resourceOwnerAccount = resourceOwnerAccount
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case regionId = "RegionId"
        case zoneId = "ZoneId"
        case dedicatedHostId = "DedicatedHostId"
        case affinity = "Affinity"
        case tenancy = "Tenancy"
        case schedulerOptions = "SchedulerOptions"
        case deploymentSetId = "DeploymentSetId"
        case deploymentSetGroupNo = "DeploymentSetGroupNo"
        case hpcClusterId = "HpcClusterId"
        case managedHostId = "ManagedHostId"
        case privatePoolOptions = "PrivatePoolOptions"
        case imageId = "ImageId"
        case imageFamily = "ImageFamily"
        case imageOptions = "ImageOptions"
        case instanceType = "InstanceType"
        case cpuOptions = "CpuOptions"
        case clockOptions = "ClockOptions"
        case creditSpecification = "CreditSpecification"
        case ioOptimized = "IoOptimized"
        case launchTemplateId = "LaunchTemplateId"
        case launchTemplateName = "LaunchTemplateName"
        case launchTemplateVersion = "LaunchTemplateVersion"
        case instanceName = "InstanceName"
        case instanceDescription = "Description"
        case hostName = "HostName"
        case hostNames = "HostNames"
        case uniqueSuffix = "UniqueSuffix"
        case amount = "Amount"
        case minAmount = "MinAmount"
        case securityGroupId = "SecurityGroupId"
        case securityGroupIds = "SecurityGroupIds"
        case vSwitchId = "VSwitchId"
        case privateIpAddress = "PrivateIpAddress"
        case ipv6Addresses = "Ipv6Address"
        case ipv6AddressCount = "Ipv6AddressCount"
        case networkInterfaces = "NetworkInterface"
        case networkInterfaceQueueNumber = "NetworkInterfaceQueueNumber"
        case networkOptions = "NetworkOptions"
        case privateDnsNameOptions = "PrivateDnsNameOptions"
        case internetChargeType = "InternetChargeType"
        case internetMaxBandwidthIn = "InternetMaxBandwidthIn"
        case internetMaxBandwidthOut = "InternetMaxBandwidthOut"
        case isp = "Isp"
        case spotStrategy = "SpotStrategy"
        case spotPriceLimit = "SpotPriceLimit"
        case spotDuration = "SpotDuration"
        case spotInterruptionBehavior = "SpotInterruptionBehavior"
        case instanceChargeType = "InstanceChargeType"
        case period = "Period"
        case periodUnit = "PeriodUnit"
        case autoRenew = "AutoRenew"
        case autoRenewPeriod = "AutoRenewPeriod"
        case autoPay = "AutoPay"
        case autoReleaseTime = "AutoReleaseTime"
        case deletionProtection = "DeletionProtection"
        case hibernationOptions = "HibernationOptions"
        case systemDisk = "SystemDisk"
        case dataDisks = "DataDisk"
        case storageSetId = "StorageSetId"
        case storageSetPartitionNumber = "StorageSetPartitionNumber"
        case password = "Password"
        case passwordInherit = "PasswordInherit"
        case keyPairName = "KeyPairName"
        case userData = "UserData"
        case ramRoleName = "RamRoleName"
        case arns = "Arn"
        case securityEnhancementStrategy = "SecurityEnhancementStrategy"
        case securityOptions = "SecurityOptions"
        case httpEndpoint = "HttpEndpoint"
        case httpTokens = "HttpTokens"
        case httpPutResponseHopLimit = "HttpPutResponseHopLimit"
        case tags = "Tag"
        case resourceGroupId = "ResourceGroupId"
        case clientToken = "ClientToken"
        case dryRun = "DryRun"
        case ownerId = "OwnerId"
        case ownerAccount = "OwnerAccount"
        case resourceOwnerId = "ResourceOwnerId"
        case resourceOwnerAccount = "ResourceOwnerAccount"
    }
}
