import AliyunECS
import Foundation

/// Setting up what a launch refers to (launch templates, key pairs, RAM roles) and reading what an instance
/// was launched with, without going through the API.
extension SimulatedRegion {
    /// Creates a launch template as CreateLaunchTemplate does (same checks and errors): version 1, its default.
    /// - Returns: The template ID (`lt-…`).
    /// - Throws: `ECSServiceError` with ECS's code when CreateLaunchTemplate would refuse.
    @discardableResult
    public func addLaunchTemplate(_ request: CreateLaunchTemplateRequest) throws -> String {
        var parameters = try Self.wireParameters(of: request)
        parameters["RegionId"] = regionId
        let now = clock.now
        let response = try Self.serviceErrors(action: CreateLaunchTemplateRequest.action) {
            try withState { try $0.createLaunchTemplate(parameters, now: now) }
        }
        return response.launchTemplateId ?? ""
    }

    /// Adds a version to a launch template (what ECS's CreateLaunchTemplateVersion does, which the simulator
    /// does not serve). `data`'s launch parameters make the version; its template name is not used.
    /// - Parameters:
    ///   - templateId: The template (`lt-…`).
    ///   - data: The version's launch parameters.
    ///   - makeDefault: Whether RunInstances without a version uses it from now on.
    /// - Returns: The new version number.
    @discardableResult
    public func addLaunchTemplateVersion(templateId: String, _ data: CreateLaunchTemplateRequest, makeDefault: Bool = false) throws -> Int {
        let parameters = try Self.wireParameters(of: data)
        let now = clock.now
        return try Self.serviceErrors(action: "CreateLaunchTemplateVersion") {
            try withState { try $0.addLaunchTemplateVersion(templateId: templateId, parameters, makeDefault: makeDefault, now: now) }
        }
    }

    /// Makes `version` the default version of a launch template (ECS's ModifyLaunchTemplateDefaultVersion).
    public func setDefaultLaunchTemplateVersion(templateId: String, version: Int) throws {
        let now = clock.now
        try Self.serviceErrors(action: "ModifyLaunchTemplateDefaultVersion") {
            try withState { try $0.setDefaultLaunchTemplateVersion(templateId: templateId, version: version, now: now) }
        }
    }

    /// The user data an instance was launched with (Base64), or `nil` when it has none. A secret: tests compare
    /// it, nothing prints it.
    public func userData(ofInstance instanceId: String) -> String? {
        withState { $0.userData[instanceId] }
    }

    /// Deletes a key pair: launches naming it fail with `InvalidKeyPairName.NotFound` (every other name exists).
    public func deleteKeyPair(named name: String) {
        withState { _ = $0.deletedKeyPairs.insert(name) }
    }

    /// Deletes a RAM role: launches and DescribeInstanceRamRole naming it fail with `InvalidRamRole.NotFound`.
    public func deleteRamRole(named name: String) {
        withState { _ = $0.deletedRamRoles.insert(name) }
    }

    // MARK: System events

    /// Records a system event of an instance, as ECS publishes one (DescribeInstanceHistoryEvents reports it).
    /// - Parameters:
    ///   - type: Its kind, e.g. `.systemMaintenanceReboot`.
    ///   - instanceId: The instance.
    ///   - publishedAt: When it is published (default: now).
    ///   - notBefore: When it is scheduled (default: when it is published).
    ///   - finishedAt: When it ends, or `nil` for an event still open.
    ///   - outcome: The state it ends in.
    ///   - reason: Why.
    /// - Returns: The event ID.
    @discardableResult
    public func recordSystemEvent(
        _ type: SystemEventType, instanceId: String, publishedAt: Date? = nil, notBefore: Date? = nil, finishedAt: Date?,
        endingAs outcome: SystemEventCycleStatus = .executed, reason: String? = nil
    ) -> String {
        let published = publishedAt ?? clock.now
        return withState { state in
            let event = SimulatedSystemEvent(
                eventId: "e-bp" + state.generator.identifier(18), instanceId: instanceId, type: type, publishedAt: published,
                notBefore: notBefore ?? published, finishedAt: finishedAt, outcome: outcome, reason: reason)
            state.recordedSystemEvents.append(event)
            return event.eventId
        }
    }

    /// Every system event published so far (recorded by hand, and spot interruptions when
    /// ``SimulatedRegionConfiguration/spotInterruptionEventType`` is set), oldest first.
    public var systemEvents: [SimulatedSystemEvent] {
        let now = clock.now
        return withState { $0.systemEvents(at: now) }
    }

    // MARK: Helpers

    /// A request's parameters as they travel.
    private static func wireParameters(of request: some ECSRequest) throws -> [String: String] {
        Dictionary(try QueryEncoder().encode(request).map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
    }

    /// Runs `body`, turning the region's refusal into the `ECSServiceError` a client would see.
    private static func serviceErrors<Result>(action: String, _ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch let error as SimulatedAPIError {
            throw ECSServiceError(action: action, httpStatus: error.status, code: error.code, message: error.message)
        }
    }
}
