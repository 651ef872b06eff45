import AliyunECS
import Foundation

/// Everything the simulated region remembers. Guarded by the region's lock; mutated only by handlers
/// and by the region's setup methods.
struct RegionState {
    struct IdempotencyRecord {
        /// What the first call sent (compared without its ClientToken).
        var parameters: [String: String]
        var response: any Encodable & Sendable
    }

    struct SoldOutRule {
        var zoneId: String?
        var instanceType: String?
        var code: String
        var until: Date?
        /// What DescribeAvailableResource says meanwhile: `WithoutStock`, or `WithStock` for stale stock data.
        var reportedAs: StatusCategory = .withoutStock

        func matches(zoneId: String, instanceType: String, at time: Date) -> Bool {
            (self.zoneId == nil || self.zoneId == zoneId)
                && (self.instanceType == nil || self.instanceType == instanceType)
                && (until.map { time < $0 } ?? true)
        }
    }

    struct ImageFailureRule {
        var sourceInstanceId: String?
        var remaining: Int?
        var atFraction: Double
    }

    var configuration: SimulatedRegionConfiguration
    var generator: SeededGenerator
    var instances: [String: SimulatedInstance] = [:]
    var instanceOrder: [String] = []
    /// Instances with a scheduled interruption, in creation order: what a `LockReason` filter scans.
    var interruptedOrder: [String] = []
    /// The notice of each instance in `interruptedOrder`, at the same index (`nil` once it was started again),
    /// so that a `LockReason` filter looks closely only at instances that may be marked now.
    var interruptedWindows: [RecyclingWindow?] = []
    /// Each instance's position in `instanceOrder`.
    var creationIndex: [String: Int] = [:]
    /// The instances launched from each image, in creation order (an instance's image never changes).
    var instancesByImage: [String: [String]] = [:]
    var images: [String: SimulatedImage] = [:]
    var imageOrder: [String] = []
    /// The images by tag, source and name, so that no request scans them all.
    var imageIndex = ImageIndex()
    var snapshots: [String: SimulatedSnapshot] = [:]
    /// Snapshot IDs in creation order; deleted ones linger until compacted (look each up in `snapshots`).
    var snapshotOrder: [String] = []
    /// The snapshots of each disk that exist, by disk ID: what decides whether the next one is incremental.
    var diskSnapshots: [String: [String]] = [:]
    /// Stock categories set by hand, by `zone\0type`.
    var stock: [String: StatusCategory] = [:]
    /// Spot prices set by hand, by `zone\0type`.
    var spotPrices: [String: Double] = [:]
    /// Interruption rates set by hand, by `zone\0type`.
    var interruptionRates: [String: Double] = [:]
    /// Every interruption the region has announced, in order.
    var announcedInterruptions: [SimulatedInterruptionEvent] = []
    var vSwitches: [String: SimulatedVSwitch] = [:]
    var idempotency: [String: IdempotencyRecord] = [:]
    var seenNonces: [String: Date] = [:]
    /// The remembered nonces in arrival order, to forget the oldest first.
    var nonceArrivals = OldestFirstQueue<(nonce: String, time: Date)>()
    var soldOut: [SoldOutRule] = []
    var faults: [SimulatedFault] = []
    var imageFailures: [ImageFailureRule] = []
    var callHistory: CallHistory
    /// The JSON of described instances, reused while they do not change.
    let describedInstances = DescribedInstanceMemo()
    /// The request model decoded last, reused for a call with the same parameters.
    let decodedRequests = DecodedRequestMemo()
    var nextAddress = 10
    var interruptAfterLaunch: Duration?
    /// Each instance's user data (Base64) by instance ID, kept out of its record, which tests print.
    var userData: [String: String] = [:]
    /// The launch templates and their versions.
    var launchTemplates = LaunchTemplateStore()
    /// System events recorded by hand (``SimulatedRegion/recordSystemEvent(_:instanceId:publishedAt:notBefore:finishedAt:endingAs:reason:)``).
    var recordedSystemEvents: [SimulatedSystemEvent] = []
    /// Spot interruptions that StartInstance ended (the instance keeps only its current one), oldest first.
    var finishedInterruptions: [FinishedInterruption] = []
    /// Key pairs and RAM roles deleted by hand: a launch naming one fails as in ECS (every other name exists).
    var deletedKeyPairs: Set<String> = []
    var deletedRamRoles: Set<String> = []
    /// The answers given to actions the region does not simulate (``SimulatedRegion/stub(_:answer:)``).
    var stubbedActions: [String: StubbedAction] = [:]

