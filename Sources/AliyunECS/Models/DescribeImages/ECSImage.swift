import Foundation

/// One image as DescribeImages reports it (`Images.Image[]`).
///
/// Only ``imageId`` is always present. Every other field is optional or an empty list, because ECS
/// omits some fields, reports others as empty strings, and adds new ones over time.
public struct ECSImage: Codable, Sendable, Hashable {
    // MARK: Identity

    /// The image's ID, e.g. `m-bp1…`.
    public var imageId: String
    /// The image's display name.
    public var imageName: String?
    /// The free-text description given to the image.
    public var description: String?
    /// The image family the image belongs to; empty when none.
    public var imageFamily: String?
    /// The version label of the image.
    public var imageVersion: String?
    /// The resource group the image belongs to.
    public var resourceGroupId: String?
    /// The tags attached to the image.
    @ECSList<ResourceTag, ECSListItem.Tag> public var tags: [ResourceTag] = []

    // MARK: State

    /// The image's state, e.g. `Creating` or `Available`.
    public var status: ImageStatus?
    /// How far creation has got, as ECS writes it, e.g. `45%`; see ``progressPercent``.
    public var progress: String?
    /// When the image was created.
    public var creationTime: Date?
    /// Whether the image can launch instances right now.
    public var usable: Bool?
    /// Whether instances use the image: `instance` (in use) or `none`.
    public var usage: String?
    /// The result of the check ECS ran on the image.
    public var detectionOptions: DetectionOptions?

    // MARK: Contents

    /// The image size, in GiB.
    public var size: Int?
    /// The disks the image is made of, each backed by a snapshot.
    @ECSList<DiskDeviceMapping, ECSListItem.DiskDeviceMapping> public var diskDeviceMappings: [DiskDeviceMapping] = []
    /// The processor architecture: `i386`, `x86_64` or `arm64`.
    public var architecture: String?
    /// The firmware the image boots with: `BIOS` or `UEFI`.
    public var bootMode: String?
    /// The operating system family: `linux` or `windows`.
    public var osType: String?
    /// The operating system distribution, e.g. `Aliyun` or `Ubuntu`.
    public var platform: String?
    /// The operating system's display name, in Chinese.
    public var osName: String?
    /// The operating system's display name, in English.
    public var osNameEn: String?
    /// Capabilities the image declares, such as NVMe or metadata-service support.
    public var features: Features?
    /// The image's secure-boot support.
    public var secureBootOptions: SecureBootOptions?
    /// Whether the image supports cloud-init.
    public var isSupportCloudinit: Bool?
    /// Whether the image can run on I/O optimized instances.
    public var isSupportIoOptimized: Bool?
    /// Whether users other than root can log in to instances built from the image.
    public var loginAsNonRootSupported: Bool?

    // MARK: Ownership & sharing

    /// Where the image comes from: `system`, `self`, `others` or `marketplace`.
    public var imageOwnerAlias: String?
    /// The Alibaba Cloud account that owns the image; reported for shared and community images.
    public var imageOwnerId: Int?
    /// Whether the image was copied from another image.
    public var isCopied: Bool?
    /// Whether the image is public: an Alibaba Cloud public image or a published community image.
    public var isPublic: Bool?
    /// Whether this custom image is shared with other accounts; a string on the wire, often empty.
    public var isSelfShared: String?
    /// Whether you accepted the terms of the Marketplace product behind the image.
    public var isSubscribed: Bool?
    /// The Alibaba Cloud Marketplace product code of the image; empty for other images.
    public var productCode: String?
    /// The publisher of a community image.
    public var supplierName: String?
    /// The licence type of the image.
    public var licenseType: String?

    /// Creates an image description (useful in tests and simulators); only the ID is required.
    public init(
        imageId: String,
        imageName: String? = nil,
        description: String? = nil,
        imageFamily: String? = nil,
        imageVersion: String? = nil,
        resourceGroupId: String? = nil,
        tags: [ResourceTag] = [],
        status: ImageStatus? = nil,
        progress: String? = nil,
        creationTime: Date? = nil,
        usable: Bool? = nil,
        usage: String? = nil,
        detectionOptions: DetectionOptions? = nil,
        size: Int? = nil,
        diskDeviceMappings: [DiskDeviceMapping] = [],
        architecture: String? = nil,
        bootMode: String? = nil,
        osType: String? = nil,
        platform: String? = nil,
        osName: String? = nil,
        osNameEn: String? = nil,
        features: Features? = nil,
        secureBootOptions: SecureBootOptions? = nil,
        isSupportCloudinit: Bool? = nil,
        isSupportIoOptimized: Bool? = nil,
        loginAsNonRootSupported: Bool? = nil,
        imageOwnerAlias: String? = nil,
        imageOwnerId: Int? = nil,
        isCopied: Bool? = nil,
        isPublic: Bool? = nil,
        isSelfShared: String? = nil,
        isSubscribed: Bool? = nil,
        productCode: String? = nil,
        supplierName: String? = nil,
        licenseType: String? = nil
    ) {
        self.imageId = imageId
        self.imageName = imageName
        self.description = description
        self.imageFamily = imageFamily
        self.imageVersion = imageVersion
        self.resourceGroupId = resourceGroupId
        self.tags = tags
        self.status = status
        self.progress = progress
        self.creationTime = creationTime
        self.usable = usable
        self.usage = usage
        self.detectionOptions = detectionOptions
        self.size = size
        self.diskDeviceMappings = diskDeviceMappings
        self.architecture = architecture
        self.bootMode = bootMode
        self.osType = osType
        self.platform = platform
        self.osName = osName
        self.osNameEn = osNameEn
        self.features = features
        self.secureBootOptions = secureBootOptions
        self.isSupportCloudinit = isSupportCloudinit
        self.isSupportIoOptimized = isSupportIoOptimized
        self.loginAsNonRootSupported = loginAsNonRootSupported
        self.imageOwnerAlias = imageOwnerAlias
        self.imageOwnerId = imageOwnerId
        self.isCopied = isCopied
        self.isPublic = isPublic
        self.isSelfShared = isSelfShared
        self.isSubscribed = isSubscribed
        self.productCode = productCode
        self.supplierName = supplierName
        self.licenseType = licenseType
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case imageId = "ImageId"
        case imageName = "ImageName"
        case description = "Description"
        case imageFamily = "ImageFamily"
        case imageVersion = "ImageVersion"
        case resourceGroupId = "ResourceGroupId"
        case tags = "Tags"
        case status = "Status"
        case progress = "Progress"
        case creationTime = "CreationTime"
        case usable = "Usable"
        case usage = "Usage"
        case detectionOptions = "DetectionOptions"
        case size = "Size"
        case diskDeviceMappings = "DiskDeviceMappings"
        case architecture = "Architecture"
        case bootMode = "BootMode"
        case osType = "OSType"
        case platform = "Platform"
        case osName = "OSName"
        case osNameEn = "OSNameEn"
        case features = "Features"
        case secureBootOptions = "SecureBootOptions"
        case isSupportCloudinit = "IsSupportCloudinit"
        case isSupportIoOptimized = "IsSupportIoOptimized"
        case loginAsNonRootSupported = "LoginAsNonRootSupported"
        case imageOwnerAlias = "ImageOwnerAlias"
        case imageOwnerId = "ImageOwnerId"
        case isCopied = "IsCopied"
        case isPublic = "IsPublic"
        case isSelfShared = "IsSelfShared"
        case isSubscribed = "IsSubscribed"
        case productCode = "ProductCode"
        case supplierName = "SupplierName"
        case licenseType = "LicenseType"
    }
}
