import AliyunECS
import Foundation

/// Alibaba's Java sample, step for step, on the simulator: the baseline.
///
/// For one instance: DescribeInstances every 2 seconds until it carries the `Recycling` lock; CreateImage
/// once; sleep six minutes; DescribeImages until the image is `Available`; RunInstances from it in the
/// sample's fixed zone, vSwitch and type. The client never retries (give it a client with
/// `RetryPolicy.none`), and nothing falls back: a refused call ends the recovery.
///
/// Two readings are generous to the sample and named as such: a failed poll of the instance is skipped
/// (the published loop would stop at the null answer), and the image is looked at with every status (so a
/// failed image ends the wait instead of hiding behind DescribeImages' default `Available` filter).
struct JavaSampleFlow: Sendable {
    /// What the sample does, and how its steps ended.
    enum Step: Sendable, Hashable {
        /// The lock was seen.
        case detected(at: Date)
        /// A replacement was launched.
        case launched(instanceId: String, imageId: String)
        /// The recovery ended here.
        case failed(InterruptionTimeline.FlowFailure)
    }

    let client: ECSClient
    let clock: any ECSClock
    /// The sample's fixed placement.
    let zoneId: String
    let vSwitchId: String
    let instanceType: String
    let securityGroupId: String
    /// Tags for the replacement (the study's fleet tag, so the slot's next interruption finds it).
    let tags: [ECSTag]

    /// The sample's poll interval.
    static let pollInterval = Duration.seconds(2)
    /// The sample's sleep before its first look at the image.
    static let imageSleep = Duration.seconds(360)
    /// How often it looks again while the image is still being made (assumption: once a minute).
    static let imageRecheck = Duration.seconds(60)
    /// How long it waits for the image at most.
    static let imageTimeout = Duration.seconds(3600)

    /// Recovers `instanceId`, polling from `firstPoll` on, reporting each step. The replacement is named
    /// `name` (the sample names its instances; a name changes nothing in ECS's behaviour).
    func recover(_ instanceId: String, named name: String? = nil, firstPoll: Date, report: @Sendable (Step) -> Void) async throws {
        try await sleep(until: firstPoll, on: clock)
        while true {
            do {
                let described = try await CallPurpose.$declared.withValue(.watch) {
                    try await client.describeInstances(DescribeInstancesRequest(instanceIds: [instanceId])).instances.first
                }
                guard let described else { return }  // released without being seen: nothing more to do
                if described.isMarkedForRecycling { break }
            } catch let error as CancellationError {
                throw error
            } catch {
                // Skipped: see the type's comment.
            }
            try await clock.sleep(for: Self.pollInterval)
        }
        report(.detected(at: clock.now))

        var create = CreateImageRequest()
        create.instanceId = instanceId
        create.imageName = "java-sample-\(instanceId)"
        let imageId: String
        do {
            imageId = try await client.createImage(create).imageId
        } catch let error as CancellationError {
            throw error
        } catch {
            return report(.failed(.imageRequestRefused))
        }

        try await clock.sleep(for: Self.imageSleep)
        let giveUpAt = clock.now.addingTimeInterval(Self.imageTimeout.inSeconds)
        var look = DescribeImagesRequest()
        look.imageId = imageId
        look.status = ImageStatus.allStates
        while true {
            let image: ECSImage?
            do {
                image = try await client.describeImages(look).images.first { $0.imageId == imageId }
            } catch let error as CancellationError {
                throw error
            } catch {
                return report(.failed(.callFailed))
            }
            if image?.status == .available { break }
            if image?.status?.isFailure == true || clock.now >= giveUpAt { return report(.failed(.imageFailed)) }
            try await clock.sleep(for: Self.imageRecheck)
        }

        var launch = RunInstancesRequest()
        launch.zoneId = zoneId
        launch.vSwitchId = vSwitchId
        launch.instanceType = instanceType
        launch.imageId = imageId
        launch.securityGroupId = securityGroupId
        launch.spotStrategy = .spotAsPriceGo
        launch.spotDuration = 0
        launch.instanceChargeType = .postPaid
        launch.internetMaxBandwidthOut = 1
        launch.amount = 1
        launch.instanceName = name
        launch.tags = tags
        do {
            guard let launched = try await client.runInstances(launch).instanceIds.first else {
                return report(.failed(.callFailed))
            }
            report(.launched(instanceId: launched, imageId: imageId))
        } catch let error as CancellationError {
            throw error
        } catch let error as ECSServiceError where error.isCapacityShortage {
            report(.failed(.noCapacity))
        } catch {
            report(.failed(.callFailed))
        }
    }
}
