import AliyunECS
import Foundation
import Logging

/// An in-memory ECS region that behaves like the real one, with faults on demand.
///
/// Put it behind a real `ECSClient` with ``makeClient(signatureAlgorithm:retryPolicy:logger:)`` (or its
/// ``transport``) and the whole client stack runs against it: encoding, signing (checked, with ECS's error
/// codes for a wrong signature, a reused nonce or a stale date), retries and decoding. It keeps instances
/// (`Pending` → `Running`, marked `Recycling` and released when interrupted) with what they were launched with
/// (key pair, RAM role, user data, …, as ECS limits them), launch templates, images (`Creating` with rising
/// progress → `Available`, or `CreateFailed`), ClientToken idempotency, DescribeInstances and DescribeImages
/// filters and paging, a system event history, and records every call.
///
/// Time comes from its clock: give it a ``VirtualClock`` and advance it to play out minutes in
/// milliseconds.
public final class SimulatedRegion: @unchecked Sendable {
    /// How the region behaves.
    public let configuration: SimulatedRegionConfiguration
    /// The region's time source; state changes (running, recycling, release, image progress) follow it.
    public let clock: any ECSClock

    // All mutable state lives in `state` and is only touched while holding `lock`.
    private let lock = NSLock()
    private var state: RegionState
    private var callObserver: (@Sendable (SimulatedCall) -> Void)?

    /// Creates a region.
    /// - Parameters:
    ///   - configuration: Identity, keys, network and timings.
    ///   - clock: The time source. Default: a new ``VirtualClock``.
    public init(configuration: SimulatedRegionConfiguration = SimulatedRegionConfiguration(), clock: any ECSClock = VirtualClock()) {
        self.configuration = configuration
        self.clock = clock
        state = RegionState(configuration: configuration)
    }

    /// The region ID.
    public var regionId: String { configuration.regionId }

    /// The clock as a ``VirtualClock``, when it is one.
    public var virtualClock: VirtualClock? { clock as? VirtualClock }

    /// A transport that delivers requests to this region in memory.
    public var transport: SimulatedTransport { SimulatedTransport(region: self) }

    /// A client wired to this region: its first key pair, its transport and its clock.
    /// - Parameters:
    ///   - signatureAlgorithm: The signature scheme to use.
    ///   - retryPolicy: The client's retry policy. Default: the production default.
    ///   - logger: Where the client logs.
    public func makeClient(
        signatureAlgorithm: SignatureAlgorithm = .acs3HMACSHA256,
        retryPolicy: RetryPolicy = .default,
        logger: Logger = ECSClient.silentLogger
    ) throws -> ECSClient {
        guard let credentials = configuration.credentials.first else {
            throw ECSClientError(kind: .credentialsUnavailable, message: "The simulated region has no key pair")
        }
        return try ECSClient(
            region: configuration.regionId,
            credentials: StaticCredentialProvider(credentials),
            transport: transport,
            endpoint: "https://ecs.\(configuration.regionId).simulated.invalid",
            configuration: .init(signatureAlgorithm: signatureAlgorithm, retryPolicy: retryPolicy, clock: clock, environment: [:]),
            logger: logger)
    }

