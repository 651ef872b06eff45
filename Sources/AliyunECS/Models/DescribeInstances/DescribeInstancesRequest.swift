/// Lists instances in a region, optionally narrowed by IDs, state, network, tags and more (`DescribeInstances`).
///
/// Every filter is optional; with none set, ECS lists every instance in the region a page at a time.
/// Page with ``maxResults`` and ``nextToken`` (preferred) or with ``pageNumber`` and ``pageSize``.
public struct DescribeInstancesRequest: ECSRequest, Hashable {
    /// The decoded answer.
    public typealias Response = DescribeInstancesResponse
    /// `DescribeInstances`.
    public static let action = "DescribeInstances"

    // MARK: Common filters

    /// The region to list, e.g. `cn-hangzhou`; the client fills in its own region when this is `nil`.
    public var regionId: String?
    /// Only these instances, at most 100 IDs. An empty list matches nothing.
    @JSONArrayParameter public var instanceIds: [String]?
    /// Only instances in this zone, e.g. `cn-hangzhou-i`.
    public var zoneId: String?
    /// Only instances in this state.
    public var status: InstanceStatus?
    /// Only instances locked for this reason; `.recycling` finds spot instances about to be reclaimed.
    public var lockReason: LockReason?
    /// Only instances carrying all of these tags (up to 20); a tag without a value matches any value.
    public var tags: [Tag]?
    /// Only instances in this VPC.
    public var vpcId: String?
    /// Only instances attached to this vSwitch.
    public var vSwitchId: String?
    /// Only instances in this security group.
    public var securityGroupId: String?
    /// Only instances of this type, e.g. `ecs.g7.large`.
    public var instanceType: String?

    // MARK: Paging

    /// The page size for token paging, at most 100; ECS uses 10 when unset or below 10.
    public var maxResults: Int?
    /// The ``DescribeInstancesResponse/nextToken`` of the previous page; unset for the first page.
    public var nextToken: String?
    /// The page to return, from 1, for number paging (being phased out in favour of ``nextToken``).
    public var pageNumber: Int?
    /// The page size for number paging, at most 100 (10 when unset); being phased out in favour of ``maxResults``.
    public var pageSize: Int?

    // MARK: Other filters

