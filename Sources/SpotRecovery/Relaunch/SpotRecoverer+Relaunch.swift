import AliyunECS
import Foundation
import Logging

extension SpotRecoverer {
    /// Launches a replacement spot instance from an image: a copy of its source (``LaunchSpecification``),
    /// in the source's place unless told otherwise.
    ///
    /// With a ``RelaunchOptions/placement`` policy (and no explicit list), a ``PlacementPlanner`` ranks
    /// the candidates by stock, price and interruption rate; otherwise candidates are tried in the order
    /// ``RelaunchOptions`` lists them. One that answers with a capacity error (`OperationDenied.NoStock`,
    /// `Zone.NotOnSale`, `InvalidResourceType.NotSupported`, `InstanceType.Offline`,
    /// `InvalidInstanceType.ZoneNotSupported`) is skipped, and later relaunches try it last until its
    /// cool-down ends, whatever the stock data says (a cool-down orders candidates, it never leaves a
    /// relaunch without one to try); a refused price is recorded separately.
    ///
    /// One replacement per interruption, whatever the retries, restarts and replicas do: before every
    /// candidate it looks for a live instance tagged as this interruption's replacement and reuses it, and
    /// every RunInstances carries a ClientToken derived from the interruption, not from the candidate, so
    /// that a second recoverer trying another candidate is refused (`IdempotentParameterMismatch`) and
    /// adopts the first one's instance.
    /// - Parameters:
    ///   - imageId: The image to launch from.
    ///   - source: The interrupted instance's description.
    ///   - options: Placement, fallbacks, spot settings and waiting.
    /// - Returns: The replacement, with what each candidate answered or why it was skipped.
    /// - Throws: ``SpotRecoveryError`` (`noCapacity`, `priceRejected`, `launchFailed`, `notRunningInTime`).
    public func relaunch(from imageId: String, source: ECSInstance, options: RelaunchOptions = RelaunchOptions()) async throws -> Relaunch {
        try await relaunch(
            from: imageId, identity: source.instanceId.isEmpty ? nil : InterruptionIdentity(source),
            specification: LaunchSpecification(source), options: options, plan: nil)
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
        return try await relaunch(
            from: imageId, identity: nil, specification: LaunchSpecification(securityGroupIds: groups), options: options, plan: nil,
            sourceInstanceId: sourceInstanceId)
    }

    /// Launches an instance from an image with no source instance: the options give the vSwitch,
    /// instance type and security groups. Each call launches a new instance (its retries share one
    /// ClientToken, so a retry never launches a second one).
    public func launch(from imageId: String, options: RelaunchOptions) async throws -> Relaunch {
        guard let groups = options.securityGroupIds, !groups.isEmpty else {
            throw SpotRecoveryError(kind: .sourceUnknown, message: "Give the security groups to launch into", imageId: imageId)
        }
        return try await relaunch(from: imageId, identity: nil, specification: LaunchSpecification(securityGroupIds: groups), options: options, plan: nil)
    }

    /// The idempotency token of the replacement of one interruption: the same for everyone who recovers it,
    /// whatever candidate they try. `generation` moves on only when ECS refuses a token that no visible
    /// replacement holds (``relaunch(from:source:options:)`` explains why).
    public static func launchClientToken(for identity: InterruptionIdentity, generation: Int = 0) -> String {
        var parts = [identity.instanceId, ECSTimestamp.string(from: identity.startTime)]
        if generation > 0 { parts.append("g\(generation)") }
        return ClientToken.derived(prefix: "sr-run", from: parts)
    }