    func withState<Result>(_ body: (inout RegionState) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&state)
    }

    // MARK: Setting the scene

    /// Adds running instances directly, without going through the API (fleet setup for tests).
    /// - Returns: Their IDs, in creation order.
    @discardableResult
    public func addInstances(
        count: Int,
        zoneId: String? = nil,
        vSwitchId: String? = nil,
        instanceType: String = "ecs.g7.large",
        imageId: String = "aliyun_3_9_x64_20G_alibase_20231219.vhd",
        securityGroupIds: [String] = ["sg-sim0001"],
        tags: [ResourceTag] = [],
        spotStrategy: SpotStrategy = .spotAsPriceGo,
        spotInterruptionBehavior: SpotInterruptionBehavior = .terminate,
        namePrefix: String? = "worker"
    ) -> [String] {
        addInstances(
            count: count, zoneId: zoneId, vSwitchId: vSwitchId, instanceType: instanceType, imageId: imageId,
            launch: SimulatedLaunchSpecification(
                securityGroupIds: securityGroupIds, spotStrategy: spotStrategy, spotInterruptionBehavior: spotInterruptionBehavior, tags: tags),
            namePrefix: namePrefix)
    }

    /// Adds running instances set up as `launch` says (key pair, RAM role, user data, …), without going through
    /// the API (fleet setup for tests).
    /// - Returns: Their IDs, in creation order.
    @discardableResult
    public func addInstances(
        count: Int,
        zoneId: String? = nil,
        vSwitchId: String? = nil,
        instanceType: String = "ecs.g7.large",
        imageId: String = "aliyun_3_9_x64_20G_alibase_20231219.vhd",
        launch: SimulatedLaunchSpecification,
        namePrefix: String? = "worker"
    ) -> [String] {
        let now = clock.now
        return withState {
            $0.addInstances(
                count: count, zoneId: zoneId, vSwitchId: vSwitchId, instanceType: instanceType, imageId: imageId,
                launch: launch, namePrefix: namePrefix, now: now)
        }
    }

    /// Schedules a spot interruption: the `Recycling` lock appears at `time`, and the instances are
    /// released `releaseAfter` later (default: the configured notice, five minutes).
    public func scheduleInterruption(of instanceIds: [String], at time: Date, releaseAfter: Duration? = nil) {
        withState { $0.scheduleInterruption(of: instanceIds, at: time, releaseAfter: releaseAfter) }
    }

    /// Schedules a spot interruption `delay` from now.
    public func scheduleInterruption(of instanceIds: [String], after delay: Duration, releaseAfter: Duration? = nil) {
        scheduleInterruption(of: instanceIds, at: clock.now.addingTimeInterval(delay.inSeconds), releaseAfter: releaseAfter)
    }

    /// Interrupts every spot instance launched from now on, `delay` after its launch (for the emulator).
    public func interruptSpotInstances(afterLaunch delay: Duration?) {
        withState { $0.interruptAfterLaunch = delay }
    }

    /// Makes RunInstances and StartInstance fail with a capacity error in a zone and/or for an instance type.
    /// - Parameters:
    ///   - zoneId: The zone, or `nil` for every zone.
    ///   - instanceType: The type, or `nil` for every type.
    ///   - code: The error code. Default: `OperationDenied.NoStock`.
    ///   - until: When stock returns, or `nil` for never.
    ///   - reportedAs: What DescribeAvailableResource says meanwhile. Default: `WithoutStock`; `WithStock`
    ///     plays stale stock data, which real spot tools meet (the stock API lists a type that answers NoStock).
    public func setSoldOut(
        zoneId: String?, instanceType: String? = nil, code: String = "OperationDenied.NoStock", until: Date? = nil,
        reportedAs: StatusCategory = .withoutStock
    ) {
        withState { $0.soldOut.append(.init(zoneId: zoneId, instanceType: instanceType, code: code, until: until, reportedAs: reportedAs)) }
    }

    /// Sets the stock DescribeAvailableResource reports for a zone and type. `WithoutStock` and
    /// `ClosedWithoutStock` also make launches and starts there answer `OperationDenied.NoStock`.
    public func setStock(zoneId: String, instanceType: String, _ category: StatusCategory) {
        withState { $0.stock[RegionState.marketKey(zoneId, instanceType)] = category }
    }

    /// Sets the current hourly spot price of a type in a zone (default: a fifth of its pay-as-you-go price).
    public func setSpotPrice(zoneId: String, instanceType: String, _ price: Double) {
        withState { $0.spotPrices[RegionState.marketKey(zoneId, instanceType)] = price }
    }

    /// Sets the recent interruption rate (0 to 1) DescribeSpotAdvice reports for a type in a zone (default 0.03).
    public func setInterruptionRate(zoneId: String, instanceType: String, _ rate: Double) {
        withState { $0.interruptionRates[RegionState.marketKey(zoneId, instanceType)] = rate }
    }

    /// The current hourly spot price of a type in a zone.
    public func spotPrice(zoneId: String, instanceType: String) -> Double {
        withState { $0.spotPrice(zoneId: zoneId, instanceType: instanceType) }
    }

    /// Restores stock everywhere.
    public func clearSoldOut() {
        withState { $0.soldOut.removeAll() }
    }

    /// Makes the next images fail (`CreateFailed`) part-way through.
    /// - Parameters:
    ///   - sourceInstanceId: Only images of this instance, or `nil` for any.
    ///   - count: How many images, or `nil` for all.
    ///   - atProgress: How far they get before failing, 0 to 1.
    public func failImages(ofInstance sourceInstanceId: String? = nil, count: Int? = 1, atProgress: Double = 0.5) {
        withState { $0.imageFailures.append(.init(sourceInstanceId: sourceInstanceId, remaining: count, atFraction: min(max(atProgress, 0), 1))) }
    }

    /// Adds a fault.
    public func inject(_ fault: SimulatedFault) {
        withState { $0.faults.append(fault) }
    }

    /// Removes every pending fault.
    public func clearFaults() {
        withState { $0.faults.removeAll() }
    }

    // MARK: Looking at the state

    /// Every call received so far, in order (the latest ``SimulatedRegionConfiguration/callHistoryLimit``
    /// of them, when there is a limit).
    public var calls: [SimulatedCall] { withState { $0.callHistory.calls } }

    /// The calls of one action.
    public func calls(of action: String) -> [SimulatedCall] { calls.filter { $0.action == action } }

    /// Calls `observer` after every call the region handles (for example to print a live trace).
    public func observeCalls(_ observer: @escaping @Sendable (SimulatedCall) -> Void) {
        withState { _ in callObserver = observer }
    }

    /// Forgets the recorded calls.
    public func resetCalls() {
        withState { $0.callHistory.removeAll() }
    }

    /// One instance's record, released or not.
    public func instance(_ id: String) -> SimulatedInstance? { withState { $0.instances[id] } }

    /// The instances that exist now (not released), in creation order.
    public var liveInstances: [SimulatedInstance] {
        let now = clock.now
        return withState { $0.liveInstances(at: now) }
    }

    /// Every instance ever created, in creation order.
    public var allInstances: [SimulatedInstance] { withState { state in state.instanceOrder.compactMap { state.instances[$0] } } }

    /// Every custom image, in creation order.
    public var images: [SimulatedImage] { withState { state in state.imageOrder.compactMap { state.images[$0] } } }

    /// One image's record.
    public func image(_ id: String) -> SimulatedImage? { withState { $0.images[id] } }

    /// The custom images that exist now (not deleted), in creation order.
    public var liveImages: [SimulatedImage] {
        let now = clock.now
        return withState { state in state.imageOrder.compactMap { state.liveImage($0, at: now) } }
    }

    /// Every snapshot that exists now (snapshots outlive their image until DeleteSnapshot), in creation order.
    public var snapshots: [SimulatedSnapshot] { withState { state in state.snapshotOrder.compactMap { state.snapshots[$0] } } }

    /// Snapshots whose image was deleted: billed, and what an image cleanup must not leave behind.
    public var orphanedSnapshots: [SimulatedSnapshot] {
        let now = clock.now
        return withState { $0.orphanedSnapshots(at: now) }
    }

    // MARK: Interruption events

    /// The interruptions the region has announced up to `time` (the `Recycling` lock appeared by then),
    /// with the CloudMonitor and EventBridge payloads of each, oldest first.
    public func interruptionEvents(through time: Date) -> [SimulatedInterruptionEvent] {
        withState { $0.interruptionEvents(through: time) }
    }

    /// The latest interruption announced for `instanceId` up to `time`, if any: what one delivery needs,
    /// without building the payloads of every other interruption.
    public func interruptionEvent(of instanceId: String, through time: Date) -> SimulatedInterruptionEvent? {
        withState { state in
            guard let instance = state.instances[instanceId], let marked = instance.recyclingMarkedAt, marked <= time else { return nil }
            return SimulatedInterruptionEvent(instance: instance, markedAt: marked, regionId: state.configuration.regionId)
        }
    }

    /// The interruptions announced so far, on the region's clock.
    public var announcedInterruptions: [SimulatedInterruptionEvent] {
        interruptionEvents(through: clock.now)
    }

    /// Each interruption as it is announced, checked every `interval` on the region's clock: for the
    /// emulator and demos on real time. (On a ``VirtualClock``, read ``announcedInterruptions`` after
    /// advancing instead: a stream that sleeps in a loop keeps the clock from ever settling.)
    public func interruptionEventStream(checkingEvery interval: Duration = .seconds(1)) -> AsyncStream<SimulatedInterruptionEvent> {
        let clock = clock
        return AsyncStream { continuation in
            let task = Task { [weak self] in
                var delivered = Set<String>()
                while !Task.isCancelled {
                    guard let self else { break }
                    for event in self.interruptionEvents(through: clock.now) where delivered.insert(event.eventId).inserted {
                        continuation.yield(event)
                    }
                    do { try await clock.sleep(for: interval) } catch { break }
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    // MARK: Handling requests

    /// An answer's body, with this request's ID.
    private static func answer(_ response: some ECSResponse, requestId: String) -> Data {
        var response = response
        response.requestId = requestId
        return ResponseWriter.body(response)
    }

    /// The virtual delay the matching latency faults add to a request for `action` (consumed).
    package func takeLatency(for action: String) -> Duration {
        withState { $0.takeLatency(for: action) }
    }

    /// The virtual delay of `request`: the matching latency faults (consumed) and the random latency of
    /// ``SimulatedRegionConfiguration/randomFaults``.
    package func takeLatency(for request: ECSHTTPRequest) -> Duration {
        let action = request.headers[header: "x-acs-action"] ?? ""
        let injected = takeLatency(for: action)
        guard configuration.randomFaults != nil else { return injected }
        let key = RegionState.callKey(
            action: action, query: request.percentEncodedQuery, attempt: request.headers[header: ECSClient.attemptHeaderName], at: clock.now)
        return injected + withState { $0.randomLatency(callKey: key) }
    }

    /// Handles one HTTP request as ECS would.
    /// - Returns: The response, or `nil` when a fault loses it (before or after it took effect).
    public func handle(_ request: ECSHTTPRequest) -> ECSHTTPResponse? {
        let now = clock.now
        let incoming = IncomingRequest(request)
        let action = incoming.action ?? ""
        let attempt = incoming.header(ECSClient.attemptHeaderName).flatMap(Int.init) ?? 1
        var handled: SimulatedCall?
        let response: ECSHTTPResponse? = withState { state in
            let requestId = state.newRequestId()
            let host = "ecs.\(state.configuration.regionId).aliyuncs.com"
            var recordedParameters = incoming.businessParameters
            for name in incoming.businessParameters.keys where Redaction.isSensitive(name) { recordedParameters[name] = Redaction.placeholder }
            var call = SimulatedCall(
                sequence: state.callHistory.count + 1, action: action, parameters: recordedParameters, attempt: attempt,
                nonce: incoming.header("x-acs-signature-nonce") ?? incoming.parameter("SignatureNonce"),
                time: now, httpStatus: nil, outcome: .success)
            defer {
                state.callHistory.append(call)
                handled = call
            }

            func failure(_ error: SimulatedAPIError) -> ECSHTTPResponse {
                call.httpStatus = error.status
                call.outcome = .error(code: error.code)
                return ECSHTTPResponse(
                    statusCode: error.status, headers: [HTTPHeader(name: "Content-Type", value: "application/json;charset=utf-8")],
                    body: ResponseWriter.error(error, requestId: requestId, host: host))
            }

            // A request lost on the way never reaches the region: nothing is checked or remembered.
            if state.takeConnectionLoss(for: action) {
                call.outcome = .connectionLost
                return nil
            }
            if configuration.verifiesSignatures {
                do {
                    let verified = try SignatureVerifier(credentials: configuration.credentials, maximumSkew: configuration.maximumClockSkew.inSeconds)
                        .verify(incoming, now: now, seenNonces: state.seenNonces)
                    state.rememberNonce(verified.nonce, at: now)
                } catch let error as SimulatedAPIError {
                    return failure(error)
                } catch {
                    return failure(SimulatedAPIError(status: 400, code: "IncompleteSignature", message: "The request signature could not be checked."))
                }
            }
            var loseResponse = false
            if let fault = state.takeFault(for: action) {
                switch fault.effect {
                case .error(let status, let code, let message):
                    return failure(SimulatedAPIError(status: status, code: code, message: message))
                case .rawBody(let status, let contentType, let body):
                    call.httpStatus = status
                    call.outcome = .rawBody
                    return ECSHTTPResponse(statusCode: status, headers: [HTTPHeader(name: "Content-Type", value: contentType)], body: Data(body.utf8))
                case .connectionLost:
                    call.outcome = .connectionLost
                    return nil
                case .responseLostAfterEffect:
                    loseResponse = true
                case .latency:
                    break
                }
            } else if configuration.randomFaults != nil,
                      let error = state.randomError(callKey: RegionState.callKey(
                        action: action, query: request.percentEncodedQuery, attempt: incoming.header(ECSClient.attemptHeaderName), at: now)) {
                return failure(error)
            }
            let parameters = incoming.businessParameters
            let body: Data
            do {
                switch action {
                case RunInstancesRequest.action:
                    body = ResponseWriter.body(try state.runInstances(parameters, now: now))
                case DescribeInstancesRequest.action:
                    var page = try state.describeInstances(parameters, now: now)
                    page.response.requestId = requestId
                    body = ResponseWriter.body(page, sizeHint: &state.describedInstances.answerSizeHint)
                case CreateImageRequest.action:
                    body = ResponseWriter.body(try state.createImage(parameters, now: now))
                case DescribeImagesRequest.action:
                    var response = try state.describeImages(parameters, now: now)
                    response.requestId = requestId
                    body = ResponseWriter.body(response)
                case DescribeAvailableResourceRequest.action:
                    body = Self.answer(try state.describeAvailableResource(parameters, now: now), requestId: requestId)
                case DescribeSpotPriceHistoryRequest.action:
                    body = Self.answer(try state.describeSpotPriceHistory(parameters, now: now), requestId: requestId)
                case DescribeSpotAdviceRequest.action:
                    body = Self.answer(try state.describeSpotAdvice(parameters, now: now), requestId: requestId)
                case StartInstanceRequest.action:
                    body = Self.answer(try state.startInstance(parameters, now: now), requestId: requestId)
                case StartInstancesRequest.action:
                    body = Self.answer(try state.startInstances(parameters, now: now), requestId: requestId)
                case StopInstanceRequest.action:
                    body = Self.answer(try state.stopInstance(parameters, now: now), requestId: requestId)
                case DeleteInstanceRequest.action:
                    body = Self.answer(try state.deleteInstance(parameters, now: now), requestId: requestId)
                case DeleteInstancesRequest.action:
                    body = ResponseWriter.body(try state.deleteInstances(parameters, now: now))
                case DeleteImageRequest.action:
                    body = Self.answer(try state.deleteImage(parameters, now: now), requestId: requestId)
                case DescribeSnapshotsRequest.action:
                    body = Self.answer(try state.describeSnapshots(parameters, now: now), requestId: requestId)
                case DeleteSnapshotRequest.action:
                    body = Self.answer(try state.deleteSnapshot(parameters, now: now), requestId: requestId)
                case TagResourcesRequest.action:
                    body = Self.answer(try state.tagResources(parameters, now: now), requestId: requestId)
                case UntagResourcesRequest.action:
                    body = Self.answer(try state.untagResources(parameters, now: now), requestId: requestId)
                case DescribeUserDataRequest.action:
                    body = Self.answer(try state.describeUserData(parameters, now: now), requestId: requestId)
                case DescribeInstanceRamRoleRequest.action:
                    body = Self.answer(try state.describeInstanceRamRole(parameters, now: now), requestId: requestId)
                case DescribeInstanceHistoryEventsRequest.action:
                    body = Self.answer(try state.describeInstanceHistoryEvents(parameters, now: now), requestId: requestId)
                case CreateLaunchTemplateRequest.action:
                    body = Self.answer(try state.createLaunchTemplate(parameters, now: now), requestId: requestId)
                case DescribeLaunchTemplatesRequest.action:
                    body = Self.answer(try state.describeLaunchTemplates(parameters, now: now), requestId: requestId)
                case DescribeLaunchTemplateVersionsRequest.action:
                    body = Self.answer(try state.describeLaunchTemplateVersions(parameters, now: now), requestId: requestId)
                case "":
                    throw SimulatedAPIError.missingParameter("Action")
                default:
                    guard let stub = state.stubbedActions[action] else {
                        throw SimulatedAPIError.notFound("InvalidAction.NotFound", "Specified api \(action) is not found, please check your url and method.")
                    }
                    body = try stub(parameters, requestId)
                }
            } catch let error as SimulatedAPIError {
                return failure(error)
            } catch {
                return failure(.internalError)
            }
            call.httpStatus = 200
            if loseResponse {
                call.outcome = .responseLost
                return nil
            }
            return ECSHTTPResponse(statusCode: 200, headers: [HTTPHeader(name: "Content-Type", value: "application/json;charset=utf-8")], body: body)
        }
        if let handled, let observer = withState({ _ in callObserver }) { observer(handled) }
        return response
    }

}
