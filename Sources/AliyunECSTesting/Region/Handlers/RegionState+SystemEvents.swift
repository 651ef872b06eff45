import AliyunECS
import Foundation

extension RegionState {
    /// How long ECS keeps finished system events.
    static let systemEventRetention: TimeInterval = 30 * 24 * 3600

    /// Every system event published by `now`: those recorded by hand, and one per spot interruption when the
    /// configuration names a type for them; oldest first.
    func systemEvents(at now: Date) -> [SimulatedSystemEvent] {
        var events = recordedSystemEvents.filter { $0.publishedAt <= now }
        if let type = configuration.spotInterruptionEventType {
            for interruption in finishedInterruptions where interruption.markedAt <= now {
                events.append(SimulatedSystemEvent(interruptionOf: interruption.instanceId, type: type, markedAt: interruption.markedAt, endsAt: interruption.endedAt))
            }
            for id in interruptedOrder {
                guard let instance = instances[id], let marked = instance.recyclingMarkedAt, marked <= now else { continue }
                let ends = min(instance.releasedAt ?? .distantFuture, instance.deletedAt ?? .distantFuture)
                events.append(SimulatedSystemEvent(interruptionOf: id, type: type, markedAt: marked, endsAt: ends))
            }
        }
        return events.sorted { ($0.publishedAt, $0.eventId) < ($1.publishedAt, $1.eventId) }
    }

    /// DescribeInstanceHistoryEvents: without a state filter only finished events (`Avoided`, `Executed`,
    /// `Canceled`, `Failed`) of the last 30 days, as ECS documents; the list filters (`InstanceEventType.N`,
    /// `InstanceEventCycleStatus.N`, `ResourceId.N`) win over their single forms.
    func describeInstanceHistoryEvents(_ parameters: [String: String], now: Date) throws(SimulatedAPIError) -> DescribeInstanceHistoryEventsResponse {
        let request = try decode(DescribeInstanceHistoryEventsRequest.self, parameters)
        try checkRegion(request.regionId)
        let resourceIds = request.resourceIds.map(Set.init) ?? request.instanceId.map { [$0] }
        let eventIds = request.eventIds.map(Set.init)
        let types = request.instanceEventTypes.map(Set.init) ?? request.eventType.map { [$0] }
        let statuses = request.instanceEventCycleStatuses.map(Set.init) ?? request.eventCycleStatus.map { [$0] }
            ?? [.avoided, .executed, .canceled, .failed]
        let published = try Self.window(request.eventPublishTime?.start, request.eventPublishTime?.end, "EventPublishTime")
        let scheduled = try Self.window(request.notBefore?.start, request.notBefore?.end, "NotBefore")
        let wantedTags = request.tags ?? []
        let isInstanceQuery = (request.resourceType ?? "instance").lowercased() == "instance"

        let matching = systemEvents(at: now).filter { event in
            guard isInstanceQuery, let status = event.status(at: now), statuses.contains(status) else { return false }
            if let finished = event.finishedAt, finished <= now, now.timeIntervalSince(finished) > Self.systemEventRetention { return false }
            if let resourceIds, !resourceIds.contains(event.instanceId) { return false }
            if let eventIds, !eventIds.contains(event.eventId) { return false }
            if let types, !types.contains(event.type) { return false }
            guard published.from <= event.publishedAt, event.publishedAt <= published.to,
                  scheduled.from <= event.notBefore, event.notBefore <= scheduled.to else { return false }
            if !wantedTags.isEmpty || request.resourceGroupId != nil {
                guard let instance = instances[event.instanceId] else { return false }
                if let group = request.resourceGroupId, group != instance.resourceGroupId { return false }
                for tag in wantedTags where !instance.tags.contains(where: { $0.key == tag.key && (tag.value == nil || tag.value == $0.value) }) {
                    return false
                }
            }
            return true
        }.map { Self.described($0, at: now) }

        var answer = DescribeInstanceHistoryEventsResponse()
        if request.nextToken != nil || request.maxResults != nil {
            // ECS reads a size below 10 as 10 and one above 100 as 100.
            let page = try Self.tokenPage(matching, token: request.nextToken, size: min(max(request.maxResults ?? 10, 10), 100))
            answer.systemEvents = page.items
            answer.nextToken = page.nextToken
            answer.totalCount = matching.count
            return answer
        }
        let (pageNumber, pageSize) = Self.page(number: request.pageNumber, size: request.pageSize, maximumSize: 100)
        answer.systemEvents = Array(matching.dropFirst((pageNumber - 1) * pageSize).prefix(pageSize))
        answer.pageNumber = pageNumber
        answer.pageSize = pageSize
        answer.totalCount = matching.count
        return answer
    }

    /// The times between `start` and `end` (each optional, ECS's `yyyy-MM-ddTHH:mm:ssZ`).
    private static func window(_ start: String?, _ end: String?, _ name: String) throws(SimulatedAPIError) -> (from: Date, to: Date) {
        func parse(_ text: String?, _ part: String) throws(SimulatedAPIError) -> Date? {
            guard let text, !text.isEmpty else { return nil }
            guard let date = ECSTimestamp.date(from: text) else { throw .invalidParameter("\(name).\(part)", "is not a valid time") }
            return date
        }
        return (try parse(start, "Start") ?? .distantPast, try parse(end, "End") ?? .distantFuture)
    }

    private static func described(_ event: SimulatedSystemEvent, at now: Date) -> DescribeInstanceHistoryEventsResponse.SystemEvent {
        typealias Described = DescribeInstanceHistoryEventsResponse.SystemEvent
        let status = event.status(at: now) ?? .scheduled
        var described = Described()
        described.eventId = event.eventId
        described.instanceId = event.instanceId
        described.resourceType = "instance"
        described.eventType = Described.EventType(code: SimulatedSystemEvent.typeCodes[event.type], name: event.type)
        described.eventCycleStatus = Described.EventCycleStatus(code: SimulatedSystemEvent.statusCodes[status], name: status)
        described.eventPublishTime = event.publishedAt
        described.notBefore = event.notBefore
        described.eventFinishTime = event.finishedAt.flatMap { $0 <= now ? $0 : nil }
        described.reason = event.reason
        return described
    }
}
