import AliyunECS
import Foundation
import Logging

/// Keeps spot workloads alive: notices an interruption within seconds, images the instance, and launches
/// a replacement from that image.
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
/// time. Every mutating call carries a ClientToken derived from what it acts on, so a retry, a restarted
/// process or a second replica doing the same work makes one image and one replacement, not two.
public struct SpotRecoverer: Sendable {
    /// The ECS client every step uses.
    public let client: ECSClient
    /// The time source for polls, backoff and event timestamps (default: the client's clock).
    public let clock: any ECSClock
    /// Where the steps log (at `debug` and `info`; never a secret).
    public let logger: Logger
    /// Sold-out launch candidates and when they may be tried again, shared by every relaunch of this recoverer.
    public let cooldowns: CapacityCooldowns
    /// The placement planners of the policies this recoverer's relaunches use, one per policy.
    let planners: PlannerRegistry

    /// Creates a recoverer.
    /// - Parameters:
    ///   - client: The ECS client.
    ///   - clock: The time source; `nil` for the client's clock.
    ///   - logger: Where to log.
    public init(client: ECSClient, clock: (any ECSClock)? = nil, logger: Logger = ECSClient.silentLogger) {
        self.client = client
        self.clock = clock ?? client.configuration.clock
        self.logger = logger
        cooldowns = CapacityCooldowns()
        planners = PlannerRegistry()
    }

    /// A copy that logs to `logger` (say, with a correlation ID in its metadata) and whose client logs there
    /// too; it shares this recoverer's cool-downs and planners.
    public func logging(to logger: Logger) -> SpotRecoverer {
        SpotRecoverer(client: client.logging(to: logger), clock: clock, logger: logger, cooldowns: cooldowns, planners: planners)
    }

    private init(client: ECSClient, clock: any ECSClock, logger: Logger, cooldowns: CapacityCooldowns, planners: PlannerRegistry) {
        self.client = client
        self.clock = clock
        self.logger = logger
        self.cooldowns = cooldowns
        self.planners = planners
    }

    /// The planner this recoverer uses for `policy` (its market data is cached across relaunches).
    public func planner(for policy: PlacementPolicy) async -> PlacementPlanner {
        await planners.planner(for: policy, client: client, clock: clock, cooldowns: cooldowns, logger: logger)
    }

    /// A detector for `target` that uses this recoverer's client, clock and logger.
    public func detector(for target: WatchTarget, options: WatchOptions = WatchOptions()) -> FleetRecyclingDetector {
        FleetRecyclingDetector(
            target: target, client: client, clock: clock, refreshInterval: options.descriptionRefreshInterval,
            concurrentCalls: options.concurrentCalls, logger: logger)
    }
}
