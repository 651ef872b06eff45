import AliyunECS
import Foundation

extension RegionState {
    /// The instance `id`, unless it was released.
    func liveInstance(_ id: String, at now: Date) throws(SimulatedAPIError) -> SimulatedInstance {
        guard let instance = instances[id], !instance.isReleased(at: now) else {
            throw .notFound("InvalidInstanceId.NotFound", "The specified instance \(id) does not exist.")
        }
        return instance
    }

    /// Starts a stopped instance: refused while its zone and type have no stock, or while a
    /// `SpotWithPriceLimit` instance's limit is below the market price; otherwise `Starting`, then `Running`.
    mutating func start(_ id: String, now: Date) throws(SimulatedAPIError) -> (previous: InstanceStatus, current: InstanceStatus) {
        var instance = try liveInstance(id, at: now)
        guard let status = instance.status(at: now), status == .stopped else {
            throw SimulatedAPIError(status: 403, code: "IncorrectInstanceStatus", message: "The current status of the instance does not support this operation.")
        }
        if instance.spotStrategy != .noSpot {
            if let shortage = capacityError(zoneId: instance.zoneId, instanceType: instance.instanceType, at: now) { throw shortage }
            if instance.spotStrategy == .spotWithPriceLimit, let limit = instance.spotPriceLimit,
               limit < spotPrice(zoneId: instance.zoneId, instanceType: instance.instanceType) {
                throw SimulatedAPIError(
                    status: 403, code: "OperationDenied.SpotPriceLowerThanPublicPrice",
                    message: "The spot price limit of the instance is lower than the current public price.")
            }
        }
        // Back on its feet: the interruption is over (its record kept), and a new one may come later.
        if let marked = instance.recyclingMarkedAt, marked <= now {
            finishedInterruptions.append(FinishedInterruption(
                instanceId: id, markedAt: marked, endedAt: min(instance.releasedAt ?? now, now), behavior: instance.spotInterruptionBehavior))
        }
        if instance.recyclingMarkedAt != nil { interruptedOrder.removeAll { $0 == id } }
        instance.stoppedAt = nil
        instance.stoppedMode = nil
        instance.recyclingMarkedAt = nil
        instance.releasedAt = nil
        if let listed = interruptedOrder.firstIndex(of: id) { interruptedWindows[listed] = nil }
        instance.restarts += 1
        instance.runningAt = runningAt(of: id, named: instance.name, start: instance.restarts, from: now)
        instances[id] = instance
        if let delay = interruptAfterLaunch, instance.spotStrategy != .noSpot {
            // As after a launch: the emulator's --interrupt-after counts from each start too.
            scheduleInterruption(of: [id], at: now.addingTimeInterval(delay.inSeconds), releaseAfter: nil)
        }
        return (.stopped, .starting)
    }

    mutating func startInstance(_ parameters: [String: String], now: Date) throws(SimulatedAPIError) -> StartInstanceResponse {
        let request = try decode(StartInstanceRequest.self, parameters)
        if request.dryRun == true {
            _ = try liveInstance(request.instanceId, at: now)
            throw SimulatedAPIError(status: 400, code: "DryRunOperation", message: "Request validation has been passed with DryRun flag set.")
        }
        _ = try start(request.instanceId, now: now)
        return StartInstanceResponse()
    }

    mutating func startInstances(_ parameters: [String: String], now: Date) throws(SimulatedAPIError) -> StartInstancesResponse {
        let request = try decode(StartInstancesRequest.self, parameters)
        try checkRegion(request.regionId)
        guard (1...100).contains(request.instanceIds.count) else { throw .invalidParameter("InstanceId", "must name 1 to 100 instances") }
        let responses = request.instanceIds.map { id -> StartInstancesResponse.InstanceResponse in
            do throws(SimulatedAPIError) {
                let change = try start(id, now: now)
                return .init(code: "200", currentStatus: change.current, instanceId: id, message: "success", previousStatus: change.previous)
            } catch {
                let status = instances[id]?.status(at: now)
                return .init(code: error.code, currentStatus: status, instanceId: id, message: error.message, previousStatus: status)
            }
        }
        return StartInstancesResponse(instanceResponses: responses)
    }

    mutating func stopInstance(_ parameters: [String: String], now: Date) throws(SimulatedAPIError) -> StopInstanceResponse {
        let request = try decode(StopInstanceRequest.self, parameters)
        var instance = try liveInstance(request.instanceId, at: now)
        guard instance.status(at: now) == .running else {
            throw SimulatedAPIError(status: 403, code: "IncorrectInstanceStatus", message: "The current status of the instance does not support this operation.")
        }
        instance.stoppedAt = now
        instance.stoppedMode = request.stoppedMode == "StopCharging" ? .stopCharging : .keepCharging
        instances[request.instanceId] = instance
        return StopInstanceResponse()
    }

    /// The instance `id`, unless it was released or its release protection refuses DeleteInstance.
    func deletableInstance(_ id: String, at now: Date) throws(SimulatedAPIError) -> SimulatedInstance {
        let instance = try liveInstance(id, at: now)
        guard !instance.deletionProtection else {
            throw SimulatedAPIError(status: 403, code: "InvalidOperation.DeletionProtection", message: "The instance \(id) has release protection enabled.")
        }
        return instance
    }

    /// Releases an instance: a running one only with `Force`; one with release protection never.
    mutating func release(_ id: String, force: Bool, now: Date) throws(SimulatedAPIError) {
        var instance = try deletableInstance(id, at: now)
        guard force || instance.status(at: now) == .stopped else {
            throw SimulatedAPIError(status: 403, code: "IncorrectInstanceStatus", message: "The instance must be stopped before it is released, or Force set.")
        }
        instance.deletedAt = now
        instances[id] = instance
    }

    mutating func deleteInstance(_ parameters: [String: String], now: Date) throws(SimulatedAPIError) -> DeleteInstanceResponse {
        let request = try decode(DeleteInstanceRequest.self, parameters)
        try release(request.instanceId, force: request.force == true, now: now)
        return DeleteInstanceResponse()
    }

    mutating func deleteInstances(_ parameters: [String: String], now: Date) throws(SimulatedAPIError) -> DeleteInstancesResponse {
        let request = try decode(DeleteInstancesRequest.self, parameters)
        try checkRegion(request.regionId)
        if var earlier = try replay(DeleteInstancesResponse.self, action: DeleteInstancesRequest.action, token: request.clientToken, parameters: parameters) {
            earlier.requestId = newRequestId()
            return earlier
        }
        for id in request.instanceIds { _ = try deletableInstance(id, at: now) }
        for id in request.instanceIds { try release(id, force: request.force == true, now: now) }
        let response = DeleteInstancesResponse(requestId: newRequestId())
        remember(response, action: DeleteInstancesRequest.action, token: request.clientToken, parameters: parameters)
        return response
    }
}
