import AliyunECS
import Foundation

/// How a restart in place ended.
public enum RestartResult: Sendable, Hashable {
    /// StartInstance acted (or someone else already started the instance again); the same instance is
    /// starting, or running if that was waited for.
    case restarted(status: InstanceStatus?)
    /// The restart deadline passed while ECS kept refusing (the last answer's code): image and relaunch instead.
    case deadlinePassed(lastCode: String?)
    /// The instance no longer exists: it was released instead of stopped.
    case released
}

extension SpotRecoverer {
    /// The StartInstance answers that mean "not now": no stock (or another capacity code) or a price limit
    /// below the market.
    static func isRestartDeferral(_ error: ECSServiceError) -> Bool {
        error.isCapacityShortage || error.code == "OperationDenied.SpotPriceLowerThanPublicPrice"
    }

    /// Brings back an instance launched with `SpotInterruptionBehavior` `Stop`: waits until it is
    /// `Stopped` in economical mode, then calls StartInstance, backing off while ECS answers that there is
    /// no stock or that the price limit is too low, until the deadline.
    ///
    /// It never starts the workload twice: after any StartInstance error, a lost answer included, it looks
    /// at the instance before acting again, and an instance that is starting or running counts as started.
    /// - Parameters:
    ///   - instanceId: The interrupted instance.
    ///   - options: Waits, backoff and deadline.
    ///   - report: Called with `waitingForStop`, `stopped`, `restartDeferred` and `restarted` as they happen.
    /// - Returns: Restarted, deadline passed, or released.
    /// - Throws: ``SpotRecoveryError`` (`restartFailed`) when it does not stop in time or StartInstance fails
    ///   for another reason; `CancellationError`.
    public func restartInPlace(
        _ instanceId: String, options: StopModeOptions = StopModeOptions(),
        report: @Sendable (RecoveryEvent.Kind) -> Void = { _ in }
    ) async throws -> RestartResult {
        guard let current = try await describe(instanceId, failure: .restartFailed, step: .restarting) else { return .released }
        guard let identity = InterruptionIdentity(current) else {
            throw SpotRecoveryError(kind: .restartFailed, message: "The instance's description has no start time", instanceId: instanceId, step: .restarting)
        }
        return try await restartInPlace(identity, options: options, report: report)
    }

    /// ``restartInPlace(_:options:report:)`` for one interruption: a start time that moved on means the
    /// instance was already started again (by another replica, or by this one before a restart).
    func restartInPlace(
        _ identity: InterruptionIdentity, options: StopModeOptions, report: @Sendable (RecoveryEvent.Kind) -> Void
    ) async throws -> RestartResult {
        let instanceId = identity.instanceId
        report(.waitingForStop)
        let stopDeadline = clock.now.addingTimeInterval(options.stopTimeout.inSeconds)
        while true {
            guard let instance = try await describe(instanceId, failure: .restartFailed, step: .restarting) else { return .released }
            if let started = Self.startedAgain(instance, after: identity) {
                report(.restarted(status: started))
                return .restarted(status: started)
            }
            if instance.status == .stopped { break }
            guard clock.now < stopDeadline else {
                throw SpotRecoveryError(
                    kind: .restartFailed, message: "The instance did not stop within \(options.stopTimeout) (it is \(instance.status?.rawValue ?? "unknown"))",
                    instanceId: instanceId, step: .restarting)
            }
            try await clock.sleep(for: options.pollInterval)
        }
        report(.stopped)

        let deadline = clock.now.addingTimeInterval(options.restartDeadline.inSeconds)
        var wait = options.initialBackoff
        var lastCode: String?
        started: while true {
            try Task.checkCancellation()
            do {
                _ = try await client.startInstance(StartInstanceRequest(instanceId: instanceId))
                break started
            } catch let error as CancellationError {
                throw error
            } catch let error as ECSServiceError where Self.isRestartDeferral(error) {
                lastCode = error.code
            } catch {
                // Whatever ECS answered, look before acting again: an answer lost after ECS acted comes back,
                // after the client's retry, as `IncorrectInstanceStatus` for an instance that is starting.
                lastCode = (error as? ECSServiceError)?.code ?? "\(error)"
                switch try await lookAfterFailedStart(identity) {
                case .started:
                    logger.info("StartInstance failed but the instance is starting: counted as started", metadata: ["spot.instance": "\(instanceId)"])
                    break started
                case .released:
                    return .released
                case .stillStopped:
                    let transient = client.configuration.retryPolicy.isRetryable(error)
                        || (error as? ECSServiceError)?.code == "IncorrectInstanceStatus"
                    guard transient else {
                        throw SpotRecoveryError(kind: .restartFailed, message: "StartInstance failed", instanceId: instanceId, underlying: error, step: .restarting)
                    }
                }
            }
            // ±10 % from the configured random source, so that many restarts do not retry in lockstep.
            let jittered = Duration.seconds(fractional: wait.inSeconds * (0.9 + 0.2 * client.configuration.randomUnit()))
            let retryAt = clock.now.addingTimeInterval(jittered.inSeconds)
            guard retryAt < deadline else {
                logger.info("Restart deadline passed", metadata: ["spot.instance": "\(instanceId)", "spot.code": "\(lastCode ?? "none")"])
                return .deadlinePassed(lastCode: lastCode)
            }
            report(.restartDeferred(code: lastCode ?? "unknown", retryAt: retryAt))
            try await clock.sleep(for: jittered)
            wait = min(.seconds(fractional: wait.inSeconds * 2), options.maximumBackoff)
        }
        logger.info("Instance started again in place", metadata: ["spot.instance": "\(instanceId)"])
        var status: InstanceStatus? = .starting
        if options.waitUntilRunning {
            let runningDeadline = clock.now.addingTimeInterval(options.stopTimeout.inSeconds)
            while status != .running {
                guard clock.now < runningDeadline else {
                    throw SpotRecoveryError(
                        kind: .notRunningInTime, message: "The restarted instance is not running after \(options.stopTimeout)",
                        instanceId: instanceId, step: .restarting)
                }
                try await clock.sleep(for: options.pollInterval)
                status = try await describe(instanceId, failure: .restartFailed, step: .restarting)?.status
            }
        }
        report(.restarted(status: status))
        return .restarted(status: status)
    }

