extension RunInstancesRequest {
    /// Log-in settings that depend on the image (`ImageOptions.*`).
    public struct ImageOptions: Codable, Sendable, Hashable {
        /// Whether the instance lets users log in as `ecs-user` instead of `root`.
        public var loginAsNonRoot: Bool?

        /// Creates image settings.
        public init(loginAsNonRoot: Bool? = nil) {
            self.loginAsNonRoot = loginAsNonRoot
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case loginAsNonRoot = "LoginAsNonRoot"
        }
    }

    /// Clock settings of the instance (`ClockOptions.*`).
    public struct ClockOptions: Codable, Sendable, Hashable {
        /// Precision Time Protocol: `enabled` or `disabled` (the default).
        public var ptpStatus: String?

        /// Creates clock settings.
        public init(ptpStatus: String? = nil) {
            self.ptpStatus = ptpStatus
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case ptpStatus = "PtpStatus"
        }
    }

    /// The processor layout of the instance (`CpuOptions.*`).
    public struct CpuOptions: Codable, Sendable, Hashable {
        /// The number of physical CPU cores.
        public var core: Int?
        /// Deprecated; ECS ignores it.
        public var numa: String?
        /// Threads per core; `1` turns hyper-threading off. The vCPU count is ``core`` × this value.
        public var threadsPerCore: Int?
        /// How hyper-threads are numbered: `ContinuousCoreToHTMapping` or `DiscreteCoreToHTMapping`.
        public var topologyType: String?
        /// Nested virtualization. Invitation-only preview.
        public var nestedVirtualization: String?

        /// Creates CPU settings; unset values take the instance type's defaults.
        public init(
            core: Int? = nil,
            numa: String? = nil,
            threadsPerCore: Int? = nil,
            topologyType: String? = nil,
            nestedVirtualization: String? = nil
        ) {
            self.core = core
            self.numa = numa
            self.threadsPerCore = threadsPerCore
            self.topologyType = topologyType
            self.nestedVirtualization = nestedVirtualization
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case core = "Core"
            case numa = "Numa"
            case threadsPerCore = "ThreadsPerCore"
            case topologyType = "TopologyType"
            case nestedVirtualization = "NestedVirtualization"
        }
    }

    /// Trusted-computing and secure-boot settings (`SecurityOptions.*`).
    public struct SecurityOptions: Codable, Sendable, Hashable {
        /// `Enclave` to run the instance as an enclave-based confidential computing environment.
        public var confidentialComputingMode: String?
        /// `vTPM` to make the instance a trusted system, on instance families that support it.
        public var trustedSystemMode: String?
        /// Whether UEFI Secure Boot is on.
        public var enableSecureBoot: Bool?

        /// Creates security settings.
        public init(confidentialComputingMode: String? = nil, trustedSystemMode: String? = nil, enableSecureBoot: Bool? = nil) {
            self.confidentialComputingMode = confidentialComputingMode
            self.trustedSystemMode = trustedSystemMode
            self.enableSecureBoot = enableSecureBoot
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case confidentialComputingMode = "ConfidentialComputingMode"
            case trustedSystemMode = "TrustedSystemMode"
            case enableSecureBoot = "EnableSecureBoot"
        }
    }

    /// Where dedicated-host placement looks for a host (`SchedulerOptions.*`).
    public struct SchedulerOptions: Codable, Sendable, Hashable {
        /// The dedicated host cluster ECS picks a host from; applies when `tenancy` is `host`.
        public var dedicatedHostClusterId: String?

        /// Creates scheduler settings.
        public init(dedicatedHostClusterId: String? = nil) {
            self.dedicatedHostClusterId = dedicatedHostClusterId
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case dedicatedHostClusterId = "DedicatedHostClusterId"
        }
    }

    /// Which reserved capacity (elasticity assurance or capacity reservation) to launch from (`PrivatePoolOptions.*`).
    public struct PrivatePoolOptions: Codable, Sendable, Hashable {
        /// The private pool to use: the ID of the elasticity assurance or capacity reservation.
        public var id: String?
        /// `Open` (any matching open pool), `Target` (only the pool in ``id``) or `None` (no private pool).
        public var matchCriteria: String?

        /// Creates private-pool settings.
        public init(id: String? = nil, matchCriteria: String? = nil) {
            self.id = id
            self.matchCriteria = matchCriteria
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case id = "Id"
            case matchCriteria = "MatchCriteria"
        }
    }

    /// Hibernation settings (`HibernationOptions.*`).
    public struct HibernationOptions: Codable, Sendable, Hashable {
        /// Whether the instance can hibernate. Invitation-only preview.
        public var configured: Bool?

        /// Creates hibernation settings.
        public init(configured: Bool? = nil) {
            self.configured = configured
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case configured = "Configured"
        }
    }

    /// A RAM role to chain when the instance assumes roles (`Arn.N.*`). ECS does not offer this to customers yet.
    public struct Arn: Codable, Sendable, Hashable {
        /// Whom the role is assumed for. Reserved by ECS.
        public var assumeRoleFor: Int?
        /// The kind of role. Reserved by ECS.
        public var roleType: String?
        /// The role's ARN (wire name `Rolearn`).
        public var roleArn: String?

        /// Creates a role entry.
        public init(assumeRoleFor: Int? = nil, roleType: String? = nil, roleArn: String? = nil) {
            self.assumeRoleFor = assumeRoleFor
            self.roleType = roleType
            self.roleArn = roleArn
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case assumeRoleFor = "AssumeRoleFor"
            case roleType = "RoleType"
            case roleArn = "Rolearn"
        }
    }
}
