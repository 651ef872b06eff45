import AliyunECS
import AliyunECSTesting
import Foundation
import Testing

/// TagResources and UntagResources on instances, images and snapshots, and the Tag filters of the three
/// Describe actions: what recovery's markers rely on.
@Suite("Simulator: tags and tag filters")
struct TagFilterTests {
    @Test("A marker tag on an instance is found by DescribeInstances' Tag filter, by key alone or with its value, until removed")
    func instanceMarker() async throws {
        let (region, _) = try Sim.region()
        let ids = region.addInstances(count: 3)
        let client = try Sim.client(for: region)
        _ = try await client.tagResources(TagResourcesRequest(resourceIds: [ids[1]], resourceType: "instance", tags: [ECSTag(key: "spot-recovery:seen", value: "1")]))
        let byKey = try await client.describeInstances(DescribeInstancesRequest().with { $0.tags = [ECSTag(key: "spot-recovery:seen")] })
        #expect(byKey.instances.map(\.instanceId) == [ids[1]])
        let byValue = try await client.describeInstances(DescribeInstancesRequest().with { $0.tags = [ECSTag(key: "spot-recovery:seen", value: "2")] })
        #expect(byValue.instances.isEmpty)
        _ = try await client.untagResources(UntagResourcesRequest(resourceIds: [ids[1]], resourceType: "instance").with { $0.tagKeys = ["spot-recovery:seen"] })
        #expect(try await client.describeInstances(DescribeInstancesRequest().with { $0.tags = [ECSTag(key: "spot-recovery:seen")] }).instances.isEmpty)
    }

    @Test("Snapshots tagged before their image is deleted are found again by DescribeSnapshots' Tag filter")
    func snapshotMarkerOutlivesImage() async throws {
        let (region, clock) = try Sim.region()
        let id = try #require(region.addInstances(count: 1).first)
        let client = try Sim.client(for: region)
        let imageId = try await client.createImage(CreateImageRequest().with {
            $0.instanceId = id
            $0.tags = [ECSTag(key: "spot-recovery:kind", value: "notice")]
        }).imageId
        await clock.advance(by: .seconds(200))
        let snapshotIds = region.image(imageId)?.snapshotIds ?? []
        #expect(snapshotIds.count == 1)
        _ = try await client.tagResources(TagResourcesRequest(resourceIds: snapshotIds, resourceType: "snapshot", tags: [ECSTag(key: "spot-recovery:image", value: imageId)]))
        let images = try await client.describeImages(DescribeImagesRequest().with { $0.tags = [ECSTag(key: "spot-recovery:kind", value: "notice")] })
        #expect(images.images.map(\.imageId) == [imageId])
        _ = try await client.deleteImage(DeleteImageRequest(imageId: imageId))
        let found = try await client.describeSnapshots(DescribeSnapshotsRequest().with { $0.tags = [ECSTag(key: "spot-recovery:image", value: imageId)] })
        #expect(found.snapshots.compactMap(\.snapshotId) == snapshotIds)
        #expect(found.snapshots.first?.tags == [ResourceTag(key: "spot-recovery:image", value: imageId)])
        #expect(try await client.describeImages(DescribeImagesRequest().with { $0.tags = [ECSTag(key: "spot-recovery:kind")] }).images.isEmpty)
        _ = try await client.untagResources(UntagResourcesRequest(resourceIds: snapshotIds, resourceType: "snapshot").with { $0.all = true })
        #expect(try await client.describeSnapshots(DescribeSnapshotsRequest().with { $0.tags = [ECSTag(key: "spot-recovery:image")] }).snapshots.isEmpty)
    }

    @Test("A released instance and a deleted image can no longer be tagged")
    func goneResources() async throws {
        let (region, clock) = try Sim.region()
        let id = try #require(region.addInstances(count: 1).first)
        region.scheduleInterruption(of: [id], after: .seconds(1), releaseAfter: .seconds(5))
        await clock.advance(by: .seconds(10))
        let client = try Sim.client(for: region)
        let released = await #expect(throws: ECSServiceError.self) {
            try await client.tagResources(TagResourcesRequest(resourceIds: [id], resourceType: "instance", tags: [ECSTag(key: "k", value: "v")]))
        }
        #expect(released?.code == "InvalidResourceId.NotFound")
    }
}