    init(configuration: SimulatedRegionConfiguration) {
        self.configuration = configuration
        generator = SeededGenerator(seed: configuration.seed)
        callHistory = CallHistory(limit: configuration.callHistoryLimit)
        for vSwitch in configuration.vSwitches { vSwitches[vSwitch.id] = vSwitch }
    }

    // MARK: Identifiers

    mutating func newInstanceId() -> String { "i-bp" + generator.identifier(18) }
    mutating func newImageId() -> String { "m-bp" + generator.identifier(18) }
    mutating func newSnapshotId() -> String { "s-bp" + generator.identifier(18) }
    mutating func newRequestId() -> String { generator.requestId() }

    mutating func newPrivateAddress() -> String {
        defer { nextAddress += 1 }
        return "172.16.\(nextAddress / 250 % 250).\(nextAddress % 250 + 2)"
    }

    // MARK: Building instances and images

    /// Adds instances directly (test setup), skipping the API.
    mutating func addInstances(
        count: Int, zoneId: String?, vSwitchId: String?, instanceType: String, imageId: String,
        launch: SimulatedLaunchSpecification, namePrefix: String?, now: Date
    ) -> [String] {
        let vSwitch = resolveVSwitchForSetup(id: vSwitchId, zoneId: zoneId)
        var ids: [String] = []
        ids.reserveCapacity(count)
        for index in 0..<count {
            let id = newInstanceId()
            insert(SimulatedInstance(
                id: id, name: namePrefix.map { "\($0)-\(index)" }, vSwitch: vSwitch, instanceType: instanceType, imageId: imageId,
                launch: launch, privateIpAddress: newPrivateAddress(), createdAt: now, runningAt: now), userData: launch.userData)
            ids.append(id)
        }
        return ids
    }

    /// Adds a new instance, and its user data when it has some.
    mutating func insert(_ instance: SimulatedInstance, userData: String?) {
        var instance = instance
        if let delay = interruptAfterLaunch, instance.spotStrategy != .noSpot, instance.recyclingMarkedAt == nil {
            instance.recyclingMarkedAt = instance.createdAt.addingTimeInterval(delay.inSeconds)
            instance.releasedAt = instance.recyclingMarkedAt?.addingTimeInterval(configuration.interruptionNotice.inSeconds)
        }
        if let marked = instance.recyclingMarkedAt, let released = instance.releasedAt {
            // The newest instance: appending keeps `interruptedOrder` in creation order.
            interruptedOrder.append(instance.id)
            interruptedWindows.append(RecyclingWindow(marked: marked, released: released))
        }
        instances[instance.id] = instance
        if let userData { self.userData[instance.id] = userData }
        creationIndex[instance.id] = instanceOrder.count
        instanceOrder.append(instance.id)
        instancesByImage[instance.imageId, default: []].append(instance.id)
    }

    private mutating func resolveVSwitchForSetup(id: String?, zoneId: String?) -> SimulatedVSwitch {
        if let id, let known = vSwitches[id] { return known }
        let zone = zoneId ?? configuration.zones.first ?? "\(configuration.regionId)-a"
        if let id {
            let created = SimulatedVSwitch(id: id, zoneId: zone)
            vSwitches[id] = created
            return created
        }
        if let existing = configuration.vSwitches.first(where: { $0.zoneId == zone }) { return existing }
        let created = SimulatedVSwitch(id: "vsw-sim-\(zone)", zoneId: zone)
        vSwitches[created.id] = created
        return created
    }

