import AliyunECS
import Foundation
import Logging

extension SpotRecoverer {
    /// The whole flow for a fleet: watch, then recover every marked instance, concurrently (at most
    /// ``RecoveryOptions/maximumConcurrentRecoveries`` at once).
    ///
    /// An instance's CreateImage goes out as soon as its lock is seen; placement is planned while the image
    /// is made. An instance launched with the `Stop` behaviour is started again in place when it can be.
    /// Each step is reported as a ``RecoveryEvent``; a failure ends that instance's recovery with a `failed`
    /// event naming the step, not the stream. The stream ends when the watch ends (every instance of a fixed
    /// set reported, or the watch timeout) and every recovery under way has finished; it fails when watching
    /// itself becomes impossible, and ends with `CancellationError` when the consuming task is cancelled.
    public func recover(_ target: WatchTarget, options: RecoveryOptions = RecoveryOptions()) -> AsyncThrowingStream<RecoveryEvent, any Error> {
        recover(using: detector(for: target, options: options.watch), options: options)
    }

    /// The whole flow, with any detector (for instance the instance-metadata or the event one), as a stream.
    public func recover(using detector: some RecyclingDetector, options: RecoveryOptions = RecoveryOptions()) -> AsyncThrowingStream<RecoveryEvent, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    try await recover(using: detector, options: options) { continuation.yield($0) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// The whole flow, reporting each event to `onEvent`, in the calling task (structured: cancelling
    /// the caller stops everything and throws `CancellationError`). Returns when the watch ends and every
    /// recovery under way finished.
    public func recover(
        _ target: WatchTarget, options: RecoveryOptions = RecoveryOptions(),
        onEvent: @escaping @Sendable (RecoveryEvent) -> Void
    ) async throws {
        try await recover(using: detector(for: target, options: options.watch), options: options, onEvent: onEvent)
    }

    /// The whole flow with any detector, reporting each event to `onEvent`, in the calling task.
    public func recover(
        using detector: some RecyclingDetector, options: RecoveryOptions = RecoveryOptions(),
        onEvent: @escaping @Sendable (RecoveryEvent) -> Void
    ) async throws {
        let slots = RecoverySlots(count: options.maximumConcurrentRecoveries)
        try await withThrowingTaskGroup(of: Void.self) { group in
            try await watch(detector, options: options.watch, endsAtTimeout: true) { notices in
                for notice in notices {
                    onEvent(RecoveryEvent(time: notice.detectedAt, instanceId: notice.instanceId, kind: .detected(notice)))
                    group.addTask {
                        try await slots.acquire()
                        do {
                            try await recoverInstance(notice, options: options, report: onEvent)
                        } catch {
                            await slots.release()
                            throw error
                        }
                        await slots.release()
                    }
                }
                return true
            }
            try await group.waitForAll()
        }
    }

    /// Recovers one marked instance, reporting each step: a stop-mode instance is started again in place
    /// when it can be; any other is imaged (the image starts at once), placed (planned meanwhile) and
    /// relaunched, from the newest checkpoint when the notice image fails or cannot finish in time.
    /// - Returns: How it was recovered, or `nil` when the recovery failed (a `failed` event says why and
    ///   at which step).
    /// - Throws: `CancellationError` only: a cancelled recovery ends, it does not fail.
    @discardableResult
    public func recoverInstance(
        _ notice: RecyclingNotice, options: RecoveryOptions = RecoveryOptions(),
        report: @escaping @Sendable (RecoveryEvent) -> Void = { _ in }
    ) async throws -> RecoveryOutcome? {
        let instanceId = notice.instanceId
        let clock = clock
        let emit: @Sendable (RecoveryEvent.Kind) -> Void = { report(RecoveryEvent(time: clock.now, instanceId: instanceId, kind: $0)) }
        do {
            var notice = notice
            // Whether the instance stops or goes decides the path; a notice without a description (from the
            // instance's metadata) costs one read before anything else.
            if notice.instance == nil, options.stopMode.restartInPlace {
                notice.instance = try await describe(instanceId, failure: .sourceUnknown, step: .describingSource)
            }
            if options.stopMode.restartInPlace, let source = notice.instance, source.spotInterruptionBehavior == .stop {
                return try await recoverStopped(notice, source: source, options: options, emit: emit)
            }
            return .relaunched(try await recoverTerminated(notice, options: options, disksOutliveRelease: false, emit: emit))
        } catch let error as CancellationError {
            throw error
        } catch let error as SpotRecoveryError {
            emit(.failed(error))
        } catch {
            emit(.failed(SpotRecoveryError(kind: .launchFailed, message: "Recovery failed", instanceId: instanceId, underlying: error)))
        }
        return nil
    }

    /// Stop mode: restart in place; past the deadline, image the stopped instance and relaunch elsewhere.
    private func recoverStopped(
        _ notice: RecyclingNotice, source: ECSInstance, options: RecoveryOptions, emit: @escaping @Sendable (RecoveryEvent.Kind) -> Void
    ) async throws -> RecoveryOutcome {
        switch try await restartInPlace(notice.instanceId, options: options.stopMode, report: emit) {
        case .restarted(let status):
            return .restartedInPlace(instanceId: notice.instanceId, status: status)
        case .deadlinePassed(let code):
            emit(.restartAbandoned(reason: "StartInstance kept answering \(code ?? "no"); deadline passed"))
        case .released:
            emit(.restartAbandoned(reason: "the instance was released instead of stopped"))
        }
        var stopped = notice
        stopped.instance = stopped.instance ?? source
        return .relaunched(try await recoverTerminated(stopped, options: options, disksOutliveRelease: true, emit: emit))
    }

    /// Image (from detection), plan (meanwhile), relaunch; the newest checkpoint when the notice image will
    /// not do; prune the source afterwards.
    private func recoverTerminated(
        _ notice: RecyclingNotice, options: RecoveryOptions, disksOutliveRelease: Bool,
        emit: @escaping @Sendable (RecoveryEvent.Kind) -> Void
    ) async throws -> Relaunch {
        let instanceId = notice.instanceId
        let requested = await Result { try await requestImage(of: notice, options: options.snapshot) }
        if case .success(let imageId) = requested { emit(.imageRequested(imageId: imageId)) }
        let source = try await sourceDescription(for: notice, options: options.relaunch)

        // Plan while the image is made: the market queries never hold up CreateImage.
        async let plannedPlacement: PlacementPlan? = plan(for: source, options: options.relaunch)

        var image: ECSImage?
        var abandoned: SpotRecoveryError?
        switch requested {
        case .success(let imageId):
            do {
                image = try await waitForImage(
                    imageId, sourceInstanceId: instanceId, options: options.snapshot,
                    timeout: disksOutliveRelease ? options.snapshot.timeout : noticeImageTimeout(for: notice, options: options)
                ) { progress in emit(.imageProgress(progress)) }
            } catch let error as SpotRecoveryError where options.checkpointFallback && (error.kind == .imageFailed || error.kind == .imageTimedOut) {
                abandoned = error
            }
        case .failure(let error):
            guard options.checkpointFallback, let failure = error as? SpotRecoveryError else { throw error }
            abandoned = failure
        }
        if let image {
            emit(.imageAvailable(image))
        } else {
            let reason = abandoned.map { "\($0.kind): \($0.message)" } ?? "no image"
            emit(.noticeImageAbandoned(reason: reason))
            let checkpoint: ECSImage?
            do {
                checkpoint = try await newestCheckpoint(of: instanceId)
            } catch let error as CancellationError {
                throw error
            } catch {
                throw SpotRecoveryError(
                    kind: .imageFailed, message: "The notice image failed and the checkpoints could not be listed", instanceId: instanceId,
                    underlying: error, step: .waitingForImage)
            }
            guard let checkpoint else {
                throw abandoned ?? SpotRecoveryError(kind: .imageFailed, message: "No image to relaunch from", instanceId: instanceId, step: .waitingForImage)
            }
            emit(.usingCheckpoint(checkpoint))
            image = checkpoint
        }
        guard let image else {
            throw SpotRecoveryError(kind: .imageFailed, message: "No image to relaunch from", instanceId: instanceId, step: .waitingForImage)
        }
        let plan = try await plannedPlacement
        if let plan { emit(.planned(plan)) }
        let relaunch = try await self.relaunch(from: image.imageId, source: source, options: options.relaunch, plan: plan)
        emit(.relaunched(relaunch))
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

    /// The longest the notice image is waited for: with the checkpoint fallback, until shortly after the
    /// instance's release (its disks go with it, and an unfinished image with them); otherwise the
    /// snapshot timeout.
    private func noticeImageTimeout(for notice: RecyclingNotice, options: RecoveryOptions) -> Duration {
        guard options.checkpointFallback else { return options.snapshot.timeout }
        let release = notice.terminationTime ?? notice.detectedAt.addingTimeInterval(options.interruptionNotice.inSeconds)
        let untilRelease = release.timeIntervalSince(clock.now) + options.checkpointFallbackGrace.inSeconds
        return .seconds(fractional: max(0, min(untilRelease, options.snapshot.timeout.inSeconds)))
    }

    /// A placement plan, when the options ask for one; the interrupted zone and type sit out first.
    private func plan(for source: ECSInstance, options: RelaunchOptions) async throws -> PlacementPlan? {
        guard let policy = options.plannedPlacement else { return nil }
        let planner = await planner(for: policy)
        if let zone = source.zoneId, let type = source.instanceType {
            await planner.noteInterruption(zoneId: zone, instanceType: type)
        }
        do {
            return try await planner.plan()
        } catch let error as CancellationError {
            throw error
        } catch {
            throw SpotRecoveryError(kind: .noCapacity, message: "Planning failed", instanceId: source.instanceId, underlying: error, step: .planning)
        }
    }

    /// The source's description: from the notice, else fetched (a failed call is an error, never
    /// swallowed), else built from explicit options when ECS no longer knows the instance.
    private func sourceDescription(for notice: RecyclingNotice, options: RelaunchOptions) async throws -> ECSInstance {
        if let instance = notice.instance { return instance }
        if let fetched = try await describe(notice.instanceId, failure: .sourceUnknown, step: .describingSource) {
            return fetched
        }
        guard let groups = options.securityGroupIds, options.zoneId != nil || options.plannedPlacement != nil,
              options.vSwitchId != nil || options.plannedPlacement != nil, options.instanceType != nil || options.plannedPlacement != nil else {
            throw SpotRecoveryError(
                kind: .sourceUnknown, message: "The instance's description is unknown and the options do not give a placement",
                instanceId: notice.instanceId, step: .describingSource)
        }
        var placeholder = ECSInstance(instanceId: notice.instanceId)
        placeholder.securityGroupIds = groups
        return placeholder
    }
}

extension Result where Failure == any Error {
    /// The result of an async throwing body.
    init(catching body: () async throws -> Success) async {
        do {
            self = .success(try await body())
        } catch {
            self = .failure(error)
        }
    }
}

/// A counting semaphore that bounds concurrent recoveries; a cancelled waiter leaves at once.
package actor RecoverySlots {
    private var available: Int
    private var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextID: UInt64 = 0

    package init(count: Int) {
        available = count
    }

    package func acquire() async throws {
        try Task.checkCancellation()
        if available > 0 {
            available -= 1
            return
        }
        nextID += 1
        let id = nextID
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                waiters.append((id, continuation))
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    package func release() {
        if waiters.isEmpty {
            available += 1
        } else {
            waiters.removeFirst().continuation.resume()
        }
    }

    private func cancelWaiter(_ id: UInt64) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: CancellationError())
    }
}
