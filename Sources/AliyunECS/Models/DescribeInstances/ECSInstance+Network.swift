extension ECSInstance {
    /// Where an instance sits in its virtual private cloud (`VpcAttributes`).
    public struct VpcAttributes: Codable, Sendable, Hashable {
        /// The NAT address instances in other VPCs use to reach this one; often empty.
        public var natIpAddress: String?
        /// The instance's private addresses in the VPC (`PrivateIpAddress.IpAddress[]`).
        @ECSList<String, ECSListItem.IpAddress> public var privateIpAddresses: [String] = []
        /// The vSwitch the instance is attached to.
        public var vSwitchId: String?
        /// The VPC the instance is in.
        public var vpcId: String?

        /// Creates VPC attributes.
        public init(natIpAddress: String? = nil, privateIpAddresses: [String] = [], vSwitchId: String? = nil, vpcId: String? = nil) {
            self.natIpAddress = natIpAddress
            self.privateIpAddresses = privateIpAddresses
            self.vSwitchId = vSwitchId
            self.vpcId = vpcId
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case natIpAddress = "NatIpAddress"
            case privateIpAddresses = "PrivateIpAddress"
            case vSwitchId = "VSwitchId"
            case vpcId = "VpcId"
        }
    }

    /// The elastic IP address bound to an instance (`EipAddress`); its fields are empty when there is none.
    public struct EipAddress: Codable, Sendable, Hashable {
        /// The EIP's ID, e.g. `eip-…`.
        public var allocationId: String?
        /// The EIP's peak public bandwidth, in Mbit/s.
        public var bandwidth: Int?
        /// How the EIP's traffic is billed.
        public var internetChargeType: InternetChargeType?
        /// The public address itself.
        public var ipAddress: String?
        /// Whether the EIP can be unbound from the instance.
        public var isSupportUnassociate: Bool?

        /// Creates EIP details.
        public init(
            allocationId: String? = nil,
            bandwidth: Int? = nil,
            internetChargeType: InternetChargeType? = nil,
            ipAddress: String? = nil,
            isSupportUnassociate: Bool? = nil
        ) {
            self.allocationId = allocationId
            self.bandwidth = bandwidth
            self.internetChargeType = internetChargeType
            self.ipAddress = ipAddress
            self.isSupportUnassociate = isSupportUnassociate
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case allocationId = "AllocationId"
            case bandwidth = "Bandwidth"
            case internetChargeType = "InternetChargeType"
            case ipAddress = "IpAddress"
            case isSupportUnassociate = "IsSupportUnassociate"
        }
    }

    /// An elastic network interface (ENI) attached to an instance (`NetworkInterfaces.NetworkInterface[]`).
    public struct NetworkInterface: Codable, Sendable, Hashable {
        /// The ENI's ID, e.g. `eni-…`.
        public var networkInterfaceId: String?
        /// The ENI's MAC address, e.g. `00:16:3e:12:34:56`.
        public var macAddress: String?
        /// The ENI's primary private IPv4 address.
        public var primaryIpAddress: String?
        /// `Primary` for the instance's main ENI, `Secondary` for an added one.
        public var type: String?
        /// The ENI's private IPv4 addresses.
        @ECSList<PrivateIpSet, ECSListItem.PrivateIpSet> public var privateIpSets: [PrivateIpSet] = []
        /// The ENI's IPv6 addresses; reported only when `NETWORK_PRIMARY_ENI_IP` is among the requested attributes.
        @ECSList<Ipv6Set, ECSListItem.Ipv6Set> public var ipv6Sets: [Ipv6Set] = []
        /// The IPv4 prefixes (address ranges) assigned to the ENI.
        @ECSList<Ipv4PrefixSet, ECSListItem.Ipv4PrefixSet> public var ipv4PrefixSets: [Ipv4PrefixSet] = []
        /// The IPv6 prefixes (address ranges) assigned to the ENI.
        @ECSList<Ipv6PrefixSet, ECSListItem.Ipv6PrefixSet> public var ipv6PrefixSets: [Ipv6PrefixSet] = []

        /// Creates an ENI description.
        public init(
            networkInterfaceId: String? = nil,
            macAddress: String? = nil,
            primaryIpAddress: String? = nil,
            type: String? = nil,
            privateIpSets: [PrivateIpSet] = [],
            ipv6Sets: [Ipv6Set] = [],
            ipv4PrefixSets: [Ipv4PrefixSet] = [],
            ipv6PrefixSets: [Ipv6PrefixSet] = []
        ) {
            self.networkInterfaceId = networkInterfaceId
            self.macAddress = macAddress
            self.primaryIpAddress = primaryIpAddress
            self.type = type
            self.privateIpSets = privateIpSets
            self.ipv6Sets = ipv6Sets
            self.ipv4PrefixSets = ipv4PrefixSets
            self.ipv6PrefixSets = ipv6PrefixSets
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case networkInterfaceId = "NetworkInterfaceId"
            case macAddress = "MacAddress"
            case primaryIpAddress = "PrimaryIpAddress"
            case type = "Type"
            case privateIpSets = "PrivateIpSets"
            case ipv6Sets = "Ipv6Sets"
            case ipv4PrefixSets = "Ipv4PrefixSets"
            case ipv6PrefixSets = "Ipv6PrefixSets"
        }
    }
}

