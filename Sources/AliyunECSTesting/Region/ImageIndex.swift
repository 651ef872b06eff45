import AliyunECS

/// Where the region finds images without scanning them all: by tag, by source instance and by name, and
/// each image's place in creation order. A region that has made thousands of images (a day of hourly
/// checkpoints of a large fleet) answers a DescribeImages by tag, or checks a new image's name, in time that
/// does not grow with them.
struct ImageIndex {
    /// Image IDs by `key\0value` of each tag they carried (an image keeps its place after an untag; the
    /// caller filters on the tags it has now).
    private var byTag: [String: [String]] = [:]
    /// Image IDs by the instance they were made from.
    private var bySource: [String: [String]] = [:]
    /// How many images not deleted carry each name.
    private var liveNames: [String: Int] = [:]
    /// Each image's position in creation order.
    private(set) var position: [String: Int] = [:]

    private static func tagKey(_ key: String, _ value: String) -> String { key + "\u{0}" + value }

    /// Records a new image.
    mutating func insert(id: String, name: String?, sourceInstanceId: String?, tags: [ResourceTag]) {
        position[id] = position.count
        for tag in tags { byTag[Self.tagKey(tag.key, tag.value), default: []].append(id) }
        if let sourceInstanceId { bySource[sourceInstanceId, default: []].append(id) }
        if let name { liveNames[name, default: 0] += 1 }
    }

    /// Records tags an image gained.
    mutating func tagged(id: String, with tags: [ResourceTag]) {
        for tag in tags where !(byTag[Self.tagKey(tag.key, tag.value)]?.contains(id) ?? false) {
            byTag[Self.tagKey(tag.key, tag.value), default: []].append(id)
        }
    }

    /// Records that an image named `name` was deleted.
    mutating func deleted(name: String?) {
        guard let name, let count = liveNames[name] else { return }
        liveNames[name] = count > 1 ? count - 1 : nil
    }

    /// Whether an image not deleted carries `name`.
    func hasLiveImage(named name: String) -> Bool { liveNames[name] != nil }

    /// The images made from `instanceId`, in creation order.
    func images(of instanceId: String) -> [String] { bySource[instanceId] ?? [] }

    /// The images that may carry every one of `tags`: those that ever carried the one naming a value that the
    /// fewest images carried, in creation order (the caller checks the rest); `nil` when no tag names a value
    /// (then every image is a candidate).
    func candidates(taggedWithAll tags: [(key: String, value: String?)]) -> [String]? {
        let lists = tags.compactMap { tag in tag.value.map { byTag[Self.tagKey(tag.key, $0)] ?? [] } }
        guard let shortest = lists.min(by: { $0.count < $1.count }) else { return nil }
        return inCreationOrder(shortest)
    }

    /// `ids` (those that exist) in creation order.
    func inCreationOrder(_ ids: some Sequence<String>) -> [String] {
        ids.compactMap { id in position[id].map { (id, $0) } }.sorted { $0.1 < $1.1 }.map(\.0)
    }
}
