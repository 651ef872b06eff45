import Foundation

/// One instance as DescribeInstances reports it (`Instances.Instance[]`).
///
/// Only ``instanceId`` is always present. Every other field is optional or an empty list, because ECS
/// omits some fields, reports others as empty strings, and adds new ones over time.
public struct ECSInstance: Codable, Sendable, Hashable {
    // MARK: Identity

    /// The instance's ID, e.g. `i-bp1…`.
    public var instanceId: String
    /// The instance's display name.
    public var instanceName: String?
    /// The free-text description given to the instance.
    public var description: String?
    /// The hostname the operating system uses.
    public var hostName: String?
    /// The instance's serial number, a UUID-like string.
    public var serialNumber: String?
    /// The region the instance is in, e.g. `cn-hangzhou`.
    public var regionId: String?
    /// The zone the instance is in, e.g. `cn-hangzhou-i`.
    public var zoneId: String?
    /// The resource group the instance belongs to.
    public var resourceGroupId: String?
    /// The tags attached to the instance.
    @ECSList<ResourceTag, ECSListItem.Tag> public var tags: [ResourceTag] = []

    // MARK: State & lifecycle

    /// The lifecycle state, e.g. `Running` or `Stopped`.
    public var status: InstanceStatus?
    /// The locks ECS holds on the instance; a `recycling` lock announces a spot reclaim.
    @ECSList<OperationLock, ECSListItem.LockReason> public var operationLocks: [OperationLock] = []
    /// How a stopped instance is billed: `KeepCharging`, `StopCharging` (economical mode) or `Not-applicable`.
    public var stoppedMode: String?
    /// When the instance was created.
    public var creationTime: Date?
    /// When the instance last started.
    public var startTime: Date?
    /// When a subscription instance expires; pay-as-you-go instances report a far-future date.
    public var expiredTime: Date?
    /// When a pay-as-you-go instance is scheduled to be released automatically, if ever.
    public var autoReleaseTime: Date?
    /// Whether release protection blocks deleting the instance from the console or API.
    public var deletionProtection: Bool?
    /// Whether the instance can be recycled.
    public var recyclable: Bool?
    /// Whether data disks can be attached to the instance.
    public var deviceAvailable: Bool?

    // MARK: Hardware

    /// The instance type, e.g. `ecs.g7.large`.
    public var instanceType: String?
    /// The instance family, e.g. `ecs.g7`.
    public var instanceTypeFamily: String?
    /// The number of vCPUs.
    public var cpu: Int?
    /// The memory size, in MiB.
    public var memory: Int?
    /// The number of GPUs the instance type has.
    public var gpuAmount: Int?
    /// The GPU model of the instance type; empty without GPUs.
    public var gpuSpec: String?
    /// The number of local disks.
    public var localStorageAmount: Int?
    /// The total capacity of the local disks, in GiB.
    public var localStorageCapacity: Int?
    /// Whether the instance is I/O optimized.
    public var ioOptimized: Bool?
    /// The mode of a burstable instance: `Standard` or `Unlimited`; empty otherwise.
    public var creditSpecification: String?
    /// The processor layout: cores, threads per core and topology.
    public var cpuOptions: CpuOptions?
    /// Whether the NVS (network virtual storage) feature is on; not widely available.
    public var enableNVS: Bool?

    // MARK: Image & operating system

    /// The image the instance runs.
    public var imageId: String?
    /// Settings that come from the image, such as non-root login.
    public var imageOptions: ImageOptions?
    /// The operating system name, possibly localised.
    public var osName: String?
    /// The operating system name in English.
    public var osNameEn: String?
    /// The operating system family: `linux` or `windows`.
    public var osType: String?
    /// The SSH key pair bound to the instance.
    public var keyPairName: String?

    // MARK: Billing

