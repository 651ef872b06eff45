import AliyunECS
import Foundation

extension RegionState {
    mutating func tagResources(_ parameters: [String: String], now: Date) throws(SimulatedAPIError) -> TagResourcesResponse {
        let request = try decode(TagResourcesRequest.self, parameters)
        try checkRegion(request.regionId)
        try TagRules.checkTagResourcesTags(request.tags)
        let added = request.tags.map { ResourceTag(key: $0.key, value: $0.value ?? "") }
        try updateTags(of: request.resourceIds, type: request.resourceType, now: now) { tags in
            for tag in added {
                tags.removeAll { $0.key == tag.key }
                tags.append(tag)
            }
        }
        return TagResourcesResponse()
    }

    mutating func untagResources(_ parameters: [String: String], now: Date) throws(SimulatedAPIError) -> UntagResourcesResponse {
        let request = try decode(UntagResourcesRequest.self, parameters)
        try checkRegion(request.regionId)
        let keys = Set(request.tagKeys ?? [])
        try updateTags(of: request.resourceIds, type: request.resourceType, now: now) { tags in
            tags.removeAll { request.all == true || keys.contains($0.key) }
        }
        return UntagResourcesResponse()
    }

    /// Applies `change` to the tags of every resource named, or to none: a missing resource is
    /// `InvalidResourceId.NotFound`, a resource left with more than 20 tags `OperationDenied.QuotaExceed`.
    private mutating func updateTags(
        of ids: [String], type: String, now: Date, _ change: (inout [ResourceTag]) -> Void
    ) throws(SimulatedAPIError) {
        guard !ids.isEmpty else { throw .missingParameter("ResourceId") }
        guard ids.count <= 50 else {
            throw SimulatedAPIError(status: 400, code: "NumberExceed.ResourceIds", message: "The ResourceIds parameter's number is exceed , Valid : 50")
        }
        func changed(_ tags: [ResourceTag]?) throws(SimulatedAPIError) -> [ResourceTag] {
            guard var tags else {
                throw .notFound("InvalidResourceId.NotFound", "The specified ResourceIds are not found in our records.")
            }
            change(&tags)
            try TagRules.checkResourceTagCount(tags.count)
            return tags
        }
        switch type.lowercased() {
        case "instance":
            let updated = try ids.map { id throws(SimulatedAPIError) in try changed(instances[id].flatMap { $0.isReleased(at: now) ? nil : $0.tags }) }
            for (id, tags) in zip(ids, updated) { instances[id]?.tags = tags }
        case "image":
            let updated = try ids.map { id throws(SimulatedAPIError) in try changed(liveImage(id, at: now)?.tags) }
            for (id, tags) in zip(ids, updated) {
                images[id]?.tags = tags
                imageIndex.tagged(id: id, with: tags)
            }
        case "snapshot":
            let updated = try ids.map { id throws(SimulatedAPIError) in try changed(snapshots[id]?.tags) }
            for (id, tags) in zip(ids, updated) { snapshots[id]?.tags = tags }
        default:
            throw .invalidParameter("ResourceType", "is not supported by the simulator")
        }
    }
}
