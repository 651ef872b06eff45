import AliyunECS
import Foundation
import Logging

extension SpotRecoverer {
    /// Recovers one interrupted instance, reporting each step: a stop-mode instance is started again in
    /// place when it can be; any other is imaged (the image starts at once), placed (planned meanwhile)
    /// and relaunched as a faithful copy, from the newest checkpoint when the notice image fails or cannot
    /// finish in time. An instance already released is recovered from its notice image, when there is one.
    ///
    /// It does not consult the ``ledger``: ``recover(using:options:onEvent:)`` does, so that each
    /// interruption runs once. Calling this twice for one interruption is safe all the same: the second
    /// call finds and returns what the first made.
    /// - Returns: How it was recovered, or `nil` when the recovery failed (a `failed` event says why and
    ///   at which step).
    /// - Throws: `CancellationError` only: a cancelled recovery ends, it does not fail.
    @discardableResult
    public func recoverInstance(
        _ notice: RecyclingNotice, options: RecoveryOptions = RecoveryOptions(),
        report: @escaping @Sendable (RecoveryEvent) -> Void = { _ in }
    ) async throws -> RecoveryOutcome? {
        try await recoverInstance(notice, options: options, report: report, gate: nil)
    }

    /// ``recoverInstance(_:options:report:)`` whose long steps (waiting for the image and relaunching) take a
    /// slot of `gate` first. The first steps never wait for a slot:
    /// CreateImage goes out (and a stop-mode instance is marked) as soon as the interruption is seen,
    /// however many recoveries run, or the source could be released before its image is asked for.
    func recoverInstance(
        _ notice: RecyclingNotice, options: RecoveryOptions, report: @escaping @Sendable (RecoveryEvent) -> Void, gate: RecoverySlots?
    ) async throws -> RecoveryOutcome? {
        let instanceId = notice.instanceId
        let emit = emitter(for: instanceId, report: report)
        return try await reportingFailure(instanceId, emit) {
            // The description decides the path and the interruption's identity; a notice without one (from
            // the instance's metadata) costs one read before anything else.
            let described: ECSInstance? = if let instance = notice.instance, InterruptionIdentity(instance) != nil {
                instance
            } else {
                try await describe(instanceId, failure: .sourceUnknown, step: .describingSource)
            }
            guard let source = described, let identity = InterruptionIdentity(source) else {
                if let unfinished = try await findUnfinishedRecovery(ofReleased: instanceId) {
                    return try await gate.whileHolding { try await resumeUnreported(unfinished, options: options, emit: emit) }
                }
                throw SpotRecoveryError(
                    kind: .sourceUnknown, message: "The instance is gone and no notice image of it waits for a replacement",
                    instanceId: instanceId, step: .describingSource)
            }
            let specification = await specifications.specification(for: source)
            let timing = NoticeTiming(noticedAt: notice.markedAt ?? notice.detectedAt, terminationTime: notice.terminationTime)
            if options.stopMode.restartInPlace, source.spotInterruptionBehavior == .stop {
                return try await recoverStopped(
                    identity, source: source, specification: specification, timing: timing, options: options, emit: emit, gate: gate)
            }
            return .relaunched(try await recoverTerminated(
                identity, specification: specification, timing: timing, options: options, disksOutliveRelease: false, emit: emit, gate: gate))
        }
    }

    /// Finishes a recovery cut short after its source is gone: waits for its notice image (or falls back
    /// to the newest checkpoint), relaunches a copy of the source, tags the image as replaced, prunes.
    /// - Returns: The relaunch, or `nil` when it failed (a `failed` event says why).
    /// - Throws: `CancellationError` only.
    @discardableResult
    public func resume(
        _ unfinished: UnfinishedRecovery, options: RecoveryOptions = RecoveryOptions(),
        report: @escaping @Sendable (RecoveryEvent) -> Void = { _ in }
    ) async throws -> RecoveryOutcome? {
        try await resume(unfinished, options: options, report: report, gate: nil)
    }

    /// ``resume(_:options:report:)`` in a slot of `gate`.
    func resume(
        _ unfinished: UnfinishedRecovery, options: RecoveryOptions, report: @escaping @Sendable (RecoveryEvent) -> Void, gate: RecoverySlots?
    ) async throws -> RecoveryOutcome? {
        let emit = emitter(for: unfinished.identity.instanceId, report: report)
        return try await reportingFailure(unfinished.identity.instanceId, emit) {
            try await gate.whileHolding { try await resumeUnreported(unfinished, options: options, emit: emit) }
        }
    }

