import AliyunECS
import AliyunECSTesting
import Foundation
import Testing

/// Images are made of snapshots that outlive them, as in ECS: the billing trap cleanups must avoid.
@Suite("Simulator: snapshots and image cleanup")
struct SnapshotLifecycleTests {
    @Test("CreateImage takes a snapshot; DeleteImage leaves it; DeleteSnapshot refuses while the image exists")
    func snapshotsOutliveImages() async throws {
        let (region, clock) = try Sim.region()
        let id = try #require(region.addInstances(count: 1).first)
        let client = try Sim.client(for: region)
        let imageId = try await client.createImage(CreateImageRequest().with { $0.instanceId = id }).imageId
        await clock.advance(by: .seconds(200))
        let image = try #require(try await Sim.describeImage(imageId, with: client))
        let snapshotId = try #require(image.diskDeviceMappings.first?.snapshotId)
        let described = try await client.describeSnapshots(DescribeSnapshotsRequest().with { $0.snapshotIds = [snapshotId] })
        #expect(described.snapshots.map(\.snapshotId) == [snapshotId])
        #expect(described.snapshots.first?.status == .accomplished && described.snapshots.first?.usage == "image")

        let refused = await #expect(throws: ECSServiceError.self) { try await client.deleteSnapshot(DeleteSnapshotRequest(snapshotId: snapshotId)) }
        #expect(refused?.code == "SnapshotCreatedImage")
        _ = try await client.deleteImage(DeleteImageRequest(imageId: imageId))
        #expect(region.liveImages.isEmpty)
        #expect(region.orphanedSnapshots.map(\.id) == [snapshotId], "DeleteImage leaves the snapshot behind, billed")
        _ = try await client.deleteSnapshot(DeleteSnapshotRequest(snapshotId: snapshotId))
        #expect(region.snapshots.isEmpty)
        let missing = await #expect(throws: ECSServiceError.self) { try await client.deleteSnapshot(DeleteSnapshotRequest(snapshotId: snapshotId)) }
        #expect(missing?.code == "InvalidSnapshotId.NotFound")
        _ = try await client.deleteImage(DeleteImageRequest(imageId: imageId))  // a missing image is ignored
    }

    @Test("An image in use refuses DeleteImage unless forced")
    func imageInUse() async throws {
        let (region, clock) = try Sim.region()
        let id = try #require(region.addInstances(count: 1).first)
        let client = try Sim.client(for: region)
        let imageId = try await client.createImage(CreateImageRequest().with { $0.instanceId = id }).imageId
        await clock.advance(by: .seconds(200))
        _ = try await client.runInstances(Sim.launch(imageId: imageId))
        let error = await #expect(throws: ECSServiceError.self) { try await client.deleteImage(DeleteImageRequest(imageId: imageId)) }
        #expect(error?.code == "ImageUsingByInstance")
        _ = try await client.deleteImage(DeleteImageRequest(imageId: imageId).with { $0.force = true })
        #expect(region.liveImages.isEmpty)
    }

    @Test("Tags can be attached to and removed from images and snapshots")
    func tags() async throws {
        let (region, _) = try Sim.region()
        let id = try #require(region.addInstances(count: 1).first)
        let client = try Sim.client(for: region)
        let imageId = try await client.createImage(CreateImageRequest().with { $0.instanceId = id }).imageId
        _ = try await client.tagResources(TagResourcesRequest(resourceIds: [imageId], resourceType: "image", tags: [ECSTag(key: "k", value: "v")]))
        #expect(region.image(imageId)?.tags == [ResourceTag(key: "k", value: "v")])
        _ = try await client.untagResources(UntagResourcesRequest(resourceIds: [imageId], resourceType: "image").with { $0.tagKeys = ["k"] })
        #expect(region.image(imageId)?.tags.isEmpty == true)
    }

    @Test("DescribeImages by tag finds an image tagged after it was made and not once untagged; a deleted image's name is free again")
    func tagFilterFollowsTagChanges() async throws {
        let (region, clock) = try Sim.region()
        let id = try #require(region.addInstances(count: 1).first)
        let client = try Sim.client(for: region)
        let imageId = try await client.createImage(CreateImageRequest().with {
            $0.instanceId = id
            $0.imageName = "nightly"
            $0.tags = [ECSTag(key: "made", value: "early")]
        }).imageId
        await clock.advance(by: .seconds(200))
        func tagged(_ key: String, _ value: String) async throws -> [String] {
            try await client.describeImages(DescribeImagesRequest().with { $0.tags = [ECSTag(key: key, value: value)] }).images.map(\.imageId)
        }
        #expect(try await tagged("made", "early") == [imageId])
        #expect(try await tagged("k", "v").isEmpty)
        _ = try await client.tagResources(TagResourcesRequest(resourceIds: [imageId], resourceType: "image", tags: [ECSTag(key: "k", value: "v")]))
        #expect(try await tagged("k", "v") == [imageId])
        _ = try await client.untagResources(UntagResourcesRequest(resourceIds: [imageId], resourceType: "image").with { $0.tagKeys = ["k"] })
        #expect(try await tagged("k", "v").isEmpty)

        let duplicate = await #expect(throws: ECSServiceError.self) {
            try await client.createImage(CreateImageRequest().with {
                $0.instanceId = id
                $0.imageName = "nightly"
            })
        }
        #expect(duplicate?.code == "InvalidImageName.Duplicated")
        _ = try await client.deleteImage(DeleteImageRequest(imageId: imageId))
        let reused = try await client.createImage(CreateImageRequest().with {
            $0.instanceId = id
            $0.imageName = "nightly"
        }).imageId
        #expect(reused != imageId)
    }
}