    /// What the instance looks like after a StartInstance that failed.
    private enum AfterFailedStart {
        case started
        case stillStopped
        case released
    }

    private func lookAfterFailedStart(_ identity: InterruptionIdentity) async throws -> AfterFailedStart {
        let instance: ECSInstance?
        do {
            instance = try await client.describeInstances(DescribeInstancesRequest(instanceIds: [identity.instanceId])).instances.first
        } catch let error as CancellationError {
            throw error
        } catch {
            // Cannot look now: treat it as still stopped, and look again before the next StartInstance.
            return .stillStopped
        }
        guard let instance else { return .released }
        if let status = instance.status, [.pending, .starting, .running].contains(status) { return .started }
        return .stillStopped
    }

    /// The instance's status when it runs again after `identity`'s interruption: its start time moved on,
    /// or it is starting or running while its description still shows that run.
    static func startedAgain(_ instance: ECSInstance, after identity: InterruptionIdentity) -> InstanceStatus? {
        guard let status = instance.status, [.pending, .starting, .running].contains(status) else { return nil }
        if let current = InterruptionIdentity(instance), current != identity { return status }
        // Still the same run: a running instance may be the one whose lock was just seen, not restarted.
        return status == .starting ? status : nil
    }

    /// Puts the evidence that a `Stop`-mode instance is being interrupted on the instance itself
    /// (``interruptedTagKey``), where every replica and every restart finds it once the instance has
    /// stopped and its `Recycling` lock is gone. A failure is logged: the lock is still there for now.
    func markInterrupted(_ identity: InterruptionIdentity) async {
        let request = TagResourcesRequest(
            resourceIds: [identity.instanceId], resourceType: "instance", tags: [ECSTag(key: Self.interruptedTagKey, value: identity.key)])
        do {
            _ = try await client.tagResources(request)
        } catch {
            logger.warning("Could not mark the instance as interrupted; a restart after its stop may not find it", metadata: [
                "spot.instance": "\(identity.instanceId)", "spot.error": "\(error)",
            ])
        }
    }

    /// `true` when a `Stop`-mode instance carries the mark of an interruption of its current run.
    static func carriesInterruptionMark(_ instance: ECSInstance) -> Bool {
        guard let identity = InterruptionIdentity(instance) else { return false }
        return instance.tags.contains { $0.key == interruptedTagKey && $0.value == identity.key }
    }

    /// `true` for a spot instance with the `Stop` behaviour, stopped in economical mode: what an
    /// interruption leaves, and what a user's own stop in economical mode leaves too (so never evidence alone).
    static func isStoppedByEconomicalMode(_ instance: ECSInstance) -> Bool {
        instance.status == .stopped && instance.stoppedMode == .stopCharging && instance.spotInterruptionBehavior == .stop
            && (instance.spotStrategy ?? .noSpot) != .noSpot
    }

    /// One instance's description, or `nil` when ECS does not list it; a failed call (after the client's
    /// retries) is a ``SpotRecoveryError`` of `kind` at `step`, never swallowed.
    func describe(_ instanceId: String, failure kind: SpotRecoveryError.Kind, step: SpotRecoveryError.Step) async throws -> ECSInstance? {
        do {
            return try await client.describeInstances(DescribeInstancesRequest(instanceIds: [instanceId])).instances.first
        } catch let error as CancellationError {
            throw error
        } catch {
            throw SpotRecoveryError(kind: kind, message: "DescribeInstances failed", instanceId: instanceId, underlying: error, step: step)
        }
    }
}
