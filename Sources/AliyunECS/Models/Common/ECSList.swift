/// Names the singular key under which ECS nests the elements of one kind of list.
///
/// ECS answers in XML-shaped JSON: a list of instances arrives as `{"Instances": {"Instance": […]}}`.
/// Each list property names its inner key with one of the types in ``ECSListItem``.
public protocol ECSListItemKey: Sendable {
    /// The inner key, e.g. `Instance`.
    static var name: String { get }
}

/// A list that ECS nests one level down under a singular key, exposed as a plain array.
///
/// `@ECSList<ECSInstance, ECSListItem.Instance> var instances: [ECSInstance]` reads `{"Instance": […]}` (and a bare
/// array, `{}`, `""` or a missing key, which all mean what they look like) and writes the nested form back,
/// so a model encoded with `JSONEncoder` has the exact shape ECS sends.
@propertyWrapper
public struct ECSList<Element: Codable & Sendable, Item: ECSListItemKey>: Codable, Sendable {
    /// The elements.
    public var wrappedValue: [Element]

    /// Wraps a list.
    public init(wrappedValue: [Element]) {
        self.wrappedValue = wrappedValue
    }

    /// Reads the nested or the bare form.
    public init(from decoder: any Decoder) throws {
        if let ecsDecoder = decoder as? JSONNodeDecoder {
            // Our own decoder already understands every form ECS uses.
            wrappedValue = try [Element](from: ecsDecoder)
            return
        }
        if let container = try? decoder.container(keyedBy: AnyCodingKey.self) {
            wrappedValue = try container.decodeIfPresent([Element].self, forKey: AnyCodingKey(Item.name)) ?? []
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() || (try? single.decode(String.self))?.isEmpty == true {
            wrappedValue = []
        } else {
            wrappedValue = try single.decode([Element].self)
        }
    }

    /// Writes the nested form, `{"Item": […]}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: AnyCodingKey.self)
        try container.encode(wrappedValue, forKey: AnyCodingKey(Item.name))
    }
}

extension ECSList: Equatable where Element: Equatable {}
extension ECSList: Hashable where Element: Hashable {}

extension KeyedDecodingContainer {
    /// Decodes a nested list whose key may be missing, which means an empty list.
    public func decode<Element, Item>(_ type: ECSList<Element, Item>.Type, forKey key: Key) throws -> ECSList<Element, Item> {
        try decodeIfPresent(type, forKey: key) ?? ECSList(wrappedValue: [])
    }
}

/// The singular inner keys of the lists in ECS answers.
public enum ECSListItem {
    /// `Instances.Instance[]`.
    public enum Instance: ECSListItemKey { public static let name = "Instance" }
    /// `Images.Image[]`.
    public enum Image: ECSListItemKey { public static let name = "Image" }
    /// `InstanceIdSets.InstanceIdSet[]`.
    public enum InstanceIdSet: ECSListItemKey { public static let name = "InstanceIdSet" }
    /// `OperationLocks.LockReason[]`.
    public enum LockReason: ECSListItemKey { public static let name = "LockReason" }
    /// `Tags.Tag[]`.
    public enum Tag: ECSListItemKey { public static let name = "Tag" }
    /// `SecurityGroupIds.SecurityGroupId[]`.
    public enum SecurityGroupId: ECSListItemKey { public static let name = "SecurityGroupId" }
    /// `PublicIpAddress.IpAddress[]` and the other address lists.
    public enum IpAddress: ECSListItemKey { public static let name = "IpAddress" }
    /// `NetworkInterfaces.NetworkInterface[]`.
    public enum NetworkInterface: ECSListItemKey { public static let name = "NetworkInterface" }
    /// `PrivateIpSets.PrivateIpSet[]`.
    public enum PrivateIpSet: ECSListItemKey { public static let name = "PrivateIpSet" }
    /// `Ipv6Sets.Ipv6Set[]`.
    public enum Ipv6Set: ECSListItemKey { public static let name = "Ipv6Set" }
    /// `Ipv4PrefixSets.Ipv4PrefixSet[]`.
    public enum Ipv4PrefixSet: ECSListItemKey { public static let name = "Ipv4PrefixSet" }
    /// `Ipv6PrefixSets.Ipv6PrefixSet[]`.
    public enum Ipv6PrefixSet: ECSListItemKey { public static let name = "Ipv6PrefixSet" }
    /// `DiskDeviceMappings.DiskDeviceMapping[]`.
    public enum DiskDeviceMapping: ECSListItemKey { public static let name = "DiskDeviceMapping" }
    /// `Items.Item[]`.
    public enum Item: ECSListItemKey { public static let name = "Item" }
}