    /// How the instance is billed: pay-as-you-go or subscription.
    public var instanceChargeType: InstanceChargeType?
    /// How public bandwidth is billed: by bandwidth or by traffic.
    public var internetChargeType: InternetChargeType?
    /// The inbound public bandwidth limit, in Mbit/s.
    public var internetMaxBandwidthIn: Int?
    /// The outbound public bandwidth limit, in Mbit/s.
    public var internetMaxBandwidthOut: Int?
    /// Whether and how the instance is a spot instance.
    public var spotStrategy: SpotStrategy?
    /// The highest hourly price of a spot instance, to three decimals; only with `SpotWithPriceLimit`.
    public var spotPriceLimit: Double?
    /// The hours, 0 to 6, during which a spot instance is protected from reclaiming.
    public var spotDuration: Int?
    /// What ECS does to the spot instance when it reclaims it: release or stop.
    public var spotInterruptionBehavior: SpotInterruptionBehavior?
    /// The subscription period unit; no longer maintained by ECS.
    public var saleCycle: String?

    // MARK: Network

    /// The network type: `vpc` or `classic`.
    public var instanceNetworkType: String?
    /// The VPC, vSwitch and private addresses of a VPC instance.
    public var vpcAttributes: VpcAttributes?
    /// The security groups the instance belongs to.
    @ECSList<String, ECSListItem.SecurityGroupId> public var securityGroupIds: [String] = []
    /// The public addresses ECS assigned (not elastic IPs).
    @ECSList<String, ECSListItem.IpAddress> public var publicIpAddresses: [String] = []
    /// The internal addresses of a classic-network instance.
    @ECSList<String, ECSListItem.IpAddress> public var innerIpAddresses: [String] = []
    /// The RDMA addresses of an HPC instance.
    @ECSList<String, ECSListItem.IpAddress> public var rdmaIpAddresses: [String] = []
    /// The elastic IP address bound to the instance, if any.
    public var eipAddress: EipAddress?
    /// The elastic network interfaces attached to the instance.
    @ECSList<NetworkInterface, ECSListItem.NetworkInterface> public var networkInterfaces: [NetworkInterface] = []
    /// Which internal DNS records point at the instance.
    public var privateDnsNameOptions: PrivateDnsNameOptions?
    /// The carrier of the instance's public line; an invitation-only field.
    public var isp: String?
    /// The VLAN ID of the instance; deprecated by ECS.
    public var vlanId: String?

    // MARK: Placement

    /// The deployment set the instance is in.
    public var deploymentSetId: String?
    /// The group the instance is in within its deployment set.
    public var deploymentSetGroupNo: Int?
    /// The HPC cluster the instance is in.
    public var hpcClusterId: String?
    /// The cluster the instance is in; deprecated by ECS.
    public var clusterId: String?
    /// The dedicated host the instance runs on, if any.
    public var dedicatedHostAttribute: DedicatedHostAttribute?
    /// How the instance relates to dedicated hosts: tenancy and affinity.
    public var dedicatedInstanceAttribute: DedicatedInstanceAttribute?
    /// The capacity reservation the instance draws on, if any.
    public var ecsCapacityReservationAttr: EcsCapacityReservationAttr?

    // MARK: Options

    /// How the metadata service answers the instance.
    public var metadataOptions: MetadataOptions?
    /// Hibernation settings; an invitation-only feature.
    public var hibernationOptions: HibernationOptions?
    /// Security features such as secure boot and trusted computing.
    public var securityOptions: SecurityOptions?
    /// Clock settings such as Precision Time Protocol.
    public var clockOptions: ClockOptions?
    /// Extra details ECS reports for some instances.
    public var additionalInfo: AdditionalInfo?

