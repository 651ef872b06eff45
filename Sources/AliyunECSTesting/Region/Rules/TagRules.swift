import AliyunECS

/// ECS's limits on tags, with its own error codes (RunInstances, CreateImage, CreateLaunchTemplate and
/// TagResources document them; the HTTP statuses are the documented ones).
enum TagRules {
    /// The most tags a request may carry, and a resource may have.
    static let maximumCount = 20
    /// The longest key and value, in characters.
    static let maximumKeyLength = 128
    static let maximumValueLength = 128

    /// Checks the tags a creating call (RunInstances, CreateImage, CreateLaunchTemplate) attaches:
    /// at most 20 (`QuotaExceed.Tags`), unique keys, each key and value well formed.
    static func checkCreationTags(_ tags: [ECSTag]) throws(SimulatedAPIError) {
        guard tags.count <= maximumCount else {
            throw SimulatedAPIError(status: 403, code: "QuotaExceed.Tags", message: "The number of tags exceeds \(maximumCount).")
        }
        try checkEach(tags)
    }

    /// Checks the tags TagResources attaches: at most 20 in the request (`NumberExceed.Tags`), unique keys,
    /// each key and value well formed.
    static func checkTagResourcesTags(_ tags: [ECSTag]) throws(SimulatedAPIError) {
        guard tags.count <= maximumCount else {
            throw SimulatedAPIError(status: 400, code: "NumberExceed.Tags", message: "The Tags parameter's number is exceed , Valid : \(maximumCount)")
        }
        try checkEach(tags)
    }

    /// Checks the tags a resource would have after TagResources: at most 20 (`OperationDenied.QuotaExceed`).
    static func checkResourceTagCount(_ count: Int) throws(SimulatedAPIError) {
        guard count <= maximumCount else {
            throw SimulatedAPIError(status: 400, code: "OperationDenied.QuotaExceed", message: "The quota of tags on resource is beyond permitted range.")
        }
    }

    private static func checkEach(_ tags: [ECSTag]) throws(SimulatedAPIError) {
        var keys = Set<String>()
        for tag in tags {
            guard keys.insert(tag.key).inserted else {
                throw SimulatedAPIError(status: 400, code: "Duplicate.TagKey", message: "The Tag.N.Key contain duplicate key.")
            }
            guard isValidKey(tag.key) else {
                throw SimulatedAPIError(status: 400, code: "InvalidTagKey.Malformed", message: "The specified Tag.n.Key is not valid.")
            }
            guard isValidValue(tag.value ?? "") else {
                throw SimulatedAPIError(status: 400, code: "InvalidTagValue.Malformed", message: "The specified Tag.n.Value is not valid.")
            }
        }
    }

    /// Not empty, at most 128 characters, not starting with `aliyun` or `acs:`, no `http://` or `https://`.
    static func isValidKey(_ key: String) -> Bool {
        !key.isEmpty && key.count <= maximumKeyLength && !key.hasPrefix("aliyun") && !key.hasPrefix("acs:") && !containsURL(key)
    }

    /// At most 128 characters (empty is fine), no `http://` or `https://`.
    static func isValidValue(_ value: String) -> Bool {
        value.count <= maximumValueLength && !containsURL(value)
    }

    private static func containsURL(_ text: String) -> Bool {
        text.contains("http://") || text.contains("https://")
    }
}
