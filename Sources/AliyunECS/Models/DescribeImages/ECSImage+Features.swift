extension ECSImage {
    /// Capabilities an image declares (`Features`). Each value is a string and may be empty when unknown.
    public struct Features: Codable, Sendable, Hashable {
        /// NVMe support: `supported` (instances from the image can use NVMe disks) or `unsupported`.
        public var nvmeSupport: String?
        /// The metadata-service modes supported: `v2` means hardened (token) mode only.
        public var imdsSupport: String?
        /// Whether vCPUs can be added while the instance runs.
        public var cpuOnlineUpgrade: String?
        /// Whether vCPUs can be removed while the instance runs.
        public var cpuOnlineDowngrade: String?
        /// Whether memory can be added while the instance runs.
        public var memoryOnlineUpgrade: String?
        /// Whether memory can be removed while the instance runs.
        public var memoryOnlineDowngrade: String?

        /// Creates a feature set.
        public init(
            nvmeSupport: String? = nil,
            imdsSupport: String? = nil,
            cpuOnlineUpgrade: String? = nil,
            cpuOnlineDowngrade: String? = nil,
            memoryOnlineUpgrade: String? = nil,
            memoryOnlineDowngrade: String? = nil
        ) {
            self.nvmeSupport = nvmeSupport
            self.imdsSupport = imdsSupport
            self.cpuOnlineUpgrade = cpuOnlineUpgrade
            self.cpuOnlineDowngrade = cpuOnlineDowngrade
            self.memoryOnlineUpgrade = memoryOnlineUpgrade
            self.memoryOnlineDowngrade = memoryOnlineDowngrade
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case nvmeSupport = "NvmeSupport"
            case imdsSupport = "ImdsSupport"
            case cpuOnlineUpgrade = "CpuOnlineUpgrade"
            case cpuOnlineDowngrade = "CpuOnlineDowngrade"
            case memoryOnlineUpgrade = "MemoryOnlineUpgrade"
            case memoryOnlineDowngrade = "MemoryOnlineDowngrade"
        }
    }

    /// Secure-boot support of an image (`SecureBootOptions`).
    public struct SecureBootOptions: Codable, Sendable, Hashable {
        /// Whether the image supports UEFI secure boot, as a string such as `true` or `false`.
        public var secureBootSupport: String?

        /// Creates secure-boot settings.
        public init(secureBootSupport: String? = nil) {
            self.secureBootSupport = secureBootSupport
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case secureBootSupport = "SecureBootSupport"
        }
    }
}
