import AliyunECS
import Foundation
import Logging

extension SpotRecoverer {
    /// The whole flow for a fleet: watch, then recover every interrupted instance, concurrently (at most
    /// ``RecoveryOptions/maximumConcurrentRecoveries`` at once).
    ///
    /// An instance's CreateImage goes out as soon as its lock is seen; placement is planned while the image
    /// is made. An instance launched with the `Stop` behaviour is started again in place when it can be.
    /// Each interruption is recovered once (the ``ledger``); a recovery that failed is tried again when the
    /// instance is seen marked again after its retry delay. Each step is reported as a ``RecoveryEvent``; a
    /// failure ends that instance's recovery with a `failed` event naming the step, not the stream. The
    /// stream ends when the watch ends (every instance of a fixed set reported, or the watch timeout) and
    /// every recovery under way has finished; it fails when watching itself becomes impossible, and ends
    /// with `CancellationError` when the consuming task is cancelled.
    public func recover(_ target: WatchTarget, options: RecoveryOptions = RecoveryOptions()) -> AsyncThrowingStream<RecoveryEvent, any Error> {
        recover(using: detector(for: target, options: options.watch), options: Self.keepingSelector(of: target, in: options))
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
        try await recover(using: detector(for: target, options: options.watch), options: Self.keepingSelector(of: target, in: options), onEvent: onEvent)
    }

    /// The whole flow with any detector, reporting each event to `onEvent`, in the calling task.
    public func recover(
        using detector: some RecyclingDetector, options: RecoveryOptions = RecoveryOptions(),
        onEvent: @escaping @Sendable (RecoveryEvent) -> Void
    ) async throws {
        let slots = RecoverySlots(count: options.maximumConcurrentRecoveries)
        try await withThrowingTaskGroup(of: Void.self) { group in
            try await watch(detector, options: options.watch, endsAtTimeout: true, deduplicates: false) { notices in
                for notice in notices {
                    group.addTask {
                        _ = try await runRecovery(notice, options: options, report: onEvent, gate: slots)
                    }
                }
                return true
            }
            try await group.waitForAll()
        }
    }

    /// Recovers one interruption unless this recoverer's ``ledger`` says it is under way, done, or failed
    /// and not due for a retry; records the verdict in the ledger. The `detected` event is reported only
    /// for a run that goes ahead.
    /// - Throws: `CancellationError` only (the claim is given back, so the next detection runs it).
    /// - Parameter gate: The slots the long steps of a recovery wait for (its first steps never wait).
    package func runRecovery(
        _ notice: RecyclingNotice, options: RecoveryOptions, report: @escaping @Sendable (RecoveryEvent) -> Void,
        gate: RecoverySlots? = nil
    ) async throws -> RecoveryRun {
        var notice = notice
        let identity: InterruptionIdentity
        if let known = notice.identity {
            identity = known
        } else {
            let source: ECSInstance?
            do {
                source = try await describe(notice.instanceId, failure: .sourceUnknown, step: .describingSource)
            } catch let error as SpotRecoveryError {
                report(RecoveryEvent(time: clock.now, instanceId: notice.instanceId, kind: .detected(notice)))
                report(RecoveryEvent(time: clock.now, instanceId: notice.instanceId, kind: .failed(error)))
                return .finished(nil, nil)
            }
            if let source, let known = InterruptionIdentity(source) {
                notice.instance = source
                identity = known
            } else if let unfinished = try await findUnfinishedRecovery(ofReleased: notice.instanceId) {
                // Released already: finish what ECS holds of its recovery, if anything.
                return try await runResumption(unfinished, options: options, report: report, gate: gate)
            } else {
                report(RecoveryEvent(time: clock.now, instanceId: notice.instanceId, kind: .detected(notice)))
                report(RecoveryEvent(time: clock.now, instanceId: notice.instanceId, kind: .failed(SpotRecoveryError(
                    kind: .sourceUnknown, message: "The instance is gone and no notice image of it waits for a replacement",
                    instanceId: notice.instanceId, step: .describingSource))))
                return .finished(nil, nil)
            }
        }
        guard await ledger.claim(identity, at: clock.now) else { return .alreadyHandled(identity) }
        report(RecoveryEvent(time: notice.detectedAt, instanceId: notice.instanceId, kind: .detected(notice)))
        return try await recordingInLedger(identity) {
            try await recoverInstance(notice, options: options, report: report, gate: gate)
        }
    }

    /// Finishes a recovery cut short, unless the ``ledger`` says it is under way or done.
    package func runResumption(
        _ unfinished: UnfinishedRecovery, options: RecoveryOptions, report: @escaping @Sendable (RecoveryEvent) -> Void,
        gate: RecoverySlots? = nil
    ) async throws -> RecoveryRun {
        let identity = unfinished.identity
        guard await ledger.claim(identity, at: clock.now) else { return .alreadyHandled(identity) }
        let notice = RecyclingNotice(instanceId: identity.instanceId, detectedAt: clock.now, markedAt: unfinished.noticedAt, source: .reconciliation)
        report(RecoveryEvent(time: clock.now, instanceId: identity.instanceId, kind: .detected(notice)))
        return try await recordingInLedger(identity) {
            try await resume(unfinished, options: options, report: report, gate: gate)
        }
    }

    private func recordingInLedger(_ identity: InterruptionIdentity, _ body: () async throws -> RecoveryOutcome?) async throws -> RecoveryRun {
        let outcome: RecoveryOutcome?
        do {
            outcome = try await body()
        } catch {
            await ledger.release(identity)
            throw error
        }
        if outcome != nil {
            await ledger.succeed(identity, at: clock.now)
        } else {
            await ledger.fail(identity, at: clock.now)
        }
        return .finished(identity, outcome)
    }

    /// `options` with the target's selector tag kept on every replacement, so replacements stay in the fleet.
    static func keepingSelector(of target: WatchTarget, in options: RecoveryOptions) -> RecoveryOptions {
        guard let key = target.tagKey else { return options }
        var options = options
        options.relaunch.keptTagKeys.insert(key)
        return options
    }
}

/// What became of a request to recover one interruption.
package enum RecoveryRun: Sendable {
    /// The ledger says it is under way, done, or failed and not due for a retry: nothing was done.
    case alreadyHandled(InterruptionIdentity)
    /// It ran (identity `nil` when it could not be told): the outcome, or `nil` when it failed.
    case finished(InterruptionIdentity?, RecoveryOutcome?)
}
