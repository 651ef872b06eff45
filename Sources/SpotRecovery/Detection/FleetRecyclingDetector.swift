import AliyunECS
import Foundation
import Logging

/// Notices interruptions across a fleet by asking ECS, with the server-side `LockReason` filter so that
/// each answer carries only the marked instances.
///
/// - By ID: one DescribeInstances call per 100 IDs per poll (N instances cost ⌈N/100⌉ calls, never N),
///   a few calls in flight at once.
/// - By tag: one DescribeInstances call per poll (tag + `LockReason` filters, paged over the marked
///   instances only), whatever the fleet's size. The fleet's descriptions are fetched once up front and
///   refreshed every ``refreshInterval``, not on every poll; a notice carries the freshest description.
/// - With ``includesStoppedMembers``, each poll also asks for the fleet's stopped members (one more call per
///   poll, or per 100 IDs), and reports those an interruption stopped (`Stop`-mode spot instances stopped in
///   economical mode with evidence of the interruption: the ``SpotRecoverer/interruptedTagKey`` mark or a
///   spot interruption in the instance's event history): their lock is gone,
///   so only this finds one whose notice was missed.
public actor FleetRecyclingDetector: RecyclingDetector {
    /// What is watched.
    public nonisolated let target: WatchTarget
    /// How often a tagged fleet's descriptions are refreshed.
    public nonisolated let refreshInterval: Duration
    /// How many DescribeInstances calls one poll keeps in flight when watching by ID.
    public nonisolated let concurrentCalls: Int
    /// Whether each poll also reports members an interruption left stopped.
    public nonisolated let includesStoppedMembers: Bool

    private let client: ECSClient
    private let clock: any ECSClock
    private let logger: Logger
    private let idBatches: [[String]]
    private var members: [String: FleetMember] = [:]
    private var lastRefresh: Date?
    /// Stopped members found without evidence of an interruption, by interruption, and when: their event
    /// history is not read again on every poll (a user's stopped instances stay stopped for days).
    private var stoppedWithoutEvidence: [InterruptionIdentity: Date] = [:]

    /// Creates a detector.
    /// - Parameters:
    ///   - target: The instances to watch.
    ///   - client: The ECS client.
    ///   - clock: The time source for notice timestamps and refreshes.
    ///   - refreshInterval: How often a tagged fleet's descriptions are refreshed. Default: 10 minutes.
    ///   - concurrentCalls: Calls in flight at once when watching by ID. Default: 4.
    ///   - includesStoppedMembers: Whether each poll also reports members an interruption left stopped.
    ///     Default: no.
    ///   - logger: Where to log.
    public init(
        target: WatchTarget, client: ECSClient, clock: any ECSClock, refreshInterval: Duration = .seconds(600),
        concurrentCalls: Int = 4, includesStoppedMembers: Bool = false, logger: Logger = ECSClient.silentLogger
    ) {
        self.target = target
        self.client = client
        self.clock = clock
        self.refreshInterval = refreshInterval
        self.concurrentCalls = max(1, concurrentCalls)
        self.includesStoppedMembers = includesStoppedMembers
        self.logger = logger
        if case .instances(let ids) = target.selection {
            idBatches = stride(from: 0, to: ids.count, by: 100).map { Array(ids[$0..<min($0 + 100, ids.count)]) }
        } else {
            idBatches = []
        }
    }

    /// The watched IDs, when watching by ID.
    public nonisolated var fixedInstanceIds: Set<String>? {
        if case .instances(let ids) = target.selection { return Set(ids) }
        return nil
    }

    /// The last known description of every instance of a tagged fleet (the fields recovery uses:
    /// placement, type, network, tags, spot settings, state and times).
    public var knownInstances: [String: ECSInstance] { members.mapValues(\.instance) }

    /// For a tagged fleet: fetches every member's description once.
    public func prepare() async throws {
        if case .tag = target.selection { try await refreshDescriptions() }
    }

    /// One look at the fleet.
    public func poll() async throws -> [RecyclingNotice] {
        var notices: [RecyclingNotice]
        switch target.selection {
        case .instances:
            notices = try await pollByID(filter: .marked)
        case .tag(let key, let value):
            if let lastRefresh, clock.now.timeIntervalSince(lastRefresh) >= refreshInterval.inSeconds {
                try await refreshDescriptions()
            }
            notices = try await pollByTag(key: key, value: value, filter: .marked)
        }
        if includesStoppedMembers {
            switch target.selection {
            case .instances: notices += try await pollByID(filter: .stopped)
            case .tag(let key, let value): notices += try await pollByTag(key: key, value: value, filter: .stopped)
            }
        }
        return notices
    }

    /// What one query asks ECS for.
    private enum Filter {
        /// Instances under a `Recycling` lock.
        case marked
        /// Stopped instances (of which those an interruption stopped are reported).
        case stopped

        func apply(to request: inout DescribeInstancesRequest) {
            switch self {
            case .marked: request.lockReason = .recycling
            case .stopped: request.status = .stopped
            }
        }
    }

    private func pollByID(filter: Filter) async throws -> [RecyclingNotice] {
        let client = client
        let limit = concurrentCalls
        let batches = idBatches
        var marked: [ECSInstance] = []
        try await withThrowingTaskGroup(of: [ECSInstance].self) { group in
            var next = 0
            func schedule() {
                let batch = batches[next]
                next += 1
                var request = DescribeInstancesRequest()
                request.instanceIds = batch
                filter.apply(to: &request)
                request.maxResults = 100
                group.addTask { [request] in
                    try await Self.instances(client: client, request: request)
                }
            }
            while next < min(limit, batches.count) { schedule() }
            while let found = try await group.next() {
                marked.append(contentsOf: found)
                if next < batches.count { schedule() }
            }
        }
        return try await notices(for: marked, filter: filter)
    }

    private func pollByTag(key: String, value: String?, filter: Filter) async throws -> [RecyclingNotice] {
        var request = DescribeInstancesRequest()
        filter.apply(to: &request)
        request.tags = [ECSTag(key: key, value: value)]
        request.maxResults = 100
        let found = try await Self.instances(client: client, request: request)
        for instance in found { members[instance.instanceId] = FleetMember(instance) }
        return try await notices(for: found, filter: filter)
    }

    /// The notices among what a query returned: the marked instances, or the stopped ones an interruption
    /// stopped. The filter is the server's job; checking again costs nothing and guards against a server
    /// that ignores it.
    private func notices(for found: [ECSInstance], filter: Filter) async throws -> [RecyclingNotice] {
        let now = clock.now
        let interrupted: [ECSInstance]
        switch filter {
        case .marked:
            interrupted = found.filter(\.isMarkedForRecycling)
        case .stopped:
            stoppedWithoutEvidence = stoppedWithoutEvidence.filter { now.timeIntervalSince($0.value) < refreshInterval.inSeconds }
            let unjudged = found.filter { instance in
                // A mark is read from the description itself; only the history costs a call.
                SpotRecoverer.carriesInterruptionMark(instance)
                    || InterruptionIdentity(instance).map { stoppedWithoutEvidence[$0] == nil } ?? true
            }
            interrupted = await InterruptionEvidence(client: client, logger: logger).stoppedByInterruption(unjudged)
            let confirmed = Set(interrupted.map(\.instanceId))
            for instance in unjudged where !confirmed.contains(instance.instanceId) && SpotRecoverer.isStoppedByEconomicalMode(instance) {
                if let identity = InterruptionIdentity(instance) { stoppedWithoutEvidence[identity] = now }
            }
        }
        return interrupted.map { RecyclingNotice(instanceId: $0.instanceId, detectedAt: now, instance: $0, source: .describeInstances) }
    }

    /// Every instance the query returns, following NextToken.
    private static func instances(client: ECSClient, request: DescribeInstancesRequest) async throws -> [ECSInstance] {
        var found: [ECSInstance] = []
        for try await page in client.describeInstancesPages(request) {
            found.append(contentsOf: page.instances)
        }
        return found
    }

    private func refreshDescriptions() async throws {
        guard case .tag(let key, let value) = target.selection else { return }
        var fresh: [String: FleetMember] = [:]
        fresh.reserveCapacity(members.count)
        var request = DescribeInstancesRequest()
        request.tags = [ECSTag(key: key, value: value)]
        request.maxResults = 100
        for try await page in client.describeInstancesPages(request) {
            for instance in page.instances { fresh[instance.instanceId] = FleetMember(instance) }
        }
        members = fresh
        lastRefresh = clock.now
        logger.debug("Fleet descriptions refreshed", metadata: ["spot.target": "\(target)", "spot.instances": "\(fresh.count)"])
    }
}