    private func resumeUnreported(
        _ unfinished: UnfinishedRecovery, options: RecoveryOptions, emit: @escaping @Sendable (RecoveryEvent.Kind) -> Void
    ) async throws -> RecoveryOutcome {
        let identity = unfinished.identity
        guard let specification = unfinished.specification else {
            throw SpotRecoveryError(
                kind: .sourceUnknown, message: "The notice image carries no launch specification and the journal holds none",
                instanceId: identity.instanceId, imageId: unfinished.image.imageId, step: .describingSource)
        }
        if !specification.unknown.isEmpty {
            logger.warning("Resuming without part of the source's specification", metadata: [
                "spot.instance": "\(identity.instanceId)", "spot.unknown": "\(specification.unknown.sorted().joined(separator: ","))",
            ])
        }
        emit(.resuming(imageId: unfinished.image.imageId))
        let timing = NoticeTiming(noticedAt: unfinished.noticedAt ?? unfinished.image.creationTime ?? clock.now, terminationTime: nil)
        return .relaunched(try await recoverFromImage(
            identity, specification: specification, request: .success(unfinished.image.imageId), timing: timing, options: options,
            disksOutliveRelease: false, emit: emit))
    }

    private func emitter(for instanceId: String, report: @escaping @Sendable (RecoveryEvent) -> Void) -> @Sendable (RecoveryEvent.Kind) -> Void {
        let clock = clock
        return { report(RecoveryEvent(time: clock.now, instanceId: instanceId, kind: $0)) }
    }

    /// Runs a recovery; a failure becomes a `failed` event and `nil`, cancellation passes through.
    private func reportingFailure(
        _ instanceId: String, _ emit: @Sendable (RecoveryEvent.Kind) -> Void, _ body: () async throws -> RecoveryOutcome
    ) async throws -> RecoveryOutcome? {
        do {
            return try await body()
        } catch let error as CancellationError {
            throw error
        } catch let error as SpotRecoveryError {
            emit(.failed(error))
        } catch {
            emit(.failed(SpotRecoveryError(kind: .launchFailed, message: "Recovery failed", instanceId: instanceId, underlying: error)))
        }
        return nil
    }

    /// When an interruption was noticed, and when ECS said it would release the instance.
    struct NoticeTiming: Sendable {
        var noticedAt: Date
        var terminationTime: Date?
    }

    /// Stop mode: restart in place; past the deadline, image the stopped instance and relaunch elsewhere.
    private func recoverStopped(
        _ identity: InterruptionIdentity, source: ECSInstance, specification: LaunchSpecification, timing: NoticeTiming,
        options: RecoveryOptions, emit: @escaping @Sendable (RecoveryEvent.Kind) -> Void, gate: RecoverySlots?
    ) async throws -> RecoveryOutcome {
        // The lock goes once the instance stops: leave the evidence where every replica and restart sees it.
        if source.isMarkedForRecycling, !Self.carriesInterruptionMark(source) { await markInterrupted(identity) }
        // No slot for waiting and StartInstance: cheap sleeps and one call, and the wait for the stop is what
        // tells an event's sender the recovery is recorded. The image and relaunch below take one.
        let released: Bool
        switch try await restartInPlace(identity, options: options.stopMode, report: emit) {
        case .restarted(let status):
            return .restartedInPlace(instanceId: identity.instanceId, status: status)
        case .deadlinePassed(let code):
            emit(.restartAbandoned(reason: "StartInstance kept answering \(code ?? "no"); deadline passed"))
            released = false
        case .released:
            emit(.restartAbandoned(reason: "the instance was released instead of stopped"))
            released = true
        }
        return .relaunched(try await recoverTerminated(
            identity, specification: specification, timing: timing, options: options, disksOutliveRelease: !released, emit: emit, gate: gate))
    }

