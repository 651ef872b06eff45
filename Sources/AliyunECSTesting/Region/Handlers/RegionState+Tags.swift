import AliyunECS
import Foundation

extension RegionState {
    mutating func tagResources(_ parameters: [String: String], now: Date) throws(SimulatedAPIError) -> TagResourcesResponse {
        let request = try decode(TagResourcesRequest.self, parameters)
        try checkRegion(request.regionId)
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

    private mutating func updateTags(
        of ids: [String], type: String, now: Date, _ change: (inout [ResourceTag]) -> Void
    ) throws(SimulatedAPIError) {
        guard (1...50).contains(ids.count) else { throw .invalidParameter("ResourceId", "must name 1 to 50 resources") }
        switch type.lowercased() {
        case "instance":
            for id in ids { _ = try liveInstance(id, at: now) }
            for id in ids {
                guard var instance = instances[id] else { continue }
                change(&instance.tags)
                instances[id] = instance
            }
        case "image":
            for id in ids where liveImage(id, at: now) == nil {
                throw .notFound("InvalidImageId.NotFound", "The specified image \(id) does not exist.")
            }
            for id in ids {
                guard var image = images[id] else { continue }
                change(&image.tags)
                images[id] = image
                imageIndex.tagged(id: id, with: image.tags)
            }
        case "snapshot":
            for id in ids where snapshots[id] == nil {
                throw .notFound("InvalidSnapshotId.NotFound", "The specified snapshot \(id) does not exist.")
            }
            for id in ids {
                guard var snapshot = snapshots[id] else { continue }
                change(&snapshot.tags)
                snapshots[id] = snapshot
            }
        default:
            throw .invalidParameter("ResourceType", "is not supported by the simulator")
        }
    }
}
