import AliyunECS

/// Which instances to watch: a list of IDs, or every instance carrying a tag.
public struct WatchTarget: Sendable, Hashable, CustomStringConvertible {
    enum Selection: Sendable, Hashable {
        case instances([String])
        case tag(key: String, value: String?)
    }

    let selection: Selection

    /// These instances. A poll costs one DescribeInstances call per 100 IDs.
    public static func instances(_ ids: [String]) -> WatchTarget {
        var seen = Set<String>()
        return WatchTarget(selection: .instances(ids.filter { seen.insert($0).inserted }))
    }

    /// Every instance tagged `key` (with `value`, or any value when `nil`), including instances that join
    /// later. A poll costs one DescribeInstances call, whatever the fleet's size.
    public static func tagged(key: String, value: String? = nil) -> WatchTarget {
        WatchTarget(selection: .tag(key: key, value: value))
    }

    /// The tag key of a tag-based target (`nil` for a list of IDs).
    public var tagKey: String? {
        if case .tag(let key, _) = selection { return key }
        return nil
    }

    /// Whether `instance` belongs to the target: its ID is listed, or it carries the tag.
    public func contains(_ instance: ECSInstance) -> Bool {
        switch selection {
        case .instances(let ids): ids.contains(instance.instanceId)
        case .tag(let key, let value): instance.tags.contains { $0.key == key && (value == nil || $0.value == value) }
        }
    }

    /// A short description for logs.
    public var description: String {
        switch selection {
        case .instances(let ids): "\(ids.count) instance(s)"
        case .tag(let key, let value): "instances tagged \(key)=\(value ?? "*")"
        }
    }
}
