import Foundation

/// The recovery study: the same seeded interruptions of one simulated fleet, recovered by each strategy on
/// virtual time, and what each one's workloads got back.
///
/// ```swift
/// let results = try await RecoveryStudy(world: WorldModel(), interruptions: 1000, seed: 1).run()
/// print(RecoveryReport(results).text)
/// ```
public struct RecoveryStudy: Sendable {
    /// The world the simulator draws from.
    public var world: WorldModel
    /// How many interruptions every strategy meets.
    public var interruptions: Int
    /// The seed of every random draw.
    public var seed: UInt64
    /// The strategies to compare.
    public var strategies: [Strategy]
    /// How long our strategies keep relaunching while every candidate is out of capacity; `nil` keeps
    /// SpotRecovery's default (``RelaunchOptions/capacityRetryTimeout``).
    public var capacityRetryTimeout: Duration?

    /// When every run's fleet starts (on the hour, so that hourly checkpoints fall on the hour).
    public static let start = Date(timeIntervalSince1970: 1_795_680_000)

    /// Creates a study.
    public init(
        world: WorldModel = WorldModel(), interruptions: Int = 1000, seed: UInt64 = 1, strategies: [Strategy] = Strategy.allCases,
        capacityRetryTimeout: Duration? = nil
    ) {
        self.world = world
        self.interruptions = max(1, interruptions)
        self.seed = seed
        self.strategies = strategies
        self.capacityRetryTimeout = capacityRetryTimeout
    }

    /// The schedule every strategy meets.
    public var schedule: InterruptionSchedule {
        InterruptionSchedule(world: world, count: interruptions, seed: seed, start: Self.start)
    }

    /// Runs every strategy, each on its own region and clock, side by side.
    public func run() async throws -> RecoveryStudyResults {
        let schedule = schedule
        let results = try await withThrowingTaskGroup(of: StrategyResult.self) { group in
            for strategy in strategies {
                group.addTask { try await StrategyRun(strategy: strategy, schedule: schedule, capacityRetryTimeout: capacityRetryTimeout).run() }
            }
            var results: [StrategyResult] = []
            for try await result in group { results.append(result) }
            return results
        }
        let order = Dictionary(uniqueKeysWithValues: strategies.enumerated().map { ($1, $0) })
        return RecoveryStudyResults(
            world: world, seed: seed, interruptions: interruptions,
            virtualHours: schedule.watchEnd.timeIntervalSince(Self.start) / 3600,
            strategies: results.sorted { order[$0.strategy, default: 0] < order[$1.strategy, default: 0] })
    }
}

/// What a study found.
public struct RecoveryStudyResults: Sendable {
    /// The world it ran in.
    public var world: WorldModel
    /// Its seed.
    public var seed: UInt64
    /// The interruptions each strategy met.
    public var interruptions: Int
    /// The virtual time the runs covered.
    public var virtualHours: Double
    /// Each strategy's results, in the order asked for.
    public var strategies: [StrategyResult]

    /// Creates results.
    public init(world: WorldModel, seed: UInt64, interruptions: Int, virtualHours: Double, strategies: [StrategyResult]) {
        self.world = world
        self.seed = seed
        self.interruptions = interruptions
        self.virtualHours = virtualHours
        self.strategies = strategies
    }
}
