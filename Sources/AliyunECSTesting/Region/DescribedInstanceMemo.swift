import AliyunECS

/// The JSON of the instances DescribeInstances last answered with, by instance ID.
///
/// Writing an ``ECSInstance`` through `Codable` costs several microseconds (some seventy optional fields,
/// each through the encoder's generic machinery), and a fleet being watched is described again and again
/// while it does not change. An instance equal to the one remembered for its ID has the same JSON, so it is
/// written from here; any change (status, tags, name, …) makes it unequal and it is encoded afresh.
/// Touched only under the region's lock.
final class DescribedInstanceMemo {
    /// How many instances are remembered at most; past it the memo starts over.
    static let capacity = 10_000

    private var entries: [String: (instance: ECSInstance, json: [UInt8])] = [:]

    /// The JSON last written for an instance equal to `instance`, if any.
    func json(for instance: ECSInstance) -> [UInt8]? {
        guard let entry = entries[instance.instanceId], entry.instance == instance else { return nil }
        return entry.json
    }

    /// Remembers the JSON just written for `instance`.
    func remember(_ instance: ECSInstance, json: ArraySlice<UInt8>) {
        if entries.count >= Self.capacity, entries[instance.instanceId] == nil { entries.removeAll(keepingCapacity: true) }
        entries[instance.instanceId] = (instance, Array(json))
    }
}
