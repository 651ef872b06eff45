import AliyunECS
import Foundation

extension RegionState {
    func describeInstances(_ parameters: [String: String], now: Date) throws(SimulatedAPIError) -> DescribedInstancesPage {
        let request = try decode(DescribeInstancesRequest.self, parameters)
        try checkRegion(request.regionId)
        if let ids = request.instanceIds, ids.count > 100 {
            throw SimulatedAPIError(status: 400, code: "InvalidInstanceIds.ValueNotSupported", message: "The InstanceIds parameter accepts at most 100 IDs.")
        }
        let wantedTags = request.tags ?? []
        let namePattern = request.instanceName

        // Scan as little as the filters allow: the named IDs, the instances with a scheduled interruption,
        // those launched from the image asked for, or everything, always in creation order as ECS answers.
        let source: [String]
        // With the LockReason filter over `interruptedOrder`, an instance outside its notice is skipped without
        // looking its record up; positions in `source` stay the same, so a NextToken keeps its meaning.
        var windows: [RecyclingWindow?]?
        if let ids = request.instanceIds {
            source = Set(ids).compactMap { id in creationIndex[id].map { (position: $0, id: id) } }
                .sorted { $0.position < $1.position }
                .map(\.id)
        } else if request.lockReason != nil {
            source = interruptedOrder
            windows = interruptedWindows
        } else if let image = request.imageId {
            source = instancesByImage[image] ?? []
        } else {
            source = instanceOrder
        }
        func cannotMatch(_ position: Int) -> Bool {
            guard let windows else { return false }
            return !(windows[position]?.mayBeMarked(at: now) ?? false)
        }
        func matches(_ instance: SimulatedInstance) -> Bool {
            guard let status = instance.status(at: now) else { return false }
            if let wanted = request.status, wanted != status { return false }
            if let zone = request.zoneId, zone != instance.zoneId { return false }
            if let vpc = request.vpcId, vpc != instance.vpcId { return false }
            if let vSwitch = request.vSwitchId, vSwitch != instance.vSwitchId { return false }
            if let type = request.instanceType, type != instance.instanceType { return false }
            if let image = request.imageId, image != instance.imageId { return false }
            if let group = request.securityGroupId, !instance.securityGroupIds.contains(group) { return false }
            if let charge = request.instanceChargeType, charge != instance.instanceChargeType { return false }
            if let keyPair = request.keyPairName, keyPair != instance.keyPairName { return false }
            if let group = request.resourceGroupId, group != instance.resourceGroupId { return false }
            if let charge = request.internetChargeType, charge != instance.internetChargeType { return false }
            if let reason = request.lockReason {
                guard reason.isRecycling, instance.isMarkedForRecycling(at: now) else { return false }
            }
            for tag in wantedTags {
                guard instance.tags.contains(where: { $0.key == tag.key && (tag.value == nil || tag.value == $0.value) }) else { return false }
            }
            if let namePattern, !Self.matches(instance.name ?? instance.id, pattern: namePattern) { return false }
            return true
        }

        if request.nextToken != nil || request.maxResults != nil {
            // The token is a position in the scanned list, so each page costs only what it scans.
            let size = min(max(request.maxResults ?? 10, 10), 100)
            var position = 0
            if let token = request.nextToken, !token.isEmpty {
                guard token.hasPrefix("sim."), let parsed = Int(token.dropFirst(4), radix: 16), parsed >= 0 else {
                    throw SimulatedAPIError(status: 400, code: "InvalidParameter.NextToken", message: "The specified NextToken is not valid.")
                }
                position = parsed
            }
            var page: [DescribedInstanceMemo.Entry] = []
            page.reserveCapacity(min(size, source.count - min(position, source.count)))
            var nextToken = ""
            while position < source.count {
                if !cannotMatch(position), let instance = instances[source[position]], matches(instance) {
                    if page.count == size {
                        nextToken = "sim." + String(position, radix: 16)
                        break
                    }
                    page.append(try describedInstances.described(instance, at: now, regionId: configuration.regionId))
                }
                position += 1
            }
            return DescribedInstancesPage(instances: page, response: DescribeInstancesResponse(nextToken: nextToken, pageSize: size))
        }
        let matching = source.indices.filter { !cannotMatch($0) }.compactMap { instances[source[$0]] }.filter(matches)
        let pageSize = min(max(request.pageSize ?? 10, 1), 100)
        let pageNumber = max(request.pageNumber ?? 1, 1)
        let page = Array(matching.dropFirst((pageNumber - 1) * pageSize).prefix(pageSize))
        return try DescribedInstancesPage(
            instances: page.map { instance throws(SimulatedAPIError) in try describedInstances.described(instance, at: now, regionId: configuration.regionId) },
            response: DescribeInstancesResponse(pageNumber: pageNumber, pageSize: pageSize, totalCount: matching.count))
    }

    /// `*` matches any run of characters, as in ECS's InstanceName filter.
    static func matches(_ text: String, pattern: String) -> Bool {
        guard pattern.contains("*") else { return text == pattern }
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        var remainder = Substring(text)
        for (index, part) in parts.enumerated() where !part.isEmpty {
            if index == 0 {
                guard remainder.hasPrefix(part) else { return false }
                remainder = remainder.dropFirst(part.count)
            } else if index == parts.count - 1 {
                return remainder.hasSuffix(part)
            } else {
                guard let range = remainder.range(of: part) else { return false }
                remainder = remainder[range.upperBound...]
            }
        }
        return true
    }
}