    /// Only instances with this name; `*` matches any run of characters.
    public var instanceName: String?
    /// Only instances of this instance family, e.g. `ecs.g7`.
    public var instanceTypeFamily: String?
    /// Only instances booted from this image.
    public var imageId: String?
    /// Only instances billed this way: pay-as-you-go or subscription.
    public var instanceChargeType: InstanceChargeType?
    /// Only instances whose public bandwidth is billed this way.
    public var internetChargeType: InternetChargeType?
    /// Only instances on this network type: `vpc` or `classic` (retired).
    public var instanceNetworkType: String?
    /// Only instances that are (`true`) or are not (`false`) I/O optimized.
    public var ioOptimized: Bool?
    /// Only instances that use this SSH key pair.
    public var keyPairName: String?
    /// Only instances in this resource group (the default group cannot be used as a filter).
    public var resourceGroupId: String?
    /// Only instances in this HPC cluster.
    public var hpcClusterId: String?
    /// Only VPC instances with these private addresses, at most 100.
    @JSONArrayParameter public var privateIpAddresses: [String]?
    /// Only instances with these public addresses, at most 100.
    @JSONArrayParameter public var publicIpAddresses: [String]?
    /// Only classic-network instances with these internal addresses, at most 100.
    @JSONArrayParameter public var innerIpAddresses: [String]?
    /// Only VPC instances bound to these elastic IP addresses, at most 100.
    @JSONArrayParameter public var eipAddresses: [String]?
    /// Only HPC instances with these RDMA addresses.
    @JSONArrayParameter public var rdmaIpAddresses: [String]?
    /// Only instances whose network interfaces hold these IPv6 addresses.
    public var ipv6Addresses: [String]?
    /// Only instances whose metadata service is `enabled` or `disabled`.
    public var httpEndpoint: String?
    /// Only instances whose metadata service requires hardened (token) mode, `required`, or not, `optional`.
    public var httpTokens: String?
    /// Reserved by ECS for the metadata-request hop limit; not yet usable.
    public var httpPutResponseHopLimit: Int?
    /// Extra filters, such as `CreationStartTime` to list instances created after a UTC time (`yyyy-MM-ddTHH:mmZ`).
    public var filters: [Filter]?
    /// Extra attributes to include in the answer, e.g. `META_OPTIONS`, `DDH_CLUSTER` or `NETWORK_PRIMARY_ENI_IP`.
    public var additionalAttributes: [String]?
    /// An invitation-only filter; most callers leave it unset.
    public var deviceAvailable: Bool?
    /// An invitation-only option; most callers leave it unset.
    public var needSaleCycle: Bool?
    /// Validates the request (credentials, permissions, parameters) without listing anything.
    public var dryRun: Bool?
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
        instanceIds: [String]? = nil,
        zoneId: String? = nil,
        status: InstanceStatus? = nil,
        lockReason: LockReason? = nil,
        tags: [Tag]? = nil,
        vpcId: String? = nil,
        vSwitchId: String? = nil,
        securityGroupId: String? = nil,
        instanceType: String? = nil,
        maxResults: Int? = nil,
        nextToken: String? = nil,
        pageNumber: Int? = nil,
        pageSize: Int? = nil,
        instanceName: String? = nil,
        instanceTypeFamily: String? = nil,
        imageId: String? = nil,
        instanceChargeType: InstanceChargeType? = nil,
        internetChargeType: InternetChargeType? = nil,
        instanceNetworkType: String? = nil,
        ioOptimized: Bool? = nil,
        keyPairName: String? = nil,
        resourceGroupId: String? = nil,
        hpcClusterId: String? = nil,
        privateIpAddresses: [String]? = nil,
        publicIpAddresses: [String]? = nil,
        innerIpAddresses: [String]? = nil,
        eipAddresses: [String]? = nil,
        rdmaIpAddresses: [String]? = nil,
        ipv6Addresses: [String]? = nil,
        httpEndpoint: String? = nil,
        httpTokens: String? = nil,
        httpPutResponseHopLimit: Int? = nil,
        filters: [Filter]? = nil,
        additionalAttributes: [String]? = nil,
        deviceAvailable: Bool? = nil,
        needSaleCycle: Bool? = nil,
        dryRun: Bool? = nil,
        ownerId: Int? = nil,
        ownerAccount: String? = nil,
        resourceOwnerId: Int? = nil,
        resourceOwnerAccount: String? = nil
    ) {
        self.regionId = regionId
        self.instanceIds = instanceIds
        self.zoneId = zoneId
        self.status = status
        self.lockReason = lockReason
        self.tags = tags
        self.vpcId = vpcId
        self.vSwitchId = vSwitchId
        self.securityGroupId = securityGroupId
        self.instanceType = instanceType
        self.maxResults = maxResults
        self.nextToken = nextToken
        self.pageNumber = pageNumber
        self.pageSize = pageSize
        self.instanceName = instanceName
        self.instanceTypeFamily = instanceTypeFamily
        self.imageId = imageId
        self.instanceChargeType = instanceChargeType
        self.internetChargeType = internetChargeType
        self.instanceNetworkType = instanceNetworkType
        self.ioOptimized = ioOptimized
        self.keyPairName = keyPairName
        self.resourceGroupId = resourceGroupId
        self.hpcClusterId = hpcClusterId
        self.privateIpAddresses = privateIpAddresses
        self.publicIpAddresses = publicIpAddresses
        self.innerIpAddresses = innerIpAddresses
        self.eipAddresses = eipAddresses
        self.rdmaIpAddresses = rdmaIpAddresses
        self.ipv6Addresses = ipv6Addresses
        self.httpEndpoint = httpEndpoint
        self.httpTokens = httpTokens
        self.httpPutResponseHopLimit = httpPutResponseHopLimit
        self.filters = filters
        self.additionalAttributes = additionalAttributes
        self.deviceAvailable = deviceAvailable
        self.needSaleCycle = needSaleCycle
        self.dryRun = dryRun
        self.ownerId = ownerId
        self.ownerAccount = ownerAccount
        self.resourceOwnerId = resourceOwnerId
        self.resourceOwnerAccount = resourceOwnerAccount
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case regionId = "RegionId"
        case instanceIds = "InstanceIds"
        case zoneId = "ZoneId"
        case status = "Status"
        case lockReason = "LockReason"
        case tags = "Tag"
        case vpcId = "VpcId"
        case vSwitchId = "VSwitchId"
        case securityGroupId = "SecurityGroupId"
        case instanceType = "InstanceType"
        case maxResults = "MaxResults"
        case nextToken = "NextToken"
        case pageNumber = "PageNumber"
        case pageSize = "PageSize"
        case instanceName = "InstanceName"
        case instanceTypeFamily = "InstanceTypeFamily"
        case imageId = "ImageId"
        case instanceChargeType = "InstanceChargeType"
        case internetChargeType = "InternetChargeType"
        case instanceNetworkType = "InstanceNetworkType"
        case ioOptimized = "IoOptimized"
        case keyPairName = "KeyPairName"
        case resourceGroupId = "ResourceGroupId"
        case hpcClusterId = "HpcClusterId"
        case privateIpAddresses = "PrivateIpAddresses"
        case publicIpAddresses = "PublicIpAddresses"
        case innerIpAddresses = "InnerIpAddresses"
        case eipAddresses = "EipAddresses"
        case rdmaIpAddresses = "RdmaIpAddresses"
        case ipv6Addresses = "Ipv6Address"
        case httpEndpoint = "HttpEndpoint"
        case httpTokens = "HttpTokens"
        case httpPutResponseHopLimit = "HttpPutResponseHopLimit"
        case filters = "Filter"
        case additionalAttributes = "AdditionalAttributes"
        case deviceAvailable = "DeviceAvailable"
        case needSaleCycle = "NeedSaleCycle"
        case dryRun = "DryRun"
        case ownerId = "OwnerId"
        case ownerAccount = "OwnerAccount"
        case resourceOwnerId = "ResourceOwnerId"
        case resourceOwnerAccount = "ResourceOwnerAccount"
    }
}