    /// The relaunch behind every public form: the specification to copy and, for a recovery, its identity.
    func relaunch(
        from imageId: String, identity: InterruptionIdentity?, specification: LaunchSpecification, options: RelaunchOptions,
        plan existingPlan: PlacementPlan?, sourceInstanceId: String? = nil
    ) async throws -> Relaunch {
        let sourceId = identity?.instanceId ?? sourceInstanceId ?? ""
        var attempts: [CandidateAttempt] = []
        var plan: PlacementPlan?
        let candidates: [LaunchCandidate]
        var lastResort: [LaunchCandidate] = []
        var planner: PlacementPlanner?
        if let policy = options.plannedPlacement {
            let chosen = await self.planner(for: policy)
            planner = chosen
            let made: PlacementPlan
            if let existingPlan {
                made = existingPlan
            } else {
                made = try await chosen.plan(fallbackTypes: specification.instanceType.map { [$0] } ?? [], logger: logger)
            }
            plan = made
            candidates = made.ranked.map(\.candidate)
            lastResort = made.lastResort.map(\.candidate)
            for decision in made.skipped {
                if case .skipped(let reason) = decision.verdict {
                    attempts.append(CandidateAttempt(candidate: decision.candidate, outcome: .skipped(reason)))
                }
            }
        } else {
            candidates = options.orderedCandidates
        }
        var generation = 0
        // The candidates in the running, then, when every one of them failed, those a cool-down held back.
        var pool = candidates
        var heldBack: [LaunchCandidate] = []
        var lastResortAdded = false
        var index = 0
        while true {
            if index == pool.count {
                guard !lastResortAdded else { break }
                lastResortAdded = true
                pool += lastResort + heldBack
                guard index < pool.count else { break }
                logger.info("Every candidate in the running failed; trying those a cool-down held back", metadata: ["spot.instance": "\(sourceId)"])
            }
            let candidate = pool[index]
            index += 1
            guard let resolved = resolve(candidate, specification: specification),
                  let vSwitchId = resolved.vSwitchId, let instanceType = resolved.instanceType else {
                logger.warning("Launch candidate skipped: no vSwitch or instance type for it", metadata: ["spot.candidate": "\(candidate)"])
                continue
            }
            // Before every candidate, not once: another replica may have launched while this one was refused.
            if let identity, let existing = try await existingReplacement(of: identity) {
                logger.info("Replacement already launched; reusing it", metadata: ["spot.instance": "\(sourceId)", "spot.replacement": "\(existing.instanceId)"])
                return try await finish(adopting: existing, identity: identity, imageId: imageId, attempts: attempts, plan: plan,
                                        specification: specification, options: options)
            }
            let zoneId = resolved.zoneId
            let capacityKey = zoneId ?? vSwitchId
            // A plan was made a moment ago; a cool-down set since (by a concurrent relaunch) still counts,
            // until only held-back candidates are left.
            if !lastResortAdded, await cooldowns.isCoolingDown(zoneId: capacityKey, instanceType: instanceType, at: clock.now) {
                attempts.append(CandidateAttempt(candidate: resolved, outcome: .coolingDown))
                heldBack.append(candidate)
                continue
            }
            let (request, dropped) = launchRequest(
                imageId: imageId, identity: identity, specification: specification, zoneId: zoneId, vSwitchId: vSwitchId,
                instanceType: instanceType, options: options, generation: generation)
            do {
                let response = try await client.runInstances(request)
                guard let instanceId = response.instanceIds.first else {
                    throw SpotRecoveryError(
                        kind: .launchFailed, message: "RunInstances answered without an instance ID", instanceId: sourceId,
                        imageId: imageId, attempts: attempts, step: .launching)
                }
                attempts.append(CandidateAttempt(candidate: resolved, outcome: .launched(instanceId: instanceId)))
                logger.info("Replacement launched", metadata: [
                    "spot.instance": "\(sourceId)", "spot.replacement": "\(instanceId)", "spot.candidate": "\(resolved)",
                ])
                if !dropped.isEmpty {
                    logger.warning("Source tags left off the replacement (ECS takes 20)", metadata: ["spot.tags": "\(dropped.joined(separator: ","))"])
                }
                var relaunch = Relaunch(
                    sourceInstanceId: sourceId, imageId: imageId, instanceId: instanceId, zoneId: zoneId,
                    vSwitchId: vSwitchId, instanceType: instanceType, reusedExisting: false, status: .pending, attempts: attempts,
                    plan: plan)
                relaunch.droppedTagKeys = dropped
                relaunch.missing = options.launchTemplate == nil ? specification.unknown : []
                return try await finish(relaunch, options: options)
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
            } catch let error as ECSServiceError where error.isIdempotencyMismatch && identity != nil {
                // Someone launched for this interruption with other settings: adopt what they made. When no
                // replacement shows up, ECS keeps the token for a refused launch (it may remember a failure
                // under a token), so the next generation of the token is tried on the same candidate.
                if let identity, let existing = try await patientlyFindReplacement(of: identity) {
                    return try await finish(adopting: existing, identity: identity, imageId: imageId, attempts: attempts, plan: plan,
                                            specification: specification, options: options)
                }
                guard generation < Self.maximumTokenGenerations else {
                    throw SpotRecoveryError(
                        kind: .launchFailed, message: "RunInstances kept refusing the ClientToken", instanceId: sourceId, imageId: imageId,
                        underlying: error, attempts: attempts, step: .launching)
                }
                generation += 1
                index -= 1
                logger.info("ClientToken refused with no replacement in sight; trying the next generation", metadata: ["spot.generation": "\(generation)"])
            } catch let error as SpotRecoveryError {
                throw error
            } catch let error as CancellationError {
                throw error
            } catch {
                throw SpotRecoveryError(
                    kind: .launchFailed, message: "RunInstances failed", instanceId: sourceId, imageId: imageId,
                    underlying: error, attempts: attempts, step: .launching)
            }
        }
        let tried = attempts.filter(\.outcome.wasTried)
        let allPrice = !tried.isEmpty && tried.allSatisfy(\.outcome.isPriceRejection)
        throw SpotRecoveryError(
            kind: allPrice ? .priceRejected : .noCapacity,
            message: allPrice ? "Every candidate refused the spot price limit" : "No launch candidate had capacity (\(attempts.count) considered)",
            instanceId: sourceId, imageId: imageId, attempts: attempts, step: .launching)
    }

