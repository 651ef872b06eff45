import AliyunECS
import Logging

/// One ``PlacementPlanner`` per policy for a ``SpotRecoverer``, so that every relaunch with the same
/// policy shares its cached market data.
actor PlannerRegistry {
    private var planners: [PlacementPolicy: PlacementPlanner] = [:]

    /// The planner of `policy`, made on first use.
    func planner(for policy: PlacementPolicy, client: ECSClient, clock: any ECSClock, cooldowns: CapacityCooldowns, logger: Logger) -> PlacementPlanner {
        if let planner = planners[policy] { return planner }
        let planner = PlacementPlanner(policy: policy, client: client, clock: clock, cooldowns: cooldowns, logger: logger)
        planners[policy] = planner
        return planner
    }
}