extension ECSInstance.NetworkInterface {
    /// One private IPv4 address of an ENI (`PrivateIpSets.PrivateIpSet[]`).
    public struct PrivateIpSet: Codable, Sendable, Hashable {
        /// Whether this is the ENI's primary private address.
        public var primary: Bool?
        /// The internal DNS name that resolves to this address.
        public var privateDnsName: String?
        /// The private IPv4 address.
        public var privateIpAddress: String?

        /// Creates a private address entry.
        public init(primary: Bool? = nil, privateDnsName: String? = nil, privateIpAddress: String? = nil) {
            self.primary = primary
            self.privateDnsName = privateDnsName
            self.privateIpAddress = privateIpAddress
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case primary = "Primary"
            case privateDnsName = "PrivateDnsName"
            case privateIpAddress = "PrivateIpAddress"
        }
    }

    /// One IPv6 address of an ENI (`Ipv6Sets.Ipv6Set[]`).
    public struct Ipv6Set: Codable, Sendable, Hashable {
        /// The IPv6 address.
        public var ipv6Address: String?
        /// Whether this is the ENI's primary IPv6 address.
        public var primary: Bool?

        /// Creates an IPv6 address entry.
        public init(ipv6Address: String? = nil, primary: Bool? = nil) {
            self.ipv6Address = ipv6Address
            self.primary = primary
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case ipv6Address = "Ipv6Address"
            case primary = "Primary"
        }
    }

    /// One IPv4 prefix assigned to an ENI (`Ipv4PrefixSets.Ipv4PrefixSet[]`).
    public struct Ipv4PrefixSet: Codable, Sendable, Hashable {
        /// The prefix in CIDR notation, e.g. `192.168.1.32/28`.
        public var ipv4Prefix: String?

        /// Creates an IPv4 prefix entry.
        public init(ipv4Prefix: String? = nil) {
            self.ipv4Prefix = ipv4Prefix
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case ipv4Prefix = "Ipv4Prefix"
        }
    }

    /// One IPv6 prefix assigned to an ENI (`Ipv6PrefixSets.Ipv6PrefixSet[]`).
    public struct Ipv6PrefixSet: Codable, Sendable, Hashable {
        /// The prefix in CIDR notation, e.g. `2001:db8::/80`.
        public var ipv6Prefix: String?

        /// Creates an IPv6 prefix entry.
        public init(ipv6Prefix: String? = nil) {
            self.ipv6Prefix = ipv6Prefix
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case ipv6Prefix = "Ipv6Prefix"
        }
    }
}