    /// How many generations of a launch token are tried before giving up.
    static let maximumTokenGenerations = 3

    /// Fills a candidate's inherited fields from the specification. A zone other than the source's needs
    /// its own vSwitch; without one the candidate cannot be used. The zone may stay unknown when only a
    /// vSwitch is given (ECS takes the zone from the vSwitch).
    func resolve(_ candidate: LaunchCandidate, specification: LaunchSpecification) -> LaunchCandidate? {
        let zone = candidate.zoneId ?? specification.zoneId
        let vSwitch = candidate.vSwitchId ?? (zone == specification.zoneId ? specification.vSwitchId : nil)
        guard let vSwitch, let type = candidate.instanceType ?? specification.instanceType else { return nil }
        return LaunchCandidate(zoneId: zone, vSwitchId: vSwitch, instanceType: type)
    }

    /// The RunInstances request of one candidate, and the source tags it leaves out (ECS takes 20 tags).
    func launchRequest(
        imageId: String, identity: InterruptionIdentity?, specification: LaunchSpecification, zoneId: String?, vSwitchId: String,
        instanceType: String, options: RelaunchOptions, generation: Int = 0
    ) -> (request: RunInstancesRequest, droppedTagKeys: [String]) {
        var request = RunInstancesRequest()
        request.zoneId = zoneId
        request.imageId = imageId
        request.instanceType = instanceType
        request.vSwitchId = vSwitchId
        request.amount = 1
        if let template = options.launchTemplate {
            // The template gives the rest; only what the recovery decides is sent, and the interruption
            // behaviour, which a launch template cannot hold (a Stop fleet would come back as Terminate).
            request.launchTemplateId = template.templateId
            request.launchTemplateName = template.templateName
            request.launchTemplateVersion = template.version
            request.spotInterruptionBehavior = options.spotInterruptionBehavior ?? specification.spotInterruptionBehavior
        } else {
            request.securityGroupIds = options.securityGroupIds ?? specification.securityGroupIds
            request.instanceName = options.instanceName ?? specification.instanceName
            request.hostName = specification.hostName.flatMap { Self.isGeneratedHostName($0) ? nil : $0 }
            request.keyPairName = specification.keyPairName
            request.ramRoleName = specification.ramRoleName
            request.userData = specification.userData
            request.resourceGroupId = specification.resourceGroupId
            let strategy = options.spotStrategy ?? specification.spotStrategy.flatMap { $0 == .noSpot ? nil : $0 } ?? .spotAsPriceGo
            request.spotStrategy = strategy
            request.spotPriceLimit = strategy == .spotWithPriceLimit ? options.spotPriceLimit ?? specification.spotPriceLimit : nil
            request.spotDuration = options.spotDuration ?? specification.spotDuration
            request.spotInterruptionBehavior = options.spotInterruptionBehavior ?? specification.spotInterruptionBehavior
            request.instanceChargeType = .postPaid
            request.internetMaxBandwidthOut = options.internetMaxBandwidthOut ?? specification.internetMaxBandwidthOut
            request.internetChargeType = specification.internetChargeType
            request.deploymentSetId = specification.deploymentSetId
            request.creditSpecification = specification.creditSpecification
            request.deletionProtection = specification.deletionProtection
        }
        let (tags, dropped) = replacementTags(imageId: imageId, identity: identity, specification: specification, options: options)
        request.tags = tags
        if let identity { request.clientToken = Self.launchClientToken(for: identity, generation: generation) }
        return (request, dropped)
    }

