import AliyunECS
import AliyunECSTesting
import Foundation
import SpotRecovery

/// One strategy through the whole schedule, on a simulated region and a virtual clock of its own: the
/// fleet, the world's actions (marks, releases, shortages, events, the operator's refills) and the
/// strategy's flow run side by side until every recovery has ended.
struct StrategyRun {
    let strategy: Strategy
    let schedule: InterruptionSchedule
    /// SpotRecovery's capacity retry window, when the study overrides its default.
    let capacityRetryTimeout: Duration?

    /// The fleet's tag: replacements carry it (SpotRecovery copies the source's tags), so the watch covers them.
    static let fleetTag = ResourceTag(key: "workload", value: "recovery-study")
    static let securityGroupId = "sg-sim0001"

    /// The per-run state every part reaches.
    private struct Context: Sendable {
        let region: SimulatedRegion
        let clock: VirtualClock
        let client: ECSClient
        let recorder: CallRecorder
        let ledger: RunLedger
        let storage: StorageMeter
    }

    func run() async throws -> StrategyResult {
        let world = schedule.world
        let clock = VirtualClock(start: schedule.start)
        let region = SimulatedRegion(configuration: world.regionConfiguration(seed: schedule.seed), clock: clock)
        let recorder = CallRecorder()
        let units = SeededUnits(seed: schedule.seed ^ 0xC11E_47)
        let client = try ECSClient(
            region: region.regionId,
            credentials: StaticCredentialProvider(ECSCredentials(accessKeyId: "testid", accessKeySecret: "testsecret")),
            transport: RecordingTransport(base: region.transport, recorder: recorder, clock: clock),
            endpoint: "https://ecs.\(region.regionId).simulated.invalid",
            configuration: .init(
                retryPolicy: strategy == .javaSample ? .none : .default, clock: clock, environment: [:],
                nonceGenerator: { units.nextIdentifier(prefix: "nonce-") },
                clientTokenGenerator: { units.nextIdentifier(prefix: "token-") },
                randomUnit: { units.next() }))
        let slots = (0..<world.fleetSize).map { addFleetInstance(inSlot: $0, to: region) }
        let context = Context(
            region: region, clock: clock, client: client, recorder: recorder,
            ledger: RunLedger(slots: slots, interruptions: schedule.interruptions.count),
            storage: StorageMeter(usedGiB: Double(world.systemDiskGiB) * world.diskUsedShare))

        let adapter = SpotRecoveryAdapter(
            strategy: strategy, recoverer: SpotRecoverer(client: client), fleet: .tagged(key: Self.fleetTag.key, value: Self.fleetTag.value),
            capacityRetryTimeout: capacityRetryTimeout)
        let events = adapter.eventDetector()
        let limit = Duration.seconds(fractional: schedule.watchEnd.timeIntervalSince(schedule.start) + 6 * 3600)
        try await clock.run(timeout: limit) {
            try await withThrowingTaskGroup(of: Void.self) { background in
                background.addTask { try await CallPurpose.$declared.withValue(.checkpoint) { try await adapter.runCheckpoints() } }
                try await withThrowingTaskGroup(of: Void.self) { main in
                    main.addTask { try await drive(context, events: events) }
                    if strategy != .javaSample {
                        main.addTask {
                            try await sleep(until: schedule.watchStart, on: clock)
                            let watching = Duration.seconds(fractional: schedule.watchEnd.timeIntervalSince(clock.now))
                            try await adapter.recover(with: events, watchingFor: watching) { record($0, context) }
                        }
                    }
                    try await main.waitForAll()
                }
                background.cancelAll()
            }
        }
        return result(context)
    }

    // MARK: The world's side

