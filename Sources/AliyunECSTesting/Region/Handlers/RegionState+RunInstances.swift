import AliyunECS
import Foundation

extension RegionState {
    mutating func runInstances(_ parameters: [String: String], now: Date) throws(SimulatedAPIError) -> RunInstancesResponse {
        let request = try decode(RunInstancesRequest.self, parameters)
        try checkRegion(request.regionId)
        if var earlier = try replay(RunInstancesResponse.self, action: RunInstancesRequest.action, token: request.clientToken, parameters: parameters) {
            earlier.requestId = newRequestId()
            return earlier
        }
        guard let imageId = request.imageId, !imageId.isEmpty else { throw .missingParameter("ImageId") }
        guard let instanceType = request.instanceType, !instanceType.isEmpty else { throw .missingParameter("InstanceType") }
        guard let vSwitchId = request.vSwitchId, !vSwitchId.isEmpty else { throw .missingParameter("VSwitchId") }
        let securityGroups = request.securityGroupIds ?? request.securityGroupId.map { [$0] } ?? []
        guard !securityGroups.isEmpty else { throw .missingParameter("SecurityGroupId") }
        let amount = request.amount ?? 1
        guard (1...100).contains(amount) else { throw .invalidParameter("Amount", "must be between 1 and 100") }

        let vSwitch = try placement(vSwitchId: vSwitchId, zoneId: request.zoneId)
        try checkLaunchImage(imageId, now: now)
        let strategy = request.spotStrategy ?? .noSpot
        if strategy != .noSpot, let charge = request.instanceChargeType, charge != .postPaid {
            throw .invalidParameter("InstanceChargeType", "must be PostPaid for a spot instance")
        }
        let onDemand = configuration.onDemandPrice(of: instanceType)
        let spotPrice = self.spotPrice(zoneId: vSwitch.zoneId, instanceType: instanceType)
        if strategy == .spotWithPriceLimit {
            guard let limit = request.spotPriceLimit else { throw .missingParameter("SpotPriceLimit") }
            guard limit >= spotPrice else {
                throw SimulatedAPIError(status: 400, code: "InvalidSpotPriceLimit.LowerThanPublicPrice", message: "The specified parameter spotPriceLimit can't be lower than current public price.")
            }
        }
        if let shortage = capacityError(zoneId: vSwitch.zoneId, instanceType: instanceType, at: now) { throw shortage }
        if request.dryRun == true {
            throw SimulatedAPIError(status: 400, code: "DryRunOperation", message: "Request validation has been passed with DryRun flag set.")
        }

        var ids: [String] = []
        for index in 0..<amount {
            let id = newInstanceId()
            var name = request.instanceName
            if let base = name, request.uniqueSuffix == true || amount > 1 { name = base + String(format: "%03d", index + 1) }
            let instance = SimulatedInstance(
                id: id, name: name, zoneId: vSwitch.zoneId, instanceType: instanceType, imageId: imageId,
                vSwitchId: vSwitch.id, vpcId: vSwitch.vpcId, securityGroupIds: securityGroups,
                tags: (request.tags ?? []).map { ResourceTag(key: $0.key, value: $0.value ?? "") },
                spotStrategy: strategy, spotPriceLimit: request.spotPriceLimit, spotDuration: request.spotDuration,
                spotInterruptionBehavior: request.spotInterruptionBehavior ?? .terminate,
                instanceChargeType: request.instanceChargeType ?? .postPaid,
                internetMaxBandwidthOut: request.internetMaxBandwidthOut, privateIpAddress: newPrivateAddress(),
                createdAt: now, runningAt: runningAt(of: id, named: name, start: 0, from: now))
            insert(instance)
            ids.append(id)
        }
        let response = RunInstancesResponse(
            instanceIds: ids, requestId: newRequestId(), tradePrice: strategy == .noSpot ? onDemand : spotPrice)
        remember(response, action: RunInstancesRequest.action, token: request.clientToken, parameters: parameters)
        return response
    }

    static func soldOutMessage(_ code: String) -> String {
        switch code {
        case "OperationDenied.NoStock": "The requested resource is sold out in the specified zone; try other types of resources or other regions and zones."
        case "Zone.NotOnSale": "The specified zone is not available for purchase."
        case "InstanceType.Offline": "The specified InstanceType is offline."
        case "InvalidInstanceType.ZoneNotSupported": "The specified zone does not support this instance type."
        default: "The requested resource is not available."
        }
    }

    /// The vSwitch to launch in, checked against the requested zone.
    private mutating func placement(vSwitchId: String, zoneId: String?) throws(SimulatedAPIError) -> SimulatedVSwitch {
        if let known = vSwitches[vSwitchId] {
            if let zoneId, zoneId != known.zoneId {
                throw SimulatedAPIError(status: 400, code: "InvalidVSwitchId.NotFound", message: "The vSwitch \(vSwitchId) is not in zone \(zoneId).")
            }
            return known
        }
        guard !configuration.requiresKnownNetwork else {
            throw .notFound("InvalidVSwitchId.NotFound", "The specified vSwitch \(vSwitchId) does not exist.")
        }
        let zone = zoneId ?? configuration.zones.first ?? "\(configuration.regionId)-a"
        guard configuration.zones.contains(zone) else {
            throw .notFound("InvalidZoneId.NotFound", "The specified zone \(zone) does not exist.")
        }
        let created = SimulatedVSwitch(id: vSwitchId, zoneId: zone)
        vSwitches[vSwitchId] = created
        return created
    }

    private func checkLaunchImage(_ imageId: String, now: Date) throws(SimulatedAPIError) {
        if imageId.hasPrefix("m-") {
            guard let image = liveImage(imageId, at: now) else {
                throw .notFound("InvalidImageId.NotFound", "The specified image \(imageId) does not exist.")
            }
            guard image.status(at: now) == .available else {
                throw SimulatedAPIError(status: 403, code: "IncorrectImageStatus", message: "The specified image \(imageId) is not available yet.")
            }
        } else if configuration.requiresKnownPublicImages, !configuration.publicImages.contains(imageId) {
            throw .notFound("InvalidImageId.NotFound", "The specified image \(imageId) does not exist.")
        }
    }
}
