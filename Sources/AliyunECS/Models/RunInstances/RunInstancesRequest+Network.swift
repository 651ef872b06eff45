extension RunInstancesRequest {
    /// A network interface (ENI) to create or attach: the primary one or a secondary one (`NetworkInterface.N.*`).
    public struct NetworkInterface: Codable, Sendable, Hashable {
        /// Whether a secondary ENI is deleted when the instance is released; `true` when unset.
        public var deleteOnRelease: Bool?
        /// A free-text description of the ENI: 2 to 256 characters.
        public var description: String?
        /// The role of the ENI, `Primary` or `Secondary`. Despite the wire name, this is not an instance type.
        public var instanceType: String?
        /// IPv6 addresses for a `Primary` ENI, at most 10.
        public var ipv6Addresses: [String]?
        /// How many IPv6 addresses ECS picks for a `Primary` ENI, 1 to 10; not combined with ``ipv6Addresses``.
        public var ipv6AddressCount: Int?
        /// The physical network card to bind the ENI to, on instance types that have more than one.
        public var networkCardIndex: Int?
        /// An existing secondary ENI to attach instead of creating one; the request's `amount` must then be 1.
        public var networkInterfaceId: String?
        /// The ENI name: 2 to 128 characters.
        public var networkInterfaceName: String?
        /// `Standard` (TCP, the default) or `HighPerformance` (elastic RDMA).
        public var networkInterfaceTrafficMode: String?
        /// The primary private IPv4 address of the ENI.
        public var primaryIpAddress: String?
        /// The number of queues of the ENI, within the instance type's limit.
        public var queueNumber: Int?
        /// The number of queue pairs of an RDMA ENI.
        public var queuePairNumber: Int?
        /// The receive queue depth. Invitation-only preview.
        public var rxQueueSize: Int?
        /// How many secondary private IPv4 addresses ECS assigns to the ENI, 1 to 49.
        public var secondaryPrivateIpAddressCount: Int?
        /// The security group of the ENI.
        public var securityGroupId: String?
        /// Several security groups for the ENI; not combined with ``securityGroupId``.
        public var securityGroupIds: [String]?
        /// Whether source/destination checking is on; off when unset. Offered in some regions only.
        public var sourceDestCheck: Bool?
        /// The transmit queue depth. Invitation-only preview.
        public var txQueueSize: Int?
        /// The vSwitch of the ENI, in the same VPC as the instance.
        public var vSwitchId: String?

        /// Creates a network interface; unset values take the ECS defaults.
        public init(
            deleteOnRelease: Bool? = nil,
            description: String? = nil,
            instanceType: String? = nil,
            ipv6Addresses: [String]? = nil,
            ipv6AddressCount: Int? = nil,
            networkCardIndex: Int? = nil,
            networkInterfaceId: String? = nil,
            networkInterfaceName: String? = nil,
            networkInterfaceTrafficMode: String? = nil,
            primaryIpAddress: String? = nil,
            queueNumber: Int? = nil,
            queuePairNumber: Int? = nil,
            rxQueueSize: Int? = nil,
            secondaryPrivateIpAddressCount: Int? = nil,
            securityGroupId: String? = nil,
            securityGroupIds: [String]? = nil,
            sourceDestCheck: Bool? = nil,
            txQueueSize: Int? = nil,
            vSwitchId: String? = nil
        ) {
            self.deleteOnRelease = deleteOnRelease
            self.description = description
            self.instanceType = instanceType
            self.ipv6Addresses = ipv6Addresses
            self.ipv6AddressCount = ipv6AddressCount
            self.networkCardIndex = networkCardIndex
            self.networkInterfaceId = networkInterfaceId
            self.networkInterfaceName = networkInterfaceName
            self.networkInterfaceTrafficMode = networkInterfaceTrafficMode
            self.primaryIpAddress = primaryIpAddress
            self.queueNumber = queueNumber
            self.queuePairNumber = queuePairNumber
            self.rxQueueSize = rxQueueSize
            self.secondaryPrivateIpAddressCount = secondaryPrivateIpAddressCount
            self.securityGroupId = securityGroupId
            self.securityGroupIds = securityGroupIds
            self.sourceDestCheck = sourceDestCheck
            self.txQueueSize = txQueueSize
            self.vSwitchId = vSwitchId
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case deleteOnRelease = "DeleteOnRelease"
            case description = "Description"
            case instanceType = "InstanceType"
            case ipv6Addresses = "Ipv6Address"
            case ipv6AddressCount = "Ipv6AddressCount"
            case networkCardIndex = "NetworkCardIndex"
            case networkInterfaceId = "NetworkInterfaceId"
            case networkInterfaceName = "NetworkInterfaceName"
            case networkInterfaceTrafficMode = "NetworkInterfaceTrafficMode"
            case primaryIpAddress = "PrimaryIpAddress"
            case queueNumber = "QueueNumber"
            case queuePairNumber = "QueuePairNumber"
            case rxQueueSize = "RxQueueSize"
            case secondaryPrivateIpAddressCount = "SecondaryPrivateIpAddressCount"
            case securityGroupId = "SecurityGroupId"
            case securityGroupIds = "SecurityGroupIds"
            case sourceDestCheck = "SourceDestCheck"
            case txQueueSize = "TxQueueSize"
            case vSwitchId = "VSwitchId"
        }
    }

    /// Network performance settings of the instance (`NetworkOptions.*`).
    public struct NetworkOptions: Codable, Sendable, Hashable {
        /// The bandwidth weighting profile; DescribeInstanceTypes lists the values each instance type accepts.
        public var bandwidthWeighting: String?
        /// Whether jumbo frames are on; `false` keeps every ENI of the instance at an MTU of 1500.
        public var enableJumboFrame: Bool?
        /// Whether network traffic is encrypted. Invitation-only preview.
        public var enableNetworkEncryption: Bool?

        /// Creates network settings; unset values take the ECS defaults.
        public init(bandwidthWeighting: String? = nil, enableJumboFrame: Bool? = nil, enableNetworkEncryption: Bool? = nil) {
            self.bandwidthWeighting = bandwidthWeighting
            self.enableJumboFrame = enableJumboFrame
            self.enableNetworkEncryption = enableNetworkEncryption
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case bandwidthWeighting = "BandwidthWeighting"
            case enableJumboFrame = "EnableJumboFrame"
            case enableNetworkEncryption = "EnableNetworkEncryption"
        }
    }

    /// How the instance's private hostnames resolve in the VPC's DNS (`PrivateDnsNameOptions.*`).
    public struct PrivateDnsNameOptions: Codable, Sendable, Hashable {
        /// Whether the instance-ID hostname resolves to the instance's IPv6 address (AAAA record); off when unset.
        public var enableInstanceIdDnsAAAARecord: Bool?
        /// Whether the instance-ID hostname resolves to the instance's IPv4 address (A record); off when unset.
        public var enableInstanceIdDnsARecord: Bool?
        /// Whether the IP-based hostname resolves to the instance's IPv4 address (A record); off when unset.
        public var enableIpDnsARecord: Bool?
        /// Whether a reverse lookup of the IPv4 address returns the IP-based hostname (PTR record); off when unset.
        public var enableIpDnsPtrRecord: Bool?
        /// The hostname style: `Custom` (the default), `IpBased` or `InstanceIdBased`.
        public var hostnameType: String?

        /// Creates private DNS settings; unset values take the ECS defaults.
        public init(
            enableInstanceIdDnsAAAARecord: Bool? = nil,
            enableInstanceIdDnsARecord: Bool? = nil,
            enableIpDnsARecord: Bool? = nil,
            enableIpDnsPtrRecord: Bool? = nil,
            hostnameType: String? = nil
        ) {
            self.enableInstanceIdDnsAAAARecord = enableInstanceIdDnsAAAARecord
            self.enableInstanceIdDnsARecord = enableInstanceIdDnsARecord
            self.enableIpDnsARecord = enableIpDnsARecord
            self.enableIpDnsPtrRecord = enableIpDnsPtrRecord
            self.hostnameType = hostnameType
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case enableInstanceIdDnsAAAARecord = "EnableInstanceIdDnsAAAARecord"
            case enableInstanceIdDnsARecord = "EnableInstanceIdDnsARecord"
            case enableIpDnsARecord = "EnableIpDnsARecord"
            case enableIpDnsPtrRecord = "EnableIpDnsPtrRecord"
            case hostnameType = "HostnameType"
        }
    }
}
