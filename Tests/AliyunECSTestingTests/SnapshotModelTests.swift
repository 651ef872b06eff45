import AliyunECS
import AliyunECSTesting
import Foundation
import Testing

/// Image times from the data a snapshot copies: a disk's first snapshot is full, later ones incremental.
@Suite("Simulator: snapshot model", .timeLimit(.minutes(1)))
struct SnapshotModelTests {
    /// 40 GiB disks, half used, 10 % of the data changing per hour, copied at 2 GiB/min after 30 s: a full
    /// snapshot takes 30 + 20 / 2 × 60 = 630 s, an incremental one an hour later 30 + 2 / 2 × 60 = 90 s.
    static func configuration(spread: Double = 0, failureRate: Double = 0, seed: UInt64 = 0x5EED) -> SimulatedRegionConfiguration {
        SimulatedRegionConfiguration(
            seed: seed,
            snapshotModel: SimulatedSnapshotModel(
                usedFraction: 0.5, changedFractionPerHour: 0.1, throughputGiBPerMinute: 2, overhead: .seconds(30), spread: spread,
                failureRate: failureRate),
            systemDiskSizeGiB: 40)
    }

    static func image(of instanceId: String, named name: String, with client: ECSClient) async throws -> String {
        try await client.createImage(CreateImageRequest().with {
            $0.instanceId = instanceId
            $0.imageName = name
        }).imageId
    }

    @Test("The first image of a disk copies its used data; one made an hour after it completed copies only what changed")
    func fullThenIncremental() async throws {
        let (region, clock) = try Sim.region(Self.configuration())
        let id = try #require(region.addInstances(count: 1).first)
        let client = try region.makeClient(retryPolicy: .none)
        let start = clock.now
        let first = try await Self.image(of: id, named: "first", with: client)
        #expect(region.image(first)?.availableAt == start.plus(630))
        #expect(region.snapshots.first?.copiedGiB == 20)

        await clock.advance(to: start.plus(3600))
        let second = try await Self.image(of: id, named: "second", with: client)
        let secondImage = try #require(region.image(second))
        #expect(abs(secondImage.availableAt.timeIntervalSince(start.plus(3600)) - 90) < 1e-6, "2 GiB changed since the first snapshot began")
        #expect(abs((region.snapshots.last?.copiedGiB ?? 0) - 2) < 1e-9)
    }

    @Test("An image started while the disk's first snapshot is still being made is full too")
    func unfinishedSnapshotIsNoBase() async throws {
        let (region, clock) = try Sim.region(Self.configuration())
        let id = try #require(region.addInstances(count: 1).first)
        let client = try region.makeClient(retryPolicy: .none)
        _ = try await Self.image(of: id, named: "first", with: client)
        await clock.advance(by: .seconds(600))
        let start = clock.now
        let second = try await Self.image(of: id, named: "second", with: client)
        #expect(region.image(second)?.availableAt == start.plus(630))
    }

    @Test("Once a disk's snapshots are deleted, its next image is full again; a disk made from an image starts its own chain")
    func chainsBelongToDisks() async throws {
        let (region, clock) = try Sim.region(Self.configuration())
        let id = try #require(region.addInstances(count: 1).first)
        let client = try region.makeClient(retryPolicy: .none)
        let first = try await Self.image(of: id, named: "first", with: client)
        await clock.advance(by: .seconds(700))

        var launch = Sim.launch(imageId: first)
        launch.spotStrategy = .spotAsPriceGo
        let copy = try #require(try await client.runInstances(launch).instanceIds.first)
        await clock.advance(by: .seconds(60))
        var start = clock.now
        let ofCopy = try await Self.image(of: copy, named: "of-copy", with: client)
        #expect(region.image(ofCopy)?.availableAt == start.plus(630), "the copy's disk is a new disk")

        let snapshot = try #require(region.image(first)?.snapshotIds.first)
        _ = try await client.deleteImage(DeleteImageRequest(imageId: first).with { $0.force = true })
        _ = try await client.deleteSnapshot(DeleteSnapshotRequest(snapshotId: snapshot))
        start = clock.now
        let again = try await Self.image(of: id, named: "again", with: client)
        #expect(region.image(again)?.availableAt == start.plus(630), "no snapshot of the disk is left to follow")
    }

    @Test("The spread and the failures are drawn per image from the seed: another region with the seed agrees, other images differ")
    func seededDraws() async throws {
        func availableTimes(seed: UInt64) async throws -> [Double] {
            let (region, clock) = try Sim.region(Self.configuration(spread: 0.5, failureRate: 0.3, seed: seed))
            let ids = region.addInstances(count: 12)
            let client = try region.makeClient(retryPolicy: .none)
            var times: [Double] = []
            for (index, id) in ids.enumerated() {
                let image = try #require(region.image(try await Self.image(of: id, named: "image-\(index)", with: client)))
                times.append((image.failsAt ?? image.availableAt).timeIntervalSince(clock.now) * (image.failsAt == nil ? 1 : -1))
            }
            return times
        }
        let first = try await availableTimes(seed: 1)
        #expect(try await availableTimes(seed: 1) == first)
        #expect(try await availableTimes(seed: 2) != first)
        #expect(Set(first).count == first.count, "each image draws its own time")
        #expect(first.contains { $0 < 0 } && first.contains { $0 > 0 }, "some fail part-way, some complete: \(first)")
    }
}
