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
        if !Item.name.isEmpty, let container = try? decoder.container(keyedBy: AnyCodingKey.self) {
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

    /// Writes the nested form, `{"Item": […]}` (the bare array for ``ECSListItem/Bare``).
    public func encode(to encoder: any Encoder) throws {
        if Item.name.isEmpty {
            var single = encoder.singleValueContainer()
            try single.encode(wrappedValue)
            return
        }
        var container = encoder.container(keyedBy: AnyCodingKey.self)
        try container.encode(wrappedValue, forKey: AnyCodingKey(Item.name))
    }
}

extension ECSList: Equatable where Element: Equatable {}
extension ECSList: Hashable where Element: Hashable {}

extension KeyedDecodingContainer {
    /// Decodes a nested list whose key may be missing, which means an empty list.
    package func decode<Element, Item>(_ type: ECSList<Element, Item>.Type, forKey key: Key) throws -> ECSList<Element, Item> {
        try decodeIfPresent(type, forKey: key) ?? ECSList(wrappedValue: [])
    }
}

/// The singular inner keys of the lists in ECS answers; the generated members (`ECSListItem.Instance`, …)
/// are in `Generated/Shared/ECSListItem+Keys.swift`.
public enum ECSListItem {
    /// A list ECS sends bare (`"Name": […]`), not nested under a singular key.
    public enum Bare: ECSListItemKey { public static let name = "" }
}
