/// An instance type the simulated region sells: its shape and its pay-as-you-go price.
public struct SimulatedInstanceType: Sendable, Hashable {
    /// The type, e.g. `ecs.g7.large`.
    public var name: String
    /// vCPUs.
    public var cores: Int
    /// Memory in GiB.
    public var memoryGiB: Double
    /// The pay-as-you-go hourly price; the spot price starts at a fifth of it.
    public var onDemandPrice: Double

    /// Creates a type.
    public init(name: String, cores: Int, memoryGiB: Double, onDemandPrice: Double) {
        self.name = name
        self.cores = cores
        self.memoryGiB = memoryGiB
        self.onDemandPrice = onDemandPrice
    }

    /// The family, e.g. `ecs.g7`.
    public var family: String {
        name.split(separator: ".").prefix(2).joined(separator: ".")
    }

    /// A few common types, enough for placement scenarios.
    public static let defaults: [SimulatedInstanceType] = [
        SimulatedInstanceType(name: "ecs.e-c1m1.large", cores: 2, memoryGiB: 2, onDemandPrice: 0.12),
        SimulatedInstanceType(name: "ecs.c7.large", cores: 2, memoryGiB: 4, onDemandPrice: 0.4),
        SimulatedInstanceType(name: "ecs.g7.large", cores: 2, memoryGiB: 8, onDemandPrice: 0.505),
        SimulatedInstanceType(name: "ecs.g8i.large", cores: 2, memoryGiB: 8, onDemandPrice: 0.53),
        SimulatedInstanceType(name: "ecs.r7.large", cores: 2, memoryGiB: 16, onDemandPrice: 0.65),
        SimulatedInstanceType(name: "ecs.g7.xlarge", cores: 4, memoryGiB: 16, onDemandPrice: 1.01),
    ]
}
