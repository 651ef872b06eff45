import AliyunECS
import Foundation

extension RegionState {
    static func marketKey(_ zoneId: String, _ instanceType: String) -> String { zoneId + "\u{0}" + instanceType }

    /// The current hourly spot price: set by hand, else a fifth of the pay-as-you-go price.
    func spotPrice(zoneId: String, instanceType: String) -> Double {
        spotPrices[Self.marketKey(zoneId, instanceType)] ?? (configuration.onDemandPrice(of: instanceType) * 0.2 * 1000).rounded() / 1000
    }

    /// What DescribeAvailableResource reports: set by hand, else what a sold-out rule says, else in stock.
    func stockCategory(zoneId: String, instanceType: String, at time: Date) -> StatusCategory {
        if let set = stock[Self.marketKey(zoneId, instanceType)] { return set }
        if let rule = soldOut.first(where: { $0.matches(zoneId: zoneId, instanceType: instanceType, at: time) }) { return rule.reportedAs }
        return .withStock
    }

    /// The capacity error a launch or start of `instanceType` in `zoneId` answers with now, if any.
    func capacityError(zoneId: String, instanceType: String, at time: Date) -> SimulatedAPIError? {
        if let rule = soldOut.first(where: { $0.matches(zoneId: zoneId, instanceType: instanceType, at: time) }) {
            return SimulatedAPIError(status: 403, code: rule.code, message: Self.soldOutMessage(rule.code))
        }
        switch stock[Self.marketKey(zoneId, instanceType)] {
        case .withoutStock?, .closedWithoutStock?:
            return SimulatedAPIError(status: 403, code: "OperationDenied.NoStock", message: Self.soldOutMessage("OperationDenied.NoStock"))
        default:
            return nil
        }
    }

    func describeAvailableResource(_ parameters: [String: String], now: Date) throws(SimulatedAPIError) -> DescribeAvailableResourceResponse {
        let request = try decode(DescribeAvailableResourceRequest.self, parameters)
        try checkRegion(request.regionId)
        let zones = configuration.zones.filter { request.zoneId == nil || request.zoneId == $0 }
        let types = configuration.instanceTypes.filter { type in
            (request.instanceType == nil || request.instanceType == type.name)
                && (request.cores == nil || request.cores == type.cores)
                && (request.memory == nil || request.memory == type.memoryGiB)
        }
        var answer = DescribeAvailableResourceResponse()
        answer.availableZones = zones.map { zoneId in
            let supported = types.map { type in
                let category = stockCategory(zoneId: zoneId, instanceType: type.name, at: now)
                let onSale = category == .withStock || category == .closedWithStock
                return DescribeAvailableResourceResponse.AvailableZone.AvailableResource.SupportedResource(
                    status: onSale ? .available : .soldOut, statusCategory: category, value: type.name)
            }
            let anyOnSale = supported.contains { $0.status == .available }
            var zone = DescribeAvailableResourceResponse.AvailableZone()
            zone.zoneId = zoneId
            zone.regionId = configuration.regionId
            zone.status = anyOnSale || supported.isEmpty ? .available : .soldOut
            zone.statusCategory = anyOnSale || supported.isEmpty ? .withStock : .withoutStock
            if request.destinationResource == .instanceType {
                zone.availableResources = [.init(supportedResources: supported, type: "InstanceType")]
            }
            return zone
        }
        return answer
    }

    func describeSpotPriceHistory(_ parameters: [String: String], now: Date) throws(SimulatedAPIError) -> DescribeSpotPriceHistoryResponse {
        let request = try decode(DescribeSpotPriceHistoryRequest.self, parameters)
        try checkRegion(request.regionId)
        let zones = configuration.zones.filter { request.zoneId == nil || request.zoneId == $0 }
        var points: [DescribeSpotPriceHistoryResponse.SpotPrice] = []
        for zoneId in zones {
            let current = spotPrice(zoneId: zoneId, instanceType: request.instanceType)
            let origin = configuration.onDemandPrice(of: request.instanceType)
            // Three hourly points ending now; older ones a little dearer, so "latest" is what counts.
            for hoursAgo in [2, 1, 0] {
                var point = DescribeSpotPriceHistoryResponse.SpotPrice()
                point.zoneId = zoneId
                point.instanceType = request.instanceType
                point.networkType = request.networkType
                point.ioOptimized = "optimized"
                point.timestamp = now.addingTimeInterval(-3600 * Double(hoursAgo))
                point.spotPrice = ((current * (1 + 0.1 * Double(hoursAgo))) * 1000).rounded() / 1000
                point.originPrice = origin
                points.append(point)
            }
        }
        return DescribeSpotPriceHistoryResponse(currency: "CNY", nextOffset: 0, spotPrices: points)
    }

    func describeSpotAdvice(_ parameters: [String: String], now: Date) throws(SimulatedAPIError) -> DescribeSpotAdviceResponse {
        let request = try decode(DescribeSpotAdviceRequest.self, parameters)
        try checkRegion(request.regionId)
        let wanted = request.instanceTypes.map(Set.init)
        let zones = configuration.zones.filter { request.zoneId == nil || request.zoneId == $0 }
        let answerZones = zones.map { zoneId in
            let resources = configuration.instanceTypes.filter { type in
                (wanted?.contains(type.name) ?? true) && (request.cores == nil || request.cores == type.cores)
                    && (request.memory == nil || request.memory == type.memoryGiB)
            }.map { type in
                let rate = interruptionRates[Self.marketKey(zoneId, type.name)] ?? 0.03
                let band = rate < 0.05 ? "0-5%" : rate < 0.1 ? "5-10%" : rate < 0.15 ? "10-15%" : rate < 0.2 ? "15-20%" : ">20%"
                let discount = Int((1 - spotPrice(zoneId: zoneId, instanceType: type.name) / type.onDemandPrice) * 100)
                return DescribeSpotAdviceResponse.AvailableSpotZone.AvailableSpotResource(
                    averageSpotDiscount: discount, instanceType: type.name, interruptRateDesc: band, interruptionRate: rate)
            }
            return DescribeSpotAdviceResponse.AvailableSpotZone(availableSpotResources: resources, zoneId: zoneId)
        }
        return DescribeSpotAdviceResponse(availableSpotZones: answerZones, regionId: configuration.regionId)
    }
}