    /// Schedules the `Recycling` mark and the release of instances.
    mutating func scheduleInterruption(of ids: [String], at time: Date, releaseAfter notice: Duration?) {
        let notice = notice ?? configuration.interruptionNotice
        for id in ids {
            guard var instance = instances[id] else { continue }
            instance.recyclingMarkedAt = time
            let release = time.addingTimeInterval(notice.inSeconds)
            instance.releasedAt = release
            instances[id] = instance
            let window = RecyclingWindow(marked: time, released: release)
            // An instance started again after an interruption is listed already: its entry gets the new notice.
            if let listed = interruptedOrder.firstIndex(of: id) {
                interruptedWindows[listed] = window
            } else {
                let position = creationIndex[id] ?? 0
                let insertAt = interruptedOrder.firstIndex { (creationIndex[$0] ?? 0) > position } ?? interruptedOrder.count
                interruptedOrder.insert(id, at: insertAt)
                interruptedWindows.insert(window, at: insertAt)
            }
            guard instance.spotInterruptionBehavior != .stop else { continue }
            for imageId in imageIndex.images(of: id) {
                guard let image = images[imageId] else { continue }
                let lost = Self.losingUnfinishedSnapshot(image, of: instance)
                guard lost != image else { continue }
                images[imageId] = lost
                for snapshotId in image.snapshotIds { snapshots[snapshotId]?.failsAt = lost.failsAt }
            }
        }
    }

    /// Live (not released) instances in creation order.
    func liveInstances(at time: Date) -> [SimulatedInstance] {
        instanceOrder.compactMap { id in
            guard let instance = instances[id], !instance.isReleased(at: time) else { return nil }
            return instance
        }
    }

    // MARK: Faults

    /// Consumes a `connectionLost` fault when it is the next fault that applies to `action`: such a request
    /// never reaches the region, so its signature is not checked and its nonce is not remembered.
    mutating func takeConnectionLoss(for action: String) -> Bool {
        guard let index = faults.firstIndex(where: { !$0.isLatency && $0.matches(action) && ($0.times ?? 1) > 0 }),
              case .connectionLost = faults[index].effect else {
            return false
        }
        consume(at: index)
        return true
    }

    /// Consumes and returns the first non-latency fault that applies to `action`.
    mutating func takeFault(for action: String) -> SimulatedFault? {
        guard let index = faults.firstIndex(where: { !$0.isLatency && $0.matches(action) && ($0.times ?? 1) > 0 }) else {
            return nil
        }
        let fault = faults[index]
        consume(at: index)
        return fault
    }

    /// Consumes matching latency faults and returns their total delay.
    mutating func takeLatency(for action: String) -> Duration {
        var total = Duration.zero
        var index = 0
        while index < faults.count {
            let fault = faults[index]
            if case .latency(let delay) = fault.effect, fault.matches(action), (fault.times ?? 1) > 0 {
                total += delay
                if consume(at: index) { continue }
            }
            index += 1
        }
        return total
    }

    /// Counts one use of the fault at `index`; returns `true` when it was used up and removed.
    @discardableResult
    private mutating func consume(at index: Int) -> Bool {
        guard let times = faults[index].times else { return false }
        if times <= 1 {
            faults.remove(at: index)
            return true
        }
        faults[index].times = times - 1
        return false
    }

    mutating func rememberNonce(_ nonce: String, at time: Date) {
        seenNonces[nonce] = time
        nonceArrivals.append((nonce, time))
        guard seenNonces.count > 50_000 else { return }
        // Forget the nonces older than the horizon, oldest first: each is looked at once, so a long run of
        // fresh nonces costs O(1) per request instead of a scan of every remembered nonce per request.
        let horizon = time.addingTimeInterval(-2 * configuration.maximumClockSkew.inSeconds)
        while let arrival = nonceArrivals.first, arrival.time < horizon {
            if seenNonces[arrival.nonce] == arrival.time { seenNonces[arrival.nonce] = nil }
            nonceArrivals.dropFirst()
        }
    }
}
