extension ECSInstance {
    /// The processor layout of an instance (`CpuOptions`).
    public struct CpuOptions: Codable, Sendable, Hashable {
        /// The number of physical CPU cores.
        public var coreCount: Int?
        /// The number of threads each core runs: 2 with Hyper-Threading, 1 without.
        public var threadsPerCore: Int?
        /// The NUMA node setting; often empty.
        public var numa: String?
        /// How cores map to Hyper-Threading threads: `ContinuousCoreToHTMapping` or `DiscreteCoreToHTMapping`.
        public var topologyType: String?
        /// Whether nested virtualization is on, e.g. `enabled` or `disabled`.
        public var nestedVirtualization: String?
        /// The turbo-boost setting of the processor, e.g. `enabled` or `disabled`.
        public var turboMode: String?
        /// Whether Intel VISST (virtual speed-select) is turned on.
        public var enableVISST: Bool?
        /// Whether Intel VRDT (virtual resource director) is turned on.
        public var enableVRDT: Bool?

        /// Creates CPU options.
        public init(
            coreCount: Int? = nil,
            threadsPerCore: Int? = nil,
            numa: String? = nil,
            topologyType: String? = nil,
            nestedVirtualization: String? = nil,
            turboMode: String? = nil,
            enableVISST: Bool? = nil,
            enableVRDT: Bool? = nil
        ) {
            self.coreCount = coreCount
            self.threadsPerCore = threadsPerCore
            self.numa = numa
            self.topologyType = topologyType
            self.nestedVirtualization = nestedVirtualization
            self.turboMode = turboMode
            self.enableVISST = enableVISST
            self.enableVRDT = enableVRDT
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case coreCount = "CoreCount"
            case threadsPerCore = "ThreadsPerCore"
            case numa = "Numa"
            case topologyType = "TopologyType"
            case nestedVirtualization = "NestedVirtualization"
            case turboMode = "TurboMode"
            case enableVISST = "EnableVISST"
            case enableVRDT = "EnableVRDT"
        }
    }

    /// How the instance metadata service answers this instance (`MetadataOptions`).
    public struct MetadataOptions: Codable, Sendable, Hashable {
        /// Whether the metadata service is reachable: `enabled` or `disabled`.
        public var httpEndpoint: String?
        /// `required` when only hardened (token) mode is accepted, `optional` otherwise.
        public var httpTokens: String?
        /// The hop limit for metadata token requests; not yet in use.
        public var httpPutResponseHopLimit: Int?
        /// Whether the instance's tags are readable from the metadata service, e.g. `enabled` or `disabled`.
        public var instanceMetadataTags: String?

        /// Creates metadata options.
        public init(
            httpEndpoint: String? = nil,
            httpTokens: String? = nil,
            httpPutResponseHopLimit: Int? = nil,
            instanceMetadataTags: String? = nil
        ) {
            self.httpEndpoint = httpEndpoint
            self.httpTokens = httpTokens
            self.httpPutResponseHopLimit = httpPutResponseHopLimit
            self.instanceMetadataTags = instanceMetadataTags
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case httpEndpoint = "HttpEndpoint"
            case httpTokens = "HttpTokens"
            case httpPutResponseHopLimit = "HttpPutResponseHopLimit"
            case instanceMetadataTags = "InstanceMetadataTags"
        }
    }

    /// Settings that come from the instance's image (`ImageOptions`).
    public struct ImageOptions: Codable, Sendable, Hashable {
        /// Whether the instance's current operating system can use NVMe disks.
        public var currentOSNVMeSupported: Bool?
        /// Whether the image lets you log in as `ecs-user` rather than `root`.
        public var loginAsNonRoot: Bool?

        /// Creates image options.
        public init(currentOSNVMeSupported: Bool? = nil, loginAsNonRoot: Bool? = nil) {
            self.currentOSNVMeSupported = currentOSNVMeSupported
            self.loginAsNonRoot = loginAsNonRoot
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case currentOSNVMeSupported = "CurrentOSNVMeSupported"
            case loginAsNonRoot = "LoginAsNonRoot"
        }
    }

    /// Hibernation settings of an instance (`HibernationOptions`); an invitation-only feature.
    public struct HibernationOptions: Codable, Sendable, Hashable {
        /// Whether the instance is set up to hibernate.
        public var configured: Bool?

        /// Creates hibernation options.
        public init(configured: Bool? = nil) {
            self.configured = configured
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case configured = "Configured"
        }
    }

    /// Which internal DNS names point at the instance (`PrivateDnsNameOptions`).
    public struct PrivateDnsNameOptions: Codable, Sendable, Hashable {
        /// Whether an AAAA record maps the instance-ID name to its IPv6 address.
        public var enableInstanceIdDnsAAAARecord: Bool?
        /// Whether an A record maps the instance-ID name to its IPv4 address.
        public var enableInstanceIdDnsARecord: Bool?
        /// Whether an A record maps the IP-based name to its IPv4 address.
        public var enableIpDnsARecord: Bool?
        /// Whether a PTR (reverse) record maps its IPv4 address back to the IP-based name.
        public var enableIpDnsPtrRecord: Bool?
        /// The hostname style: `Custom`, `IpBased` or `InstanceIdBased`.
        public var hostnameType: String?

        /// Creates private DNS options.
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

    /// Security features of an instance (`SecurityOptions`).
    public struct SecurityOptions: Codable, Sendable, Hashable {
        /// Whether UEFI secure boot is on.
        public var enableSecureBoot: Bool?
        /// The trusted-computing mode, e.g. `vTPM`; empty when off.
        public var trustedSystemMode: String?
        /// The confidential-computing mode, e.g. `TDX`; empty when off.
        public var confidentialComputingMode: String?

        /// Creates security options.
        public init(enableSecureBoot: Bool? = nil, trustedSystemMode: String? = nil, confidentialComputingMode: String? = nil) {
            self.enableSecureBoot = enableSecureBoot
            self.trustedSystemMode = trustedSystemMode
            self.confidentialComputingMode = confidentialComputingMode
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case enableSecureBoot = "EnableSecureBoot"
            case trustedSystemMode = "TrustedSystemMode"
            case confidentialComputingMode = "ConfidentialComputingMode"
        }
    }

    /// Clock settings of an instance (`ClockOptions`).
    public struct ClockOptions: Codable, Sendable, Hashable {
        /// Whether Precision Time Protocol is in use, e.g. `enabled` or `disabled`.
        public var ptpStatus: String?

        /// Creates clock options.
        public init(ptpStatus: String? = nil) {
            self.ptpStatus = ptpStatus
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case ptpStatus = "PtpStatus"
        }
    }

    /// Extra details ECS reports for some instances (`AdditionalInfo`).
    public struct AdditionalInfo: Codable, Sendable, Hashable {
        /// Whether the instance runs in high-density mode on its host.
        public var enableHighDensityMode: Bool?
        /// The managed host the instance runs on, e.g. `mh-…`.
        public var managedHostId: String?
        /// The serial number of the physical node under the instance.
        public var nodeSerialNumber: String?

        /// Creates additional details.
        public init(enableHighDensityMode: Bool? = nil, managedHostId: String? = nil, nodeSerialNumber: String? = nil) {
            self.enableHighDensityMode = enableHighDensityMode
            self.managedHostId = managedHostId
            self.nodeSerialNumber = nodeSerialNumber
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case enableHighDensityMode = "EnableHighDensityMode"
            case managedHostId = "ManagedHostId"
            case nodeSerialNumber = "NodeSerialNumber"
        }
    }
}