    /// Plays the agenda; for the Java sample, starts a watcher for each interruption.
    private func drive(_ context: Context, events: EventRecyclingDetector?) async throws {
        var shortBursts: Set<String> = []
        try await withThrowingTaskGroup(of: Void.self) { watchers in
            for (time, action) in HarnessAgenda(schedule: schedule, deliversEvents: events != nil).entries {
                try await sleep(until: time, on: context.clock)
                switch action {
                case .shortage(let shortage):
                    context.region.setSoldOut(
                        zoneId: shortage.zoneId, instanceType: shortage.instanceType, until: shortage.end,
                        reportedAs: shortage.reportedInStock ? .withStock : .withoutStock)
                case .prepare(let interruption):
                    let victim = prepare(interruption, context)
                    if strategy == .javaSample {
                        let name = context.region.instance(victim)?.name
                        let home = WorldModel.homePool(ofSlot: interruption.slot)
                        let flow = JavaSampleFlow(
                            client: context.client, clock: context.clock, zoneId: home.zoneId, vSwitchId: home.vSwitchId,
                            instanceType: home.instanceType, securityGroupId: Self.securityGroupId,
                            tags: [ECSTag(key: Self.fleetTag.key, value: Self.fleetTag.value)])
                        let firstPoll = time.addingTimeInterval(JavaSampleFlow.pollInterval.inSeconds * interruption.pollPhase)
                        watchers.addTask {
                            try await flow.recover(victim, named: name, firstPoll: firstPoll) { record($0, of: interruption, victim: victim, context) }
                        }
                    }
                case .mark(let interruption):
                    guard let victim = context.region.instance(context.ledger.instance(inSlot: interruption.slot)) else { break }
                    // The burst leaves the zone and type it reclaimed short, perhaps; once per burst and place.
                    guard shortBursts.insert("\(interruption.burst) \(victim.zoneId) \(victim.instanceType)").inserted,
                          let shortage = schedule.burstShortage(burst: interruption.burst, zoneId: victim.zoneId, instanceType: victim.instanceType, at: time)
                    else { break }
                    context.region.setSoldOut(
                        zoneId: shortage.zoneId, instanceType: shortage.instanceType, until: shortage.end,
                        reportedAs: shortage.reportedInStock ? .withStock : .withoutStock)
                case .deliverEvent(let interruption):
                    guard let events, let victim = context.ledger.report(interruption.index).victim,
                          let event = context.region.interruptionEvent(of: victim, through: time)
                    else { break }
                    await events.submit(event.cloudMonitorPayload)
                case .refill(let interruption):
                    let current = context.ledger.instance(inSlot: interruption.slot)
                    if context.region.instance(current)?.status(at: time) != .running {
                        context.ledger.assign(addFleetInstance(inSlot: interruption.slot, to: context.region), toSlot: interruption.slot)
                    }
                case .measureStorage:
                    context.storage.measure(context.region.snapshots, at: time, over: HarnessAgenda.storageInterval)
                }
            }
            try await watchers.waitForAll()
        }
    }

    /// Chooses the victim (the slot's instance, refilled first if the slot is down) and schedules its mark
    /// and release.
    private func prepare(_ interruption: ScheduledInterruption, _ context: Context) -> String {
        var victim = context.ledger.instance(inSlot: interruption.slot)
        if context.region.instance(victim)?.status(at: context.clock.now) != .running {
            victim = addFleetInstance(inSlot: interruption.slot, to: context.region)
            context.ledger.assign(victim, toSlot: interruption.slot)
        }
        context.ledger.open(interruption.index, victim: victim, slot: interruption.slot)
        context.region.scheduleInterruption(
            of: [victim], at: interruption.markedAt,
            releaseAfter: .seconds(fractional: interruption.releasedAt.timeIntervalSince(interruption.markedAt)))
        return victim
    }

    /// A running instance for `slot` in its home pool, made without the API (the fleet at the start, or the
    /// operator's replacement of a workload no recovery brought back), named after its slot: replacements keep the
    /// name, and the simulator keys its draws on it, so each strategy's workload draws the same times.
    private func addFleetInstance(inSlot slot: Int, to region: SimulatedRegion) -> String {
        let home = WorldModel.homePool(ofSlot: slot)
        return region.addInstances(
            count: 1, zoneId: home.zoneId, vSwitchId: home.vSwitchId, instanceType: home.instanceType,
            securityGroupIds: [Self.securityGroupId], tags: [Self.fleetTag],
            spotInterruptionBehavior: strategy.usesStopMode ? .stop : .terminate, namePrefix: "slot-\(slot)")[0]
    }

    // MARK: The flows' side

    /// What SpotRecovery reported, into the ledger.
    private func record(_ fact: FlowFact, _ context: Context) {
        switch fact {
        case .detected(let instanceId, let time):
            guard let index = context.ledger.interruption(of: instanceId) else { return }
            context.ledger.update(index) { if $0.detectedAt == nil { $0.detectedAt = time } }
        case .relaunched(let instanceId, let replacement, let imageId):
            guard let index = context.ledger.interruption(of: instanceId) else { return }
            recordLaunch(of: replacement, from: imageId, for: index, context)
        case .restarted(let instanceId):
            guard let index = context.ledger.interruption(of: instanceId),
                  let running = context.region.instance(instanceId)?.runningAt else { return }
            context.ledger.update(index) { $0.resumption = .restartedInPlace(runningAt: running) }
        case .failed(let instanceId, let failure):
            guard let index = context.ledger.interruption(of: instanceId) else { return }
            context.ledger.update(index) { $0.failure = failure }
        }
    }

