extension CreateImageRequest {
    /// One disk of an image built from snapshots (`DiskDeviceMapping.N`).
    public struct DiskDeviceMapping: Codable, Sendable, Hashable {
        /// The device name, e.g. `/dev/xvda` for the system disk.
        public var device: String?
        /// `system` or `data`.
        public var diskType: String?
        /// The disk size in GiB.
        public var size: Int?
        /// The snapshot to build this disk from.
        public var snapshotId: String?

        /// Creates a disk mapping.
        public init(device: String? = nil, diskType: String? = nil, size: Int? = nil, snapshotId: String? = nil) {
            self.device = device
            self.diskType = diskType
            self.size = size
            self.snapshotId = snapshotId
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case device = "Device"
            case diskType = "DiskType"
            case size = "Size"
            case snapshotId = "SnapshotId"
        }
    }

    /// Features the new image declares (`Features.*`).
    public struct Features: Codable, Sendable, Hashable {
        /// The metadata-service modes the image supports: `v2` means hardened (token) mode only.
        public var imdsSupport: String?

        /// Creates a feature set.
        public init(imdsSupport: String? = nil) {
            self.imdsSupport = imdsSupport
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case imdsSupport = "ImdsSupport"
        }
    }

    /// Secure-boot settings of the new image (`SecureBootOptions.*`).
    public struct SecureBootOptions: Codable, Sendable, Hashable {
        /// Whether the image supports UEFI secure boot: `true` or `false`.
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
