import AliyunECS
import AliyunECSTesting
import Foundation
import Testing

/// CreateImage and DescribeImages: `Creating` with rising progress, then `Available` or `CreateFailed`.
@Suite("Simulator: images", .timeLimit(.minutes(1)))
struct ImageTests {
    @Test("A new image is Creating with rising Progress, then Available exactly after the creation time")
    func progress() async throws {
        let (region, clock) = try Sim.region(SimulatedRegionConfiguration(imageCreationDuration: .seconds(400)))
        let id = try #require(region.addInstances(count: 1).first)
        let client = try region.makeClient(retryPolicy: .none)
        let start = clock.now
        let imageId = try await client.createImage(CreateImageRequest().with {
            $0.instanceId = id
            $0.imageName = "golden"
            $0.imageDescription = "nightly"
        }).imageId
        #expect(imageId.hasPrefix("m-"))

        var seen: [Int] = []
        for step in 0..<4 {
            await clock.advance(to: start.plus(Double(step) * 100))
            let image = try #require(try await Sim.describeImage(imageId, with: client))
            #expect(image.status == .creating)
            seen.append(try #require(image.progressPercent))
        }
        #expect(seen == [0, 25, 50, 75])

        await clock.advance(to: start.plus(399))
        #expect(try await Sim.describeImage(imageId, with: client)?.status == .creating)
        await clock.advance(to: start.plus(400))
        let ready = try #require(try await Sim.describeImage(imageId, with: client))
        #expect(ready.status == .available)
        #expect(ready.progressPercent == 100)
        #expect(ready.imageName == "golden")
        #expect(ready.description == "nightly")
        #expect(ready.creationTime == start)
        #expect(region.image(imageId)?.sourceInstanceId == id)
    }

    @Test("DescribeImages without Status shows only Available images; with every state it shows Creating ones too")
    func defaultStatusFilter() async throws {
        let (region, clock) = try Sim.region()
        let id = try #require(region.addInstances(count: 1).first)
        let client = try region.makeClient(retryPolicy: .none)
        let older = try await client.createImage(CreateImageRequest().with {
            $0.instanceId = id
            $0.imageName = "older"
        }).imageId
        await clock.advance(by: .seconds(120))
        let newer = try await client.createImage(CreateImageRequest().with {
            $0.instanceId = id
            $0.imageName = "newer"
        }).imageId

        let plain = try await client.describeImages(DescribeImagesRequest())
        #expect(plain.images.map(\.imageId) == [older])
        #expect(plain.totalCount == 1)
        #expect(try await client.describeImages(DescribeImagesRequest().with {
            $0.imageId = newer
        }).images.isEmpty, "a Creating image is invisible by default")

        let every = try await client.describeImages(DescribeImagesRequest().with { $0.status = ImageStatus.allStates })
        #expect(every.images.map(\.imageId) == [older, newer])
        #expect(every.images.map(\.status) == [.available, .creating])
        let creating = try await client.describeImages(DescribeImagesRequest().with { $0.status = [.creating] })
        #expect(creating.images.map(\.imageId) == [newer])
    }

    @Test("failImages makes the next image CreateFailed part-way, with its progress frozen; later ones succeed")
    func failImages() async throws {
        let (region, clock) = try Sim.region(SimulatedRegionConfiguration(imageCreationDuration: .seconds(100)))
        let id = try #require(region.addInstances(count: 1).first)
        region.failImages(count: 1, atProgress: 0.4)
        let client = try region.makeClient(retryPolicy: .none)
        let failing = try await client.createImage(CreateImageRequest().with {
            $0.instanceId = id
            $0.imageName = "a"
        }).imageId
        let fine = try await client.createImage(CreateImageRequest().with {
            $0.instanceId = id
            $0.imageName = "b"
        }).imageId

        await clock.advance(by: .seconds(39))
        #expect(try await Sim.describeImage(failing, with: client)?.status == .creating)
        await clock.advance(by: .seconds(1))
        let failed = try #require(try await Sim.describeImage(failing, with: client))
        #expect(failed.status == .createFailed)
        #expect(failed.status?.isFailure == true)
        await clock.advance(by: .seconds(100))
        #expect(try await Sim.describeImage(failing, with: client)?.status == .createFailed)
        #expect(try await Sim.describeImage(failing, with: client)?.progressPercent == 40)
        #expect(try await Sim.describeImage(fine, with: client)?.status == .available)
        #expect(try await client.describeImages(DescribeImagesRequest().with {
            $0.status = [.createFailed]
        }).images.map(\.imageId) == [failing])
    }

    @Test("failImages(ofInstance:) only fails images of that instance")
    func failImagesOfInstance() async throws {
        let (region, clock) = try Sim.region()
        let ids = region.addInstances(count: 2)
        region.failImages(ofInstance: ids[1], count: nil, atProgress: 0)
        let client = try region.makeClient(retryPolicy: .none)
        let good = try await client.createImage(CreateImageRequest().with {
            $0.instanceId = ids[0]
            $0.imageName = "good"
        }).imageId
        let bad1 = try await client.createImage(CreateImageRequest().with {
            $0.instanceId = ids[1]
            $0.imageName = "bad1"
        }).imageId
        let bad2 = try await client.createImage(CreateImageRequest().with {
            $0.instanceId = ids[1]
            $0.imageName = "bad2"
        }).imageId
        await clock.advance(by: .seconds(200))
        #expect(try await Sim.describeImage(good, with: client)?.status == .available)
        #expect(try await Sim.describeImage(bad1, with: client)?.status == .createFailed)
        #expect(try await Sim.describeImage(bad2, with: client)?.status == .createFailed, "count: nil fails every one")
    }

    @Test("CreateImage of a missing instance is InvalidInstanceId.NotFound (404); without InstanceId it is MissingParameter")
    func missingInstance() async throws {
        let (region, _) = try Sim.region()
        let client = try region.makeClient(retryPolicy: .none)
        let error = await #expect(throws: ECSServiceError.self) {
            try await client.createImage(CreateImageRequest().with {
                $0.instanceId = "i-doesnotexist"
                $0.imageName = "x"
            })
        }
        #expect(error?.code == "InvalidInstanceId.NotFound")
        #expect(error?.httpStatus == 404)
        let missing = await #expect(throws: ECSServiceError.self) {
            try await client.createImage(CreateImageRequest().with { $0.imageName = "x" })
        }
        #expect(missing?.code == "MissingParameter")
        #expect(region.images.isEmpty)
    }

    @Test("CreateImage of a Pending instance is refused until it runs")
    func pendingInstance() async throws {
        let (region, clock) = try Sim.region()
        let client = try region.makeClient(retryPolicy: .none)
        let id = try #require(try await client.runInstances(Sim.launch()).instanceIds.first)
        let error = await #expect(throws: ECSServiceError.self) {
            try await client.createImage(CreateImageRequest().with { $0.instanceId = id; $0.imageName = "early" })
        }
        #expect(error?.code == "IncorrectInstanceStatus")
        await clock.advance(by: .seconds(20))
        _ = try await client.createImage(CreateImageRequest().with { $0.instanceId = id; $0.imageName = "early" })
        #expect(region.images.count == 1)
    }

    @Test("RunInstances from a custom image that is still Creating is refused; once Available it works")
    func launchFromCreatingImage() async throws {
        let (region, clock) = try Sim.region()
        let id = try #require(region.addInstances(count: 1).first)
        let client = try region.makeClient(retryPolicy: .none)
        let imageId = try await client.createImage(CreateImageRequest().with {
            $0.instanceId = id
            $0.imageName = "golden"
        }).imageId
        let error = await #expect(throws: ECSServiceError.self) {
            try await client.runInstances(Sim.launch(imageId: imageId))
        }
        #expect(error?.code == "IncorrectImageStatus")
        #expect(region.allInstances.count == 1)

        await clock.advance(by: .seconds(120))
        let launched = try await client.runInstances(Sim.launch(imageId: imageId))
        let launchedId = try #require(launched.instanceIds.first)
        let instance = try #require(try await Sim.describe(launchedId, with: client))
        #expect(instance.imageId == imageId)
    }

    @Test("RunInstances from a CreateFailed image is refused")
    func launchFromFailedImage() async throws {
        let (region, clock) = try Sim.region()
        let id = try #require(region.addInstances(count: 1).first)
        region.failImages()
        let client = try region.makeClient(retryPolicy: .none)
        let imageId = try await client.createImage(CreateImageRequest().with {
            $0.instanceId = id
            $0.imageName = "broken"
        }).imageId
        await clock.advance(by: .seconds(600))
        let error = await #expect(throws: ECSServiceError.self) {
            try await client.runInstances(Sim.launch(imageId: imageId))
        }
        #expect(error?.code == "IncorrectImageStatus")
    }

    @Test("DescribeImages filters by ID, name and tag, and pages by number")
    func filters() async throws {
        let (region, clock) = try Sim.region()
        let id = try #require(region.addInstances(count: 1).first)
        let client = try region.makeClient(retryPolicy: .none)
        var made: [String] = []
        for index in 0..<12 {
            let tags = index.isMultiple(of: 3) ? [ECSTag(key: "keep", value: "yes")] : nil
            made.append(try await client.createImage(CreateImageRequest().with {
                $0.instanceId = id
                $0.imageName = "img-\(index)"
                $0.tags = tags
            }).imageId)
        }
        await clock.advance(by: .seconds(120))
        #expect(try await client.describeImages(DescribeImagesRequest().with {
            $0.imageId = "\(made[1]),\(made[4])"
        }).images.map(\.imageId) == [made[1], made[4]])
        #expect(try await client.describeImages(DescribeImagesRequest().with {
            $0.imageName = "img-7"
        }).images.map(\.imageId) == [made[7]])
        #expect(try await client.describeImages(DescribeImagesRequest().with {
            $0.tags = [ECSTag(key: "keep", value: "yes")]
            $0.pageSize = 50
        }).images.map(\.imageId)
            == [made[0], made[3], made[6], made[9]])
        let page2 = try await client.describeImages(DescribeImagesRequest().with { $0.pageNumber = 2; $0.pageSize = 5 })
        #expect(page2.images.map(\.imageId) == Array(made[5..<10]))
        #expect(page2.totalCount == 12)
    }
}