    /// What the Java sample reported, into the ledger.
    private func record(_ step: JavaSampleFlow.Step, of interruption: ScheduledInterruption, victim: String, _ context: Context) {
        switch step {
        case .detected(let time):
            context.ledger.update(interruption.index) { $0.detectedAt = time }
        case .launched(let replacement, let imageId):
            recordLaunch(of: replacement, from: imageId, for: interruption.index, context)
        case .failed(let failure):
            context.ledger.update(interruption.index) { $0.failure = failure }
        }
    }

    /// A replacement: what it resumes from (the image's kind and time), when it runs, and its slot.
    private func recordLaunch(of replacement: String, from imageId: String, for index: Int, _ context: Context) {
        guard let image = context.region.image(imageId), let running = context.region.instance(replacement)?.runningAt else { return }
        let isCheckpoint = image.tags.contains(ResourceTag(key: SpotRecoverer.imageKindTagKey, value: SpotRecoverer.checkpointImageKind))
        context.ledger.update(index) {
            $0.resumption = isCheckpoint
                ? .checkpoint(createdAt: image.createdAt, runningAt: running) : .noticeImage(createdAt: image.createdAt, runningAt: running)
        }
        if let slot = context.ledger.report(index).slot { context.ledger.assign(replacement, toSlot: slot) }
    }

    // MARK: Results

    private func result(_ context: Context) -> StrategyResult {
        var noticeImages: [String: [SimulatedImage]] = [:]
        let checkpointTag = ResourceTag(key: SpotRecoverer.imageKindTagKey, value: SpotRecoverer.checkpointImageKind)
        for image in context.region.images where !image.tags.contains(checkpointTag) {
            if let source = image.sourceInstanceId { noticeImages[source, default: []].append(image) }
        }
        let reports = context.ledger.allReports
        var outcomes: [InterruptionOutcome] = []
        var records: [InterruptionRecord] = []
        var markToCreateImage: [Double] = []
        var detectionToCreateImage: [Double] = []
        var eventToCreateImage: [Double] = []
        for interruption in schedule.interruptions {
            let report = reports[interruption.index]
            var timeline = InterruptionTimeline(
                markedAt: interruption.markedAt, releasedAt: interruption.releasedAt, detectedAt: report.detectedAt,
                resumption: report.resumption, failure: report.failure)
            if let victim = report.victim {
                timeline.createImageSentAt = context.recorder.firstNoticeImageRequest(of: victim, notBefore: interruption.markedAt)
                if let image = noticeImages[victim]?.first(where: { $0.createdAt >= interruption.markedAt }) {
                    let failed = image.failsAt.flatMap { $0 < image.availableAt ? $0 : nil }
                    timeline.noticeImage = .init(createdAt: image.createdAt, availableAt: failed == nil ? image.availableAt : nil, failedAt: failed)
                }
            }
            if let sent = timeline.createImageSentAt, sent <= interruption.releasedAt {
                markToCreateImage.append(sent.timeIntervalSince(interruption.markedAt))
                if let detected = timeline.detectedAt { detectionToCreateImage.append(sent.timeIntervalSince(detected)) }
                if strategy.usesEvents, let delivered = interruption.eventDeliveredAt {
                    eventToCreateImage.append(max(0, sent.timeIntervalSince(delivered)))
                }
            }
            outcomes.append(RecoveryAccounting.outcome(of: timeline))
            records.append(InterruptionRecord(index: interruption.index, slot: interruption.slot, victim: report.victim, timeline: timeline))
        }
        let watchedHours = schedule.watchEnd.timeIntervalSince(schedule.watchStart) / 3600
        let runHours = schedule.watchEnd.timeIntervalSince(schedule.start) / 3600
        // The Java sample polls every instance every 2 s, all the time; the study simulates its polls only
        // around each mark, so its watch cost is the flow's own arithmetic.
        let watchCallsPerHour = strategy == .javaSample
            ? Double(schedule.world.fleetSize) * 3600 / JavaSampleFlow.pollInterval.inSeconds
            : Double(context.recorder.count(.watch)) / max(watchedHours, 1e-9)
        return StrategyResult(
            strategy: strategy, scheduled: schedule.interruptions.count, outcomes: outcomes, records: records, markToCreateImage: markToCreateImage,
            detectionToCreateImage: detectionToCreateImage, eventToCreateImage: eventToCreateImage, recoveryCalls: context.recorder.count(.recovery),
            watchCallsPerHour: watchCallsPerHour, checkpointCallsPerHour: Double(context.recorder.count(.checkpoint)) / max(runHours, 1e-9),
            snapshotGiBHours: context.storage.gibHours, workloadHours: Double(schedule.world.fleetSize) * runHours)
    }
}

/// Sleeps on `clock` until `time` (at once when it has passed).
func sleep(until time: Date, on clock: any ECSClock) async throws {
    let wait = time.timeIntervalSince(clock.now)
    if wait > 0 { try await clock.sleep(for: .seconds(fractional: wait)) }
}
