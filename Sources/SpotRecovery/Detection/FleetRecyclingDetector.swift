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
public actor FleetRecyclingDetector: RecyclingDetector {
    /// What is watched.
    public nonisolated let target: WatchTarget
    /// How often a tagged fleet's descriptions are refreshed.
    public nonisolated let refreshInterval: Duration
    /// How many DescribeInstances calls one poll keeps in flight when watching by ID.
    public nonisolated let concurrentCalls: Int

    private let client: ECSClient
    private let clock: any ECSClock
    private let logger: Logger
    private let idBatches: [[String]]
    private var members: [String: FleetMember] = [:]
    private var lastRefresh: Date?

    /// Creates a detector.
    /// - Parameters:
    ///   - target: The instances to watch.
    ///   - client: The ECS client.
    ///   - clock: The time source for notice timestamps and refreshes.
    ///   - refreshInterval: How often a tagged fleet's descriptions are refreshed. Default: 10 minutes.
    ///   - concurrentCalls: Calls in flight at once when watching by ID. Default: 4.
    ///   - logger: Where to log.
    public init(
        target: WatchTarget, client: ECSClient, clock: any ECSClock, refreshInterval: Duration = .seconds(600),
        concurrentCalls: Int = 4, logger: Logger = ECSClient.silentLogger
    ) {
        self.target = target
        self.client = client
        self.clock = clock
        self.refreshInterval = refreshInterval
        self.concurrentCalls = max(1, concurrentCalls)
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
        switch target.selection {
        case .instances:
            return try await pollByID()
        case .tag(let key, let value):
            if let lastRefresh, clock.now.timeIntervalSince(lastRefresh) >= refreshInterval.inSeconds {
                try await refreshDescriptions()
            }
            return try await pollByTag(key: key, value: value)
        }
    }

    private func pollByID() async throws -> [RecyclingNotice] {
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
                request.lockReason = .recycling
                request.maxResults = 100
                group.addTask { [request] in
                    try await Self.markedInstances(client: client, request: request)
                }
            }
            while next < min(limit, batches.count) { schedule() }
            while let found = try await group.next() {
                marked.append(contentsOf: found)
                if next < batches.count { schedule() }
            }
        }
        let now = clock.now
        return marked.map { RecyclingNotice(instanceId: $0.instanceId, detectedAt: now, instance: $0, source: .describeInstances) }
    }

    private func pollByTag(key: String, value: String?) async throws -> [RecyclingNotice] {
        var request = DescribeInstancesRequest()
        request.lockReason = .recycling
        request.tags = [ECSTag(key: key, value: value)]
        request.maxResults = 100
        let marked = try await Self.markedInstances(client: client, request: request)
        let now = clock.now
        return marked.map { instance in
            members[instance.instanceId] = FleetMember(instance)
            return RecyclingNotice(instanceId: instance.instanceId, detectedAt: now, instance: instance, source: .describeInstances)
        }
    }

    /// Every marked instance the query returns, following NextToken (the answers hold marked instances only).
    private static func markedInstances(client: ECSClient, request: DescribeInstancesRequest) async throws -> [ECSInstance] {
        var found: [ECSInstance] = []
        for try await page in client.describeInstancesPages(request) {
            // The filter is the server's job; checking again costs nothing and guards against a server that ignores it.
            found.append(contentsOf: page.instances.filter(\.isMarkedForRecycling))
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
