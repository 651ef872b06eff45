import AliyunECS
import Foundation
import Logging

extension SpotRecoverer {
    /// Launches a replacement spot instance from an image, in the source's place unless told otherwise.
    ///
    /// With a ``RelaunchOptions/placement`` policy (and no explicit list), a ``PlacementPlanner`` ranks
    /// the candidates by stock, price and interruption rate; otherwise candidates are tried in the order
    /// ``RelaunchOptions`` lists them. One that answers with a capacity error (`OperationDenied.NoStock`,
    /// `Zone.NotOnSale`, `InvalidResourceType.NotSupported`, `InstanceType.Offline`,
    /// `InvalidInstanceType.ZoneNotSupported`) is skipped, and skipped by later relaunches too until its
    /// cool-down ends, whatever the stock data says; a refused price is recorded separately. Each
    /// RunInstances carries a ClientToken derived from (source, image, candidate), and a replacement
    /// already launched for this source and image (found by its tags) is reused, so a retry, a restart or
    /// a second replica never launches a duplicate. The replacement is tagged with its source and image.
    /// - Parameters:
    ///   - imageId: The image to launch from.
    ///   - source: The interrupted instance's description.
    ///   - options: Placement, fallbacks, spot settings and waiting.
    /// - Returns: The replacement, with what each candidate answered or why it was skipped.
    /// - Throws: ``SpotRecoveryError`` (`noCapacity`, `priceRejected`, `launchFailed`, `notRunningInTime`).
    public func relaunch(from imageId: String, source: ECSInstance, options: RelaunchOptions = RelaunchOptions()) async throws -> Relaunch {
        try await relaunch(from: imageId, source: source, options: options, plan: nil)
    }

