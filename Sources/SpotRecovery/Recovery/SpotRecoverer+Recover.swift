import AliyunECS
import Foundation
import Logging

extension SpotRecoverer {
    /// The whole flow for a fleet: watch, then image and relaunch every marked instance, concurrently
    /// (at most ``RecoveryOptions/maximumConcurrentRecoveries`` at once).
    ///
    /// An instance's CreateImage goes out as soon as its lock is seen; launch candidates are only
    /// considered once its image is available. Each step is reported as a ``RecoveryEvent``; a failure
    /// ends that instance's recovery with a `failed` event, not the stream. The stream ends when the watch
    /// ends (every instance of a fixed set reported, or the watch timeout) and every recovery under way
    /// has finished; it fails only when watching itself becomes impossible. Cancel the consuming task to
    /// stop everything.
    public func recover(_ target: WatchTarget, options: RecoveryOptions = RecoveryOptions()) -> AsyncThrowingStream<RecoveryEvent, any Error> {
        recover(using: detector(for: target, options: options.watch), options: options)
    }

    /// The whole flow, with any detector (for instance the instance-metadata one), as a stream.
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
    /// the caller stops everything). Returns when the watch ends and every recovery under way finished.
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
                        await recoverInstance(notice, options: options, report: onEvent)
                        await slots.release()
                    }
                }
                return true
            }
            try await group.waitForAll()
        }
    }

    /// Recovers one marked instance: image, wait, relaunch, reporting each step.
    /// - Returns: The replacement, or `nil` when the recovery failed (a `failed` event says why).
    @discardableResult
    public func recoverInstance(
        _ notice: RecyclingNotice, options: RecoveryOptions = RecoveryOptions(),
        report: @escaping @Sendable (RecoveryEvent) -> Void = { _ in }
    ) async -> Relaunch? {
        let instanceId = notice.instanceId
        let clock = clock
        func emit(_ kind: RecoveryEvent.Kind) { report(RecoveryEvent(time: clock.now, instanceId: instanceId, kind: kind)) }
        do {
            let imageId = try await requestImage(of: notice, options: options.snapshot)
            emit(.imageRequested(imageId: imageId))
            let image = try await waitForImage(imageId, sourceInstanceId: instanceId, options: options.snapshot) { progress in
                report(RecoveryEvent(time: progress.observedAt, instanceId: instanceId, kind: .imageProgress(progress)))
            }
            emit(.imageAvailable(image))
            let source = try await sourceDescription(for: notice, options: options.relaunch)
            let relaunch = try await relaunch(from: imageId, source: source, options: options.relaunch)
            emit(.relaunched(relaunch))
            return relaunch
        } catch let error as SpotRecoveryError {
            emit(.failed(error))
        } catch is CancellationError {
            emit(.failed(SpotRecoveryError(kind: .launchFailed, message: "Cancelled", instanceId: instanceId)))
        } catch {
            emit(.failed(SpotRecoveryError(kind: .launchFailed, message: "Recovery failed", instanceId: instanceId, underlying: error)))
        }
        return nil
    }

    /// The source's description: from the notice, else fetched, else built from explicit options.
    private func sourceDescription(for notice: RecyclingNotice, options: RelaunchOptions) async throws -> ECSInstance {
        if let instance = notice.instance { return instance }
        if let fetched = try? await client.describeInstances(DescribeInstancesRequest(instanceIds: [notice.instanceId])).instances.first {
            return fetched
        }
        guard let groups = options.securityGroupIds, options.zoneId != nil, options.vSwitchId != nil, options.instanceType != nil else {
            throw SpotRecoveryError(kind: .sourceUnknown, message: "The instance's description is unknown and the options do not give a placement", instanceId: notice.instanceId)
        }
        var placeholder = ECSInstance(instanceId: notice.instanceId)
        placeholder.securityGroupIds = groups
        return placeholder
    }
}

/// A counting semaphore that bounds concurrent recoveries; a cancelled waiter leaves at once.
actor RecoverySlots {
    private var available: Int
    private var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextID: UInt64 = 0

    init(count: Int) {
        available = count
    }

    func acquire() async throws {
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

    func release() {
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
