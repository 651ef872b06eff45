import AliyunECS
import Foundation
import Logging

/// Keeps spot workloads alive: notices an interruption within seconds, images the instance, and launches
/// a faithful replacement from that image.
///
/// ```swift
/// let recoverer = SpotRecoverer(client: ecs)
/// for try await event in recoverer.recover(.tagged(key: "team", value: "batch")) {
///     print(event)
/// }
/// ```
///
/// Every step is also available alone: ``waitForRecycling(_:options:)``, ``snapshotImage(of:options:onProgress:)``
/// and ``relaunch(from:source:options:)``. All waits sleep on ``clock``, so tests can run them on virtual
/// time. Every recovery keys on its ``InterruptionIdentity``: its ClientTokens and tags are derived from it,
/// so a retry, a restarted process or a second replica doing the same work makes one image and one
/// replacement, not two, and ``findUnfinishedRecoveries(_:window:)`` finds and finishes a recovery cut short
/// even after ECS has released the source.
public struct SpotRecoverer: Sendable {
    /// The ECS client every step uses.
    public let client: ECSClient
    /// The time source for polls, backoff and event timestamps (default: the client's clock).
    public let clock: any ECSClock
    /// Where the steps log (at `debug` and `info`; never a secret).
    public let logger: Logger
    /// Sold-out launch candidates and when they may be tried again, shared by every relaunch of this recoverer.
    public let cooldowns: CapacityCooldowns
    /// Which interruptions are being recovered, have been, or failed and when they may be tried again:
    /// shared by every recovery this recoverer runs, so each runs once at a time.
    public let ledger: RecoveryLedger
    /// The RAM role and user data of fleet members, captured before any notice, for faithful replacements.
    public let specifications: LaunchSpecificationCatalog
    /// The placement planners of the policies this recoverer's relaunches use, one per policy.
    let planners: PlannerRegistry

    /// Creates a recoverer.
    /// - Parameters:
    ///   - client: The ECS client.
    ///   - clock: The time source; `nil` for the client's clock.
    ///   - journal: Where to keep what ECS cannot (user data), so that it survives a restart; `nil` keeps
    ///     it in memory only.
    ///   - logger: Where to log.
    public init(client: ECSClient, clock: (any ECSClock)? = nil, journal: RecoveryJournal? = nil, logger: Logger = ECSClient.silentLogger) {
        self.client = client
        self.clock = clock ?? client.configuration.clock
        self.logger = logger
        cooldowns = CapacityCooldowns()
        ledger = RecoveryLedger()
        specifications = LaunchSpecificationCatalog(client: client, journal: journal, logger: logger)
        planners = PlannerRegistry()
    }

    /// A copy that logs to `logger` (say, with a correlation ID in its metadata) and whose client logs there
    /// too; it shares this recoverer's cool-downs, ledger, specifications and planners.
    public func logging(to logger: Logger) -> SpotRecoverer {
        SpotRecoverer(copying: self, client: client.logging(to: logger), logger: logger)
    }

    private init(copying other: SpotRecoverer, client: ECSClient, logger: Logger) {
        self.client = client
        clock = other.clock
        self.logger = logger
        cooldowns = other.cooldowns
        ledger = other.ledger
        specifications = other.specifications
        planners = other.planners
    }

    /// The planner this recoverer uses for `policy` (its market data is cached across relaunches).
    public func planner(for policy: PlacementPolicy) async -> PlacementPlanner {
        await planners.planner(for: policy, client: client, clock: clock, cooldowns: cooldowns)
    }

    /// A detector for `target` that uses this recoverer's client, clock and logger.
    public func detector(for target: WatchTarget, options: WatchOptions = WatchOptions()) -> FleetRecyclingDetector {
        FleetRecyclingDetector(
            target: target, client: client, clock: clock, refreshInterval: options.descriptionRefreshInterval,
            concurrentCalls: options.concurrentCalls, includesStoppedMembers: options.includesStoppedMembers, logger: logger)
    }
}