    /// ``relaunch(from:source:options:)`` with a plan made earlier (while the image was being made).
    func relaunch(from imageId: String, source: ECSInstance, options: RelaunchOptions, plan existingPlan: PlacementPlan?) async throws -> Relaunch {
        if !source.instanceId.isEmpty, let existing = try await existingReplacement(sourceInstanceId: source.instanceId, imageId: imageId) {
            logger.info("Replacement already launched; reusing it", metadata: ["spot.instance": "\(source.instanceId)", "spot.replacement": "\(existing.instanceId)"])
            return try await finish(
                Relaunch(
                    sourceInstanceId: source.instanceId, imageId: imageId, instanceId: existing.instanceId,
                    zoneId: existing.zoneId, vSwitchId: existing.vSwitchId ?? "", instanceType: existing.instanceType ?? "",
                    reusedExisting: true, status: existing.status, attempts: []),
                options: options)
        }
        var attempts: [CandidateAttempt] = []
        var plan: PlacementPlan?
        let candidates: [LaunchCandidate]
        var planner: PlacementPlanner?
        if let policy = options.plannedPlacement {
            let chosen = await planners.planner(for: policy, client: client, clock: clock, cooldowns: cooldowns, logger: logger)
            planner = chosen
            let made: PlacementPlan
            if let existingPlan {
                made = existingPlan
            } else {
                made = try await chosen.plan()
            }
            plan = made
            candidates = made.ranked.map(\.candidate)
            for decision in made.skipped {
                if case .skipped(let reason) = decision.verdict {
                    attempts.append(CandidateAttempt(candidate: decision.candidate, outcome: .skipped(reason)))
                }
            }
        } else {
            candidates = options.orderedCandidates
        }
        for candidate in candidates {
            guard let resolved = resolve(candidate, source: source),
                  let vSwitchId = resolved.vSwitchId, let instanceType = resolved.instanceType else {
                logger.warning("Launch candidate skipped: no vSwitch or instance type for it", metadata: ["spot.candidate": "\(candidate)"])
                continue
            }
            let zoneId = resolved.zoneId
            let capacityKey = zoneId ?? vSwitchId
            // A plan was made a moment ago; a cool-down set since (by a concurrent relaunch) still counts.
            if await cooldowns.isCoolingDown(zoneId: capacityKey, instanceType: instanceType, at: clock.now) {
                attempts.append(CandidateAttempt(candidate: resolved, outcome: .coolingDown))
                continue
            }
            let request = launchRequest(imageId: imageId, source: source, zoneId: zoneId, vSwitchId: vSwitchId, instanceType: instanceType, options: options)
            do {
                let response = try await client.runInstances(request)
                guard let instanceId = response.instanceIds.first else {
                    throw SpotRecoveryError(
                        kind: .launchFailed, message: "RunInstances answered without an instance ID", instanceId: source.instanceId,
                        imageId: imageId, attempts: attempts, step: .launching)
                }
                attempts.append(CandidateAttempt(candidate: resolved, outcome: .launched(instanceId: instanceId)))
                logger.info("Replacement launched", metadata: [
                    "spot.instance": "\(source.instanceId)", "spot.replacement": "\(instanceId)", "spot.candidate": "\(resolved)",
                ])
                return try await finish(
                    Relaunch(
                        sourceInstanceId: source.instanceId, imageId: imageId, instanceId: instanceId, zoneId: zoneId,
                        vSwitchId: vSwitchId, instanceType: instanceType, reusedExisting: false, status: .pending, attempts: attempts,
                        plan: plan),
                    options: options)
            } catch let error as ECSServiceError where error.isCapacityShortage {
                if let planner {
                    await planner.noteNoCapacity(zoneId: capacityKey, instanceType: instanceType)
                } else {
                    await cooldowns.markSoldOut(zoneId: capacityKey, instanceType: instanceType, until: clock.now.addingTimeInterval(options.soldOutCooldown.inSeconds))
                }
                attempts.append(CandidateAttempt(candidate: resolved, outcome: .capacityShortage(code: error.code)))
                logger.info("Launch candidate has no capacity; trying the next", metadata: ["spot.candidate": "\(resolved)", "spot.code": "\(error.code)"])
            } catch let error as ECSServiceError where error.isPriceRejection {
                attempts.append(CandidateAttempt(candidate: resolved, outcome: .priceRejected(code: error.code)))
                logger.info("Launch candidate refused the price; trying the next", metadata: ["spot.candidate": "\(resolved)", "spot.code": "\(error.code)"])
            } catch let error as ECSServiceError where error.isIdempotencyMismatch && !source.instanceId.isEmpty {
                // Another recoverer launched for this token with other settings: adopt its instance.
                if let existing = try await existingReplacement(sourceInstanceId: source.instanceId, imageId: imageId) {
                    return try await finish(
                        Relaunch(
                            sourceInstanceId: source.instanceId, imageId: imageId, instanceId: existing.instanceId,
                            zoneId: existing.zoneId ?? zoneId, vSwitchId: existing.vSwitchId ?? vSwitchId,
                            instanceType: existing.instanceType ?? instanceType, reusedExisting: true, status: existing.status,
                            attempts: attempts, plan: plan),
                        options: options)
                }
                throw SpotRecoveryError(
                    kind: .launchFailed, message: "RunInstances refused the ClientToken", instanceId: source.instanceId, imageId: imageId,
                    underlying: error, attempts: attempts, step: .launching)
            } catch let error as SpotRecoveryError {
                throw error
            } catch let error as CancellationError {
                throw error
            } catch {
                throw SpotRecoveryError(
                    kind: .launchFailed, message: "RunInstances failed", instanceId: source.instanceId, imageId: imageId,
                    underlying: error, attempts: attempts, step: .launching)
            }
        }
        let tried = attempts.filter(\.outcome.wasTried)
        let allPrice = !tried.isEmpty && tried.allSatisfy(\.outcome.isPriceRejection)
        throw SpotRecoveryError(
            kind: allPrice ? .priceRejected : .noCapacity,
            message: allPrice ? "Every candidate refused the spot price limit" : "No launch candidate had capacity (\(attempts.count) considered)",
            instanceId: source.instanceId, imageId: imageId, attempts: attempts, step: .launching)
    }

    /// Launches a replacement for an instance known only by ID: its description is fetched first.
    /// If it is already gone, the options must name the vSwitch, instance type and security groups.
    public func relaunch(from imageId: String, sourceInstanceId: String, options: RelaunchOptions = RelaunchOptions()) async throws -> Relaunch {
        let described = try await client.describeInstances(DescribeInstancesRequest(instanceIds: [sourceInstanceId])).instances.first
        if let described { return try await relaunch(from: imageId, source: described, options: options) }
        guard options.vSwitchId != nil, options.instanceType != nil, let groups = options.securityGroupIds, !groups.isEmpty else {
            throw SpotRecoveryError(
                kind: .sourceUnknown,
                message: "The source instance no longer exists; give its vSwitch, instance type and security groups",
                instanceId: sourceInstanceId, imageId: imageId)
        }
        var placeholder = ECSInstance(instanceId: sourceInstanceId)
        placeholder.securityGroupIds = groups
        return try await relaunch(from: imageId, source: placeholder, options: options)
    }

    /// Launches an instance from an image with no source instance: the options give the vSwitch,
    /// instance type and security groups. Each call launches a new instance (its retries share one
    /// ClientToken, so a retry never launches a second one).
    public func launch(from imageId: String, options: RelaunchOptions) async throws -> Relaunch {
        guard let groups = options.securityGroupIds, !groups.isEmpty else {
            throw SpotRecoveryError(kind: .sourceUnknown, message: "Give the security groups to launch into", imageId: imageId)
        }
        var placeholder = ECSInstance(instanceId: "")
        placeholder.securityGroupIds = groups
        return try await relaunch(from: imageId, source: placeholder, options: options)
    }

