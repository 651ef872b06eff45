import AliyunECS
import Foundation

/// How a restart in place ended.
public enum RestartResult: Sendable, Hashable {
    /// StartInstance accepted; the same instance is starting (or running, if that was waited for).
    case restarted(status: InstanceStatus?)
    /// The restart deadline passed while ECS kept refusing (the last answer's code): image and relaunch instead.
    case deadlinePassed(lastCode: String?)
    /// The instance no longer exists: it was released instead of stopped.
    case released
}

extension SpotRecoverer {
    /// The StartInstance answers that mean "not now": no stock (or another capacity code), a price limit
    /// below the market, or an instance still on its way to `Stopped`.
    static func isRestartDeferral(_ error: ECSServiceError) -> Bool {
        error.isCapacityShortage || error.code == "OperationDenied.SpotPriceLowerThanPublicPrice"
            || error.code == "IncorrectInstanceStatus"
    }

    /// Brings back an instance launched with `SpotInterruptionBehavior` `Stop`: waits until it is
    /// `Stopped` in economical mode, then calls StartInstance, backing off while ECS answers that there is
    /// no stock or that the price limit is too low, until the deadline.
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
        report(.waitingForStop)
        let stopDeadline = clock.now.addingTimeInterval(options.stopTimeout.inSeconds)
        while true {
            guard let instance = try await describe(instanceId, failure: .restartFailed, step: .restarting) else { return .released }
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
        while true {
            try Task.checkCancellation()
            do {
                _ = try await client.startInstance(StartInstanceRequest(instanceId: instanceId))
                break
            } catch let error as ECSServiceError where Self.isRestartDeferral(error) {
                // ±10 % from the configured random source, so that many restarts do not retry in lockstep.
                let jittered = Duration.seconds(fractional: wait.inSeconds * (0.9 + 0.2 * client.configuration.randomUnit()))
                let retryAt = clock.now.addingTimeInterval(jittered.inSeconds)
                guard retryAt < deadline else {
                    logger.info("Restart deadline passed", metadata: ["spot.instance": "\(instanceId)", "spot.code": "\(error.code)"])
                    return .deadlinePassed(lastCode: error.code)
                }
                report(.restartDeferred(code: error.code, retryAt: retryAt))
                try await clock.sleep(for: jittered)
                wait = min(.seconds(fractional: wait.inSeconds * 2), options.maximumBackoff)
            } catch let error as CancellationError {
                throw error
            } catch {
                throw SpotRecoveryError(kind: .restartFailed, message: "StartInstance failed", instanceId: instanceId, underlying: error, step: .restarting)
            }
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
