import AliyunECS

/// One ``PlacementPlanner`` per policy for a ``SpotRecoverer``, so that every relaunch with the same
/// policy shares its cached market data.
actor PlannerRegistry {
    private var planners: [PlacementPolicy: PlacementPlanner] = [:]

    /// The planner of `policy`, made on first use.
    /// The planner keeps no logger of its own: each plan logs where the recovery that asks for it does
    /// (``PlacementPlanner/plan(fallbackTypes:logger:)``), never with another recovery's correlation ID.
    func planner(for policy: PlacementPolicy, client: ECSClient, clock: any ECSClock, cooldowns: CapacityCooldowns) -> PlacementPlanner {
        if let planner = planners[policy] { return planner }
        let planner = PlacementPlanner(policy: policy, client: client, clock: clock, cooldowns: cooldowns)
        planners[policy] = planner
        return planner
    }
}