    /// Creates an instance description (useful in tests and simulators); only the ID is required.
    public init(
        instanceId: String,
        instanceName: String? = nil,
        description: String? = nil,
        hostName: String? = nil,
        serialNumber: String? = nil,
        regionId: String? = nil,
        zoneId: String? = nil,
        resourceGroupId: String? = nil,
        tags: [ResourceTag] = [],
        status: InstanceStatus? = nil,
        operationLocks: [OperationLock] = [],
        stoppedMode: String? = nil,
        creationTime: Date? = nil,
        startTime: Date? = nil,
        expiredTime: Date? = nil,
        autoReleaseTime: Date? = nil,
        deletionProtection: Bool? = nil,
        recyclable: Bool? = nil,
        deviceAvailable: Bool? = nil,
        instanceType: String? = nil,
        instanceTypeFamily: String? = nil,
        cpu: Int? = nil,
        memory: Int? = nil,
        gpuAmount: Int? = nil,
        gpuSpec: String? = nil,
        localStorageAmount: Int? = nil,
        localStorageCapacity: Int? = nil,
        ioOptimized: Bool? = nil,
        creditSpecification: String? = nil,
        cpuOptions: CpuOptions? = nil,
        enableNVS: Bool? = nil,
        imageId: String? = nil,
        imageOptions: ImageOptions? = nil,
        osName: String? = nil,
        osNameEn: String? = nil,
        osType: String? = nil,
        keyPairName: String? = nil,
        instanceChargeType: InstanceChargeType? = nil,
        internetChargeType: InternetChargeType? = nil,
        internetMaxBandwidthIn: Int? = nil,
        internetMaxBandwidthOut: Int? = nil,
        spotStrategy: SpotStrategy? = nil,
        spotPriceLimit: Double? = nil,
        spotDuration: Int? = nil,
        spotInterruptionBehavior: SpotInterruptionBehavior? = nil,
        saleCycle: String? = nil,
        instanceNetworkType: String? = nil,
        vpcAttributes: VpcAttributes? = nil,
        securityGroupIds: [String] = [],
        publicIpAddresses: [String] = [],
        innerIpAddresses: [String] = [],
        rdmaIpAddresses: [String] = [],
        eipAddress: EipAddress? = nil,
        networkInterfaces: [NetworkInterface] = [],
        privateDnsNameOptions: PrivateDnsNameOptions? = nil,
        isp: String? = nil,
        vlanId: String? = nil,
        deploymentSetId: String? = nil,
        deploymentSetGroupNo: Int? = nil,
        hpcClusterId: String? = nil,
        clusterId: String? = nil,
        dedicatedHostAttribute: DedicatedHostAttribute? = nil,
        dedicatedInstanceAttribute: DedicatedInstanceAttribute? = nil,
        ecsCapacityReservationAttr: EcsCapacityReservationAttr? = nil,
        metadataOptions: MetadataOptions? = nil,
        hibernationOptions: HibernationOptions? = nil,
        securityOptions: SecurityOptions? = nil,
        clockOptions: ClockOptions? = nil,
        additionalInfo: AdditionalInfo? = nil
    ) {
        self.instanceId = instanceId
        self.instanceName = instanceName
        self.description = description
        self.hostName = hostName
        self.serialNumber = serialNumber
        self.regionId = regionId
        self.zoneId = zoneId
        self.resourceGroupId = resourceGroupId
        self.tags = tags
        self.status = status
        self.operationLocks = operationLocks
        self.stoppedMode = stoppedMode
        self.creationTime = creationTime
        self.startTime = startTime
        self.expiredTime = expiredTime
        self.autoReleaseTime = autoReleaseTime
        self.deletionProtection = deletionProtection
        self.recyclable = recyclable
        self.deviceAvailable = deviceAvailable
        self.instanceType = instanceType
        self.instanceTypeFamily = instanceTypeFamily
        self.cpu = cpu
        self.memory = memory
        self.gpuAmount = gpuAmount
        self.gpuSpec = gpuSpec
        self.localStorageAmount = localStorageAmount
        self.localStorageCapacity = localStorageCapacity
        self.ioOptimized = ioOptimized
        self.creditSpecification = creditSpecification
        self.cpuOptions = cpuOptions
        self.enableNVS = enableNVS
        self.imageId = imageId
        self.imageOptions = imageOptions
        self.osName = osName
        self.osNameEn = osNameEn
        self.osType = osType
        self.keyPairName = keyPairName
        self.instanceChargeType = instanceChargeType
        self.internetChargeType = internetChargeType
        self.internetMaxBandwidthIn = internetMaxBandwidthIn
        self.internetMaxBandwidthOut = internetMaxBandwidthOut
        self.spotStrategy = spotStrategy
        self.spotPriceLimit = spotPriceLimit
        self.spotDuration = spotDuration
        self.spotInterruptionBehavior = spotInterruptionBehavior
        self.saleCycle = saleCycle
        self.instanceNetworkType = instanceNetworkType
        self.vpcAttributes = vpcAttributes
        self.securityGroupIds = securityGroupIds
        self.publicIpAddresses = publicIpAddresses
        self.innerIpAddresses = innerIpAddresses
        self.rdmaIpAddresses = rdmaIpAddresses
        self.eipAddress = eipAddress
        self.networkInterfaces = networkInterfaces
        self.privateDnsNameOptions = privateDnsNameOptions
        self.isp = isp
        self.vlanId = vlanId
        self.deploymentSetId = deploymentSetId
        self.deploymentSetGroupNo = deploymentSetGroupNo
        self.hpcClusterId = hpcClusterId
        self.clusterId = clusterId
        self.dedicatedHostAttribute = dedicatedHostAttribute
        self.dedicatedInstanceAttribute = dedicatedInstanceAttribute
        self.ecsCapacityReservationAttr = ecsCapacityReservationAttr
        self.metadataOptions = metadataOptions
        self.hibernationOptions = hibernationOptions
        self.securityOptions = securityOptions
        self.clockOptions = clockOptions
        self.additionalInfo = additionalInfo
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case instanceId = "InstanceId"
        case instanceName = "InstanceName"
        case description = "Description"
        case hostName = "HostName"
        case serialNumber = "SerialNumber"
        case regionId = "RegionId"
        case zoneId = "ZoneId"
        case resourceGroupId = "ResourceGroupId"
        case tags = "Tags"
        case status = "Status"
        case operationLocks = "OperationLocks"
        case stoppedMode = "StoppedMode"
        case creationTime = "CreationTime"
        case startTime = "StartTime"
        case expiredTime = "ExpiredTime"
        case autoReleaseTime = "AutoReleaseTime"
        case deletionProtection = "DeletionProtection"
        case recyclable = "Recyclable"
        case deviceAvailable = "DeviceAvailable"
        case instanceType = "InstanceType"
        case instanceTypeFamily = "InstanceTypeFamily"
        case cpu = "Cpu"
        case memory = "Memory"
        case gpuAmount = "GPUAmount"
        case gpuSpec = "GPUSpec"
        case localStorageAmount = "LocalStorageAmount"
        case localStorageCapacity = "LocalStorageCapacity"
        case ioOptimized = "IoOptimized"
        case creditSpecification = "CreditSpecification"
        case cpuOptions = "CpuOptions"
        case enableNVS = "EnableNVS"
        case imageId = "ImageId"
        case imageOptions = "ImageOptions"
        case osName = "OSName"
        case osNameEn = "OSNameEn"
        case osType = "OSType"
        case keyPairName = "KeyPairName"
        case instanceChargeType = "InstanceChargeType"
        case internetChargeType = "InternetChargeType"
        case internetMaxBandwidthIn = "InternetMaxBandwidthIn"
        case internetMaxBandwidthOut = "InternetMaxBandwidthOut"
        case spotStrategy = "SpotStrategy"
        case spotPriceLimit = "SpotPriceLimit"
        case spotDuration = "SpotDuration"
        case spotInterruptionBehavior = "SpotInterruptionBehavior"
        case saleCycle = "SaleCycle"
        case instanceNetworkType = "InstanceNetworkType"
        case vpcAttributes = "VpcAttributes"
        case securityGroupIds = "SecurityGroupIds"
        case publicIpAddresses = "PublicIpAddress"
        case innerIpAddresses = "InnerIpAddress"
        case rdmaIpAddresses = "RdmaIpAddress"
        case eipAddress = "EipAddress"
        case networkInterfaces = "NetworkInterfaces"
        case privateDnsNameOptions = "PrivateDnsNameOptions"
        case isp = "ISP"
        case vlanId = "VlanId"
        case deploymentSetId = "DeploymentSetId"
        case deploymentSetGroupNo = "DeploymentSetGroupNo"
        case hpcClusterId = "HpcClusterId"
        case clusterId = "ClusterId"
        case dedicatedHostAttribute = "DedicatedHostAttribute"
        case dedicatedInstanceAttribute = "DedicatedInstanceAttribute"
        case ecsCapacityReservationAttr = "EcsCapacityReservationAttr"
        case metadataOptions = "MetadataOptions"
        case hibernationOptions = "HibernationOptions"
        case securityOptions = "SecurityOptions"
        case clockOptions = "ClockOptions"
        case additionalInfo = "AdditionalInfo"
    }
}