    /// Image (from detection), then ``recoverFromImage(_:specification:request:timing:options:disksOutliveRelease:emit:)``.
    private func recoverTerminated(
        _ identity: InterruptionIdentity, specification: LaunchSpecification, timing: NoticeTiming, options: RecoveryOptions,
        disksOutliveRelease: Bool, emit: @escaping @Sendable (RecoveryEvent.Kind) -> Void, gate: RecoverySlots?
    ) async throws -> Relaunch {
        let requested = await Result {
            try await requestImage(
                identity: identity, specification: specification, noticedAt: timing.noticedAt, options: options.snapshot,
                keptTagKeys: options.relaunch.keptTagKeys)
        }
        if case .success(let imageId) = requested { emit(.imageRequested(imageId: imageId)) }
        return try await gate.whileHolding {
            try await recoverFromImage(
                identity, specification: specification, request: requested, timing: timing, options: options,
                disksOutliveRelease: disksOutliveRelease, emit: emit)
        }
    }

    /// Wait for the notice image while the placement is planned; fall back to the newest checkpoint when
    /// the image will not do; relaunch a copy of the source; mark the image as replaced; prune.
    private func recoverFromImage(
        _ identity: InterruptionIdentity, specification: LaunchSpecification, request requested: Result<String, any Error>,
        timing: NoticeTiming, options: RecoveryOptions, disksOutliveRelease: Bool, emit: @escaping @Sendable (RecoveryEvent.Kind) -> Void
    ) async throws -> Relaunch {
        let instanceId = identity.instanceId
        // Plan while the image is made: the market queries never hold up CreateImage.
        async let plannedPlacement: PlacementPlan? = plan(for: specification, instanceId: instanceId, options: options.relaunch)
        // Whether a checkpoint exists decides how long the notice image is worth waiting for: without one,
        // abandoning the image at the release would leave nothing to relaunch from.
        let checkpoint = options.checkpointFallback ? await newestCheckpointIfAny(of: instanceId) : nil

        var image: ECSImage?
        var abandoned: SpotRecoveryError?
        switch requested {
        case .success(let imageId):
            let waitStarted = clock.now
            let shortDeadline = checkpoint != nil && !disksOutliveRelease
            do {
                image = try await waitForImage(
                    imageId, sourceInstanceId: instanceId, options: options.snapshot,
                    deadline: { [self] seen in
                        let longest = waitStarted.addingTimeInterval(options.snapshot.timeout.inSeconds)
                        guard shortDeadline else { return longest }
                        return min(longest, releaseDeadline(timing: timing, image: seen, options: options))
                    }, onProgress: { progress in emit(.imageProgress(progress)) })
            } catch let error as SpotRecoveryError where checkpoint != nil && (error.kind == .imageFailed || error.kind == .imageTimedOut) {
                abandoned = error
            }
        case .failure(let error):
            guard checkpoint != nil, let failure = error as? SpotRecoveryError else { throw error }
            abandoned = failure
        }
        let noticeImageId = try? requested.get()
        if let image {
            emit(.imageAvailable(image))
        } else if let checkpoint {
            emit(.noticeImageAbandoned(reason: abandoned.map { "\($0.kind): \($0.message)" } ?? "no image"))
            emit(.usingCheckpoint(checkpoint))
            image = checkpoint
        }
        guard let image else {
            throw abandoned ?? SpotRecoveryError(kind: .imageFailed, message: "No image to relaunch from", instanceId: instanceId, step: .waitingForImage)
        }
        var plan = try await plannedPlacement
        // A plan made while the image was being made may be an hour old by now: stock and prices move.
        if let made = plan, let policy = options.relaunch.plannedPlacement,
           clock.now.timeIntervalSince(made.madeAt) > policy.cacheLifetime.inSeconds {
            plan = try await self.plan(for: specification, instanceId: instanceId, options: options.relaunch, noteInterruption: false)
        }
        if let plan { emit(.planned(plan)) }
        let relaunch = try await relaunchPatiently(
            from: image.imageId, identity: identity, specification: specification, options: options.relaunch, plan: plan, emit: emit)
        emit(.relaunched(relaunch))
        if let noticeImageId { await markReplaced(noticeImageId, by: relaunch.instanceId) }
        if let retention = options.retention {
            do {
                emit(.pruned(try await prune(sourceInstanceId: instanceId, retention: retention)))
            } catch let error as CancellationError {
                throw error
            } catch {
                // The replacement runs; old images are tried again at the next prune.
                logger.warning("Pruning after the relaunch failed", metadata: ["spot.instance": "\(instanceId)", "spot.error": "\(error)"])
            }
        }
        return relaunch
    }

