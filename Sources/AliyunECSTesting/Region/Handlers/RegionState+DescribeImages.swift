import AliyunECS
import Foundation

extension RegionState {
    func describeImages(_ parameters: [String: String], now: Date) throws(SimulatedAPIError) -> DescribeImagesResponse {
        let request = try decode(DescribeImagesRequest.self, parameters)
        try checkRegion(request.regionId)
        // Without a Status filter ECS shows only available images: code waiting for a new image must ask.
        let statuses = request.status ?? [.available]
        let everyStatus = statuses.contains { $0.rawValue.uppercased() == "ALL" }
        let ids = request.imageId.map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }
        let wantedTags = request.tags ?? []
        let owner = request.imageOwnerAlias

        // Scan only the images the ID or tag filters allow, in creation order as ECS answers.
        let source = ids.map { imageIndex.inCreationOrder($0) }
            ?? imageIndex.candidates(taggedWithAll: wantedTags.map { ($0.key, $0.value) })
            ?? imageOrder
        let matching = source.compactMap { liveImage($0, at: now) }.filter { image in
            if owner != nil, owner != "self" { return false }
            if !everyStatus, !statuses.contains(image.status(at: now)) { return false }
            if let ids, !ids.contains(image.id) { return false }
            if let name = request.imageName, name != image.name { return false }
            for tag in wantedTags {
                guard image.tags.contains(where: { $0.key == tag.key && (tag.value == nil || tag.value == $0.value) }) else { return false }
            }
            return true
        }
        let pageSize = min(max(request.pageSize ?? 10, 1), 100)
        let pageNumber = max(request.pageNumber ?? 1, 1)
        let page = matching.dropFirst((pageNumber - 1) * pageSize).prefix(pageSize)
        return DescribeImagesResponse(
            images: page.map { $0.described(at: now) }, pageNumber: pageNumber, pageSize: pageSize,
            regionId: configuration.regionId, totalCount: matching.count)
    }
}