    /// The idempotency token of one launch: the same for everyone relaunching this source from this image
    /// on this candidate.
    public static func launchClientToken(sourceInstanceId: String, imageId: String, zoneId: String?, vSwitchId: String, instanceType: String) -> String {
        ClientToken.derived(prefix: "sr-run", from: [sourceInstanceId, imageId, zoneId ?? "", vSwitchId, instanceType])
    }

    /// Fills a candidate's inherited fields from the source. A zone other than the source's needs its
    /// own vSwitch; without one the candidate cannot be used. The zone may stay unknown when only a
    /// vSwitch is given (ECS takes the zone from the vSwitch).
    func resolve(_ candidate: LaunchCandidate, source: ECSInstance) -> LaunchCandidate? {
        let zone = candidate.zoneId ?? source.zoneId
        let vSwitch = candidate.vSwitchId ?? (zone == source.zoneId ? source.vSwitchId : nil)
        guard let vSwitch, let type = candidate.instanceType ?? source.instanceType else { return nil }
        return LaunchCandidate(zoneId: zone, vSwitchId: vSwitch, instanceType: type)
    }

    func launchRequest(
        imageId: String, source: ECSInstance, zoneId: String?, vSwitchId: String, instanceType: String, options: RelaunchOptions
    ) -> RunInstancesRequest {
        let hasSource = !source.instanceId.isEmpty
        var tags = hasSource ? [ECSTag(key: Self.sourceTagKey, value: source.instanceId), ECSTag(key: Self.imageTagKey, value: imageId)] : []
        if options.copySourceTags {
            tags += source.tags
                .filter { !$0.key.hasPrefix("acs:") && !$0.key.hasPrefix("spot-recovery:") }
                .map { ECSTag(key: $0.key, value: $0.value) }
        }
        tags += options.extraTags
        var request = RunInstancesRequest()
        request.zoneId = zoneId
        request.imageId = imageId
        request.instanceType = instanceType
        request.securityGroupIds = options.securityGroupIds ?? source.securityGroupIds
        request.vSwitchId = vSwitchId
        request.instanceName = options.instanceName ?? source.instanceName
        request.amount = 1
        request.spotStrategy = options.spotStrategy
        request.spotPriceLimit = options.spotStrategy == .spotWithPriceLimit ? options.spotPriceLimit : nil
        request.spotDuration = options.spotDuration
        request.spotInterruptionBehavior = options.spotInterruptionBehavior
        request.instanceChargeType = .postPaid
        request.internetMaxBandwidthOut = options.internetMaxBandwidthOut ?? source.internetMaxBandwidthOut
        request.tags = Array(tags.prefix(20))
        if hasSource {
            request.clientToken = Self.launchClientToken(
                sourceInstanceId: source.instanceId, imageId: imageId, zoneId: zoneId, vSwitchId: vSwitchId, instanceType: instanceType)
        }
        return request
    }

    /// A live instance tagged as the replacement of `sourceInstanceId` from `imageId`, if one exists.
    func existingReplacement(sourceInstanceId: String, imageId: String) async throws -> ECSInstance? {
        var request = DescribeInstancesRequest()
        request.tags = [ECSTag(key: Self.sourceTagKey, value: sourceInstanceId), ECSTag(key: Self.imageTagKey, value: imageId)]
        request.maxResults = 100
        return try await client.allInstances(request).collect().first
    }

    /// Waits for `Running` when asked to.
    private func finish(_ relaunch: Relaunch, options: RelaunchOptions) async throws -> Relaunch {
        guard options.waitUntilRunning, relaunch.status != .running else { return relaunch }
        var result = relaunch
        let deadline = clock.now.addingTimeInterval(options.runningTimeout.inSeconds)
        while true {
            let current = try await client.describeInstances(DescribeInstancesRequest(instanceIds: [relaunch.instanceId])).instances.first
            result.status = current?.status
            if current?.status == .running { return result }
            let remaining = deadline.timeIntervalSince(clock.now)
            guard remaining > 0 else {
                throw SpotRecoveryError(
                    kind: .notRunningInTime,
                    message: "Replacement \(relaunch.instanceId) was launched but is \(current?.status?.rawValue ?? "not visible") after \(options.runningTimeout)",
                    instanceId: relaunch.sourceInstanceId, imageId: relaunch.imageId, attempts: relaunch.attempts)
            }
            try await clock.sleep(for: .seconds(fractional: min(options.runningPollInterval.inSeconds, remaining)))
        }
    }
}
