extension RunInstancesRequest {
    /// The system disk of the new instances (`SystemDisk.*`).
    public struct SystemDisk: Codable, Sendable, Hashable {
        /// The automatic snapshot policy to apply to the disk.
        public var autoSnapshotPolicyId: String?
        /// Whether a `cloud_auto` (ESSD AutoPL) disk may burst above its baseline performance.
        public var burstingEnabled: Bool?
        /// The disk category: `cloud_essd`, `cloud_auto`, `cloud_essd_entry`, `cloud_ssd`, `cloud_efficiency` or `cloud`.
        public var category: String?
        /// A free-text description: 2 to 256 characters, not starting with `http://` or `https://`.
        public var description: String?
        /// The disk name: 2 to 128 characters.
        public var diskName: String?
        /// The encryption algorithm. ECS does not offer this setting to customers yet.
        public var encryptAlgorithm: String?
        /// Whether the disk is encrypted; unencrypted when unset.
        public var encrypted: Bool?
        /// The KMS key to encrypt with; the account's default key is used when ``encrypted`` is `true` and this is unset.
        public var kmsKeyId: String?
        /// The ESSD performance level, `PL0` to `PL3` (`PL1` when unset); higher levels need larger disks.
        public var performanceLevel: String?
        /// Extra read/write IOPS reserved for a `cloud_auto` disk, on top of its baseline.
        public var provisionedIops: Int?
        /// The size in GiB: no smaller than the image, at most 2048.
        public var size: Int?
        /// The dedicated block storage cluster to carve the disk from.
        public var storageClusterId: String?

        /// Creates system-disk settings; unset values take the ECS defaults.
        public init(
            autoSnapshotPolicyId: String? = nil,
            burstingEnabled: Bool? = nil,
            category: String? = nil,
            description: String? = nil,
            diskName: String? = nil,
            encryptAlgorithm: String? = nil,
            encrypted: Bool? = nil,
            kmsKeyId: String? = nil,
            performanceLevel: String? = nil,
            provisionedIops: Int? = nil,
            size: Int? = nil,
            storageClusterId: String? = nil
        ) {
            self.autoSnapshotPolicyId = autoSnapshotPolicyId
            self.burstingEnabled = burstingEnabled
            self.category = category
            self.description = description
            self.diskName = diskName
            self.encryptAlgorithm = encryptAlgorithm
            self.encrypted = encrypted
            self.kmsKeyId = kmsKeyId
            self.performanceLevel = performanceLevel
            self.provisionedIops = provisionedIops
            self.size = size
            self.storageClusterId = storageClusterId
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case autoSnapshotPolicyId = "AutoSnapshotPolicyId"
            case burstingEnabled = "BurstingEnabled"
            case category = "Category"
            case description = "Description"
            case diskName = "DiskName"
            case encryptAlgorithm = "EncryptAlgorithm"
            case encrypted = "Encrypted"
            case kmsKeyId = "KMSKeyId"
            case performanceLevel = "PerformanceLevel"
            case provisionedIops = "ProvisionedIops"
            case size = "Size"
            case storageClusterId = "StorageClusterId"
        }
    }

    /// One data disk to create and attach to each new instance (`DataDisk.N.*`).
    public struct DataDisk: Codable, Sendable, Hashable {
        /// The automatic snapshot policy to apply to the disk.
        public var autoSnapshotPolicyId: String?
        /// Whether a `cloud_auto` (ESSD AutoPL) disk may burst above its baseline performance.
        public var burstingEnabled: Bool?
        /// The disk category, e.g. `cloud_essd`, `cloud_auto`, `cloud_essd_entry`, `cloud_ssd` or `cloud_efficiency`.
        public var category: String?
        /// Whether the disk is released with the instance; `true` when unset.
        public var deleteWithInstance: Bool?
        /// A free-text description: 2 to 256 characters, not starting with `http://` or `https://`.
        public var description: String?
        /// The device name, e.g. `/dev/xvdb`; ECS picks the next free one when unset.
        public var device: String?
        /// The disk name: 2 to 128 characters.
        public var diskName: String?
        /// The encryption algorithm. ECS does not offer this setting to customers yet.
        public var encryptAlgorithm: String?
        /// Whether the disk is encrypted; unencrypted when unset.
        public var encrypted: Bool?
        /// The KMS key to encrypt with; the account's default key is used when ``encrypted`` is `true` and this is unset.
        public var kmsKeyId: String?
        /// The ESSD performance level, `PL0` to `PL3` (`PL1` when unset); higher levels need larger disks.
        public var performanceLevel: String?
        /// Extra read/write IOPS reserved for a `cloud_auto` disk, on top of its baseline.
        public var provisionedIops: Int?
        /// The size in GiB; the allowed range depends on the category and performance level.
        public var size: Int?
        /// A snapshot to build the disk from; the disk then takes the snapshot's size and ``size`` is ignored.
        public var snapshotId: String?
        /// The dedicated block storage cluster to carve the disk from.
        public var storageClusterId: String?

        /// Creates a data disk; unset values take the ECS defaults.
        public init(
            autoSnapshotPolicyId: String? = nil,
            burstingEnabled: Bool? = nil,
            category: String? = nil,
            deleteWithInstance: Bool? = nil,
            description: String? = nil,
            device: String? = nil,
            diskName: String? = nil,
            encryptAlgorithm: String? = nil,
            encrypted: Bool? = nil,
            kmsKeyId: String? = nil,
            performanceLevel: String? = nil,
            provisionedIops: Int? = nil,
            size: Int? = nil,
            snapshotId: String? = nil,
            storageClusterId: String? = nil
        ) {
            self.autoSnapshotPolicyId = autoSnapshotPolicyId
            self.burstingEnabled = burstingEnabled
            self.category = category
            self.deleteWithInstance = deleteWithInstance
            self.description = description
            self.device = device
            self.diskName = diskName
            self.encryptAlgorithm = encryptAlgorithm
            self.encrypted = encrypted
            self.kmsKeyId = kmsKeyId
            self.performanceLevel = performanceLevel
            self.provisionedIops = provisionedIops
            self.size = size
            self.snapshotId = snapshotId
            self.storageClusterId = storageClusterId
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case autoSnapshotPolicyId = "AutoSnapshotPolicyId"
            case burstingEnabled = "BurstingEnabled"
            case category = "Category"
            case deleteWithInstance = "DeleteWithInstance"
            case description = "Description"
            case device = "Device"
            case diskName = "DiskName"
            case encryptAlgorithm = "EncryptAlgorithm"
            case encrypted = "Encrypted"
            case kmsKeyId = "KMSKeyId"
            case performanceLevel = "PerformanceLevel"
            case provisionedIops = "ProvisionedIops"
            case size = "Size"
            case snapshotId = "SnapshotId"
            case storageClusterId = "StorageClusterId"
        }
    }
}