    /// ``relaunch(from:identity:specification:options:plan:sourceInstanceId:)``, tried again while every
    /// candidate is out of capacity, up to ``RelaunchOptions/capacityRetryTimeout``: the image is there, and
    /// stock comes back (a reclaimed zone is often short for a while). Each round plans again when there
    /// is a planner.
    private func relaunchPatiently(
        from imageId: String, identity: InterruptionIdentity, specification: LaunchSpecification, options: RelaunchOptions,
        plan: PlacementPlan?, emit: @Sendable (RecoveryEvent.Kind) -> Void
    ) async throws -> Relaunch {
        let deadline = clock.now.addingTimeInterval(options.capacityRetryTimeout.inSeconds)
        var wait = Duration.seconds(30)
        var plan = plan
        while true {
            do {
                return try await relaunch(from: imageId, identity: identity, specification: specification, options: options, plan: plan)
            } catch let error as SpotRecoveryError where error.kind == .noCapacity {
                let retryAt = clock.now.addingTimeInterval(wait.inSeconds)
                guard retryAt <= deadline else { throw error }
                let codes = Set(error.attempts.compactMap { attempt -> String? in
                    if case .capacityShortage(let code) = attempt.outcome { return code }
                    return nil
                })
                emit(.relaunchDeferred(reason: codes.isEmpty ? "every candidate cooling down" : codes.sorted().joined(separator: ", "), retryAt: retryAt))
                // The wait gives the recovery's slot back: another recovery may have a zone with stock.
                try await RecoverySlots.givingBackHeldSlot { try await clock.sleep(for: wait) }
                wait = min(wait * 2, .seconds(300))
                plan = try await self.plan(for: specification, instanceId: identity.instanceId, options: options, noteInterruption: false)
                if let plan { emit(.planned(plan)) }
            }
        }
    }

    /// Shortly after the expected release (past it the disks go, and an unfinished image with them): the
    /// notice's termination time, else the earliest sighting (this recoverer's, or the one the image's
    /// tags record for whoever requested it first) plus the notice period, plus the grace.
    private func releaseDeadline(timing: NoticeTiming, image: ECSImage?, options: RecoveryOptions) -> Date {
        var noticed = timing.noticedAt
        if let text = image?.tags.first(where: { $0.key == Self.noticedTagKey })?.value, let seconds = Double(text) {
            noticed = min(noticed, Date(timeIntervalSince1970: seconds))
        }
        let release = timing.terminationTime ?? noticed.addingTimeInterval(options.interruptionNotice.inSeconds)
        return release.addingTimeInterval(options.checkpointFallbackGrace.inSeconds)
    }

    /// The newest checkpoint, or `nil` (also when it cannot be listed: said in the log).
    private func newestCheckpointIfAny(of instanceId: String) async -> ECSImage? {
        do {
            return try await newestCheckpoint(of: instanceId)
        } catch {
            logger.warning("Checkpoints could not be listed; recovering without the fallback", metadata: [
                "spot.instance": "\(instanceId)", "spot.error": "\(error)",
            ])
            return nil
        }
    }

    /// Records on the notice image that its replacement runs, so that reconciliation leaves it alone even
    /// once that replacement is itself gone. A failure is logged: the replacement's own tags still tell.
    private func markReplaced(_ imageId: String, by replacementId: String) async {
        let request = TagResourcesRequest(resourceIds: [imageId], resourceType: "image", tags: [ECSTag(key: Self.replacementTagKey, value: replacementId)])
        do {
            _ = try await client.tagResources(request)
        } catch {
            logger.warning("Could not mark the notice image as replaced", metadata: ["spot.image": "\(imageId)", "spot.error": "\(error)"])
        }
    }

    /// A placement plan, when the options ask for one; the interrupted zone and type sit out first.
    private func plan(
        for specification: LaunchSpecification, instanceId: String, options: RelaunchOptions, noteInterruption: Bool = true
    ) async throws -> PlacementPlan? {
        guard let policy = options.plannedPlacement else { return nil }
        let planner = await planner(for: policy)
        if noteInterruption, let zone = specification.zoneId, let type = specification.instanceType {
            await planner.noteInterruption(zoneId: zone, instanceType: type)
        }
        do {
            return try await planner.plan(fallbackTypes: specification.instanceType.map { [$0] } ?? [], logger: logger)
        } catch let error as CancellationError {
            throw error
        } catch {
            throw SpotRecoveryError(kind: .noCapacity, message: "Planning failed", instanceId: instanceId, underlying: error, step: .planning)
        }
    }
}