    /// The replacement's tags, at most 20: SpotRecovery's own, the kept tags (the fleet's selector) and the
    /// extra ones always; the source's other tags as long as there is room.
    private func replacementTags(
        imageId: String, identity: InterruptionIdentity?, specification: LaunchSpecification, options: RelaunchOptions
    ) -> (tags: [ECSTag], dropped: [String]) {
        var tags: [ECSTag] = []
        if let identity {
            tags += [
                ECSTag(key: Self.sourceTagKey, value: identity.instanceId), ECSTag(key: Self.imageTagKey, value: imageId),
                ECSTag(key: Self.interruptionTagKey, value: identity.key),
            ]
        }
        let inherited = options.copySourceTags ? specification.tags : specification.tags.filter { options.keptTagKeys.contains($0.key) }
        // ECS refuses a key given twice: the first of each key wins, SpotRecovery's own first of all.
        for tag in inherited.filter({ options.keptTagKeys.contains($0.key) }) + options.extraTags where !tags.contains(where: { $0.key == tag.key }) {
            tags.append(tag)
        }
        var dropped: [String] = []
        for tag in inherited where !tags.contains(where: { $0.key == tag.key }) {
            if tags.count < Self.tagLimit {
                tags.append(tag)
            } else {
                dropped.append(tag.key)
            }
        }
        return (tags, dropped)
    }

    /// The most tags ECS takes on one resource.
    static let tagLimit = 20

    /// `true` for the host name ECS gives an instance that was launched without one (`iZ…Z`): a
    /// replacement gets its own, not a copy of its source's.
    static func isGeneratedHostName(_ name: String) -> Bool {
        name.hasPrefix("iZ") && name.hasSuffix("Z") && name.count > 3
    }

    /// A live instance tagged as the replacement of `identity`, if one exists.
    func existingReplacement(of identity: InterruptionIdentity) async throws -> ECSInstance? {
        var request = DescribeInstancesRequest()
        request.tags = [ECSTag(key: Self.interruptionTagKey, value: identity.key)]
        request.maxResults = 100
        return try await client.allInstances(request).collect().first
    }

    /// ``existingReplacement(of:)``, looked at a few times a few seconds apart: an instance another replica
    /// just launched may take a moment to show in DescribeInstances.
    private func patientlyFindReplacement(of identity: InterruptionIdentity) async throws -> ECSInstance? {
        for look in 0..<3 {
            if look > 0 { try await clock.sleep(for: .seconds(2)) }
            if let found = try await existingReplacement(of: identity) { return found }
        }
        return nil
    }

    /// A relaunch that reuses an existing replacement.
    private func finish(
        adopting existing: ECSInstance, identity: InterruptionIdentity, imageId: String, attempts: [CandidateAttempt], plan: PlacementPlan?,
        specification: LaunchSpecification, options: RelaunchOptions
    ) async throws -> Relaunch {
        let launchedFrom = existing.tags.first { $0.key == Self.imageTagKey }?.value ?? imageId
        var relaunch = Relaunch(
            sourceInstanceId: identity.instanceId, imageId: launchedFrom, instanceId: existing.instanceId, zoneId: existing.zoneId,
            vSwitchId: existing.vSwitchId ?? "", instanceType: existing.instanceType ?? "", reusedExisting: true, status: existing.status,
            attempts: attempts, plan: plan)
        relaunch.missing = options.launchTemplate == nil ? specification.unknown : []
        return try await finish(relaunch, options: options)
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
                    instanceId: relaunch.sourceInstanceId, imageId: relaunch.imageId, attempts: relaunch.attempts, step: .waitingForRunning,
                    replacementInstanceId: relaunch.instanceId)
            }
            try await clock.sleep(for: .seconds(fractional: min(options.runningPollInterval.inSeconds, remaining)))
        }
    }
}
