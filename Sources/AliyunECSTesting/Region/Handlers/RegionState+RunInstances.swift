import AliyunECS
import Foundation

extension RegionState {
    mutating func runInstances(_ parameters: [String: String], now: Date) throws(SimulatedAPIError) -> RunInstancesResponse {
        let received = try decode(RunInstancesRequest.self, parameters)
        try checkRegion(received.regionId)
        if var earlier = try replay(RunInstancesResponse.self, action: RunInstancesRequest.action, token: received.clientToken, parameters: parameters) {
            earlier.requestId = newRequestId()
            return earlier
        }
        // A launch template's parameters count as if sent, under those that were.
        let merged = try withLaunchTemplate(received, parameters)
        let request = merged == parameters ? received : try decode(RunInstancesRequest.self, merged)
        guard let imageId = request.imageId, !imageId.isEmpty else { throw .missingParameter("ImageId") }
        guard let instanceType = request.instanceType, !instanceType.isEmpty else { throw .missingParameter("InstanceType") }
        guard let vSwitchId = request.vSwitchId, !vSwitchId.isEmpty else { throw .missingParameter("VSwitchId") }
        var launch = SimulatedLaunchSpecification(request)
        launch.securityGroupIds = try LaunchRules.securityGroups(of: request)
        let amount = request.amount ?? 1
        guard (1...100).contains(amount) else { throw .invalidParameter("Amount", "must be between 1 and 100") }
        try TagRules.checkCreationTags(request.tags ?? [])
        try LaunchRules.checkUserData(request.userData)
        try LaunchRules.checkHostName(request.hostName)
        try LaunchRules.checkSettings(of: request)
        try checkNamedResources(keyPairName: request.keyPairName, ramRoleName: request.ramRoleName)

        let vSwitch = try placement(vSwitchId: vSwitchId, zoneId: request.zoneId)
        try checkLaunchImage(imageId, now: now)
        let strategy = launch.spotStrategy
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
        let numbered = request.uniqueSuffix == true || amount > 1
        for index in 0..<amount {
            let id = newInstanceId()
            var name = request.instanceName
            if let base = name, numbered { name = base + String(format: "%03d", index + 1) }
            var instanceLaunch = launch
            if let host = launch.hostName, numbered { instanceLaunch.hostName = host + String(format: "%03d", index + 1) }
            var instance = SimulatedInstance(
                id: id, name: name, vSwitch: vSwitch, instanceType: instanceType, imageId: imageId, launch: instanceLaunch,
                privateIpAddress: newPrivateAddress(), createdAt: now,
                runningAt: runningAt(of: id, named: name, start: 0, from: now))
            instance.instanceChargeType = request.instanceChargeType ?? .postPaid
            insert(instance, userData: launch.userData)
            ids.append(id)
        }
        let response = RunInstancesResponse(
            instanceIds: ids, requestId: newRequestId(), tradePrice: strategy == .noSpot ? onDemand : spotPrice)
        remember(response, action: RunInstancesRequest.action, token: received.clientToken, parameters: parameters)
        return response
    }

    /// A key pair or RAM role deleted by hand is `…NotFound`, as in ECS; every other name exists.
    private func checkNamedResources(keyPairName: String?, ramRoleName: String?) throws(SimulatedAPIError) {
        if let keyPairName, deletedKeyPairs.contains(keyPairName) {
            throw .notFound("InvalidKeyPairName.NotFound", "The specified parameter \"KeyPairName\" does not exist in our records.")
        }
        if let ramRoleName, deletedRamRoles.contains(ramRoleName) {
            throw .notFound("InvalidRamRole.NotFound", "The specified parameter \"RAMRoleName\" does not exist.")
        }
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
