import Foundation

/// Faults and delays drawn at random for every call, as a busy cloud gives them: throttling, server errors
/// and a log-normal answer time.
///
/// Each call's draws come from the region's seed and the call itself (its action, its parameters without
/// the ClientToken, its attempt number and the time), never from the order calls arrive in, so a scenario
/// plays out the same in every run. They come on top of the faults injected with
/// ``SimulatedRegion/inject(_:)``, which go first.
public struct SimulatedRandomFaults: Sendable, Hashable {
    /// The share of calls answered `Throttling.User` (HTTP 400, as ECS's flow control answers).
    public var throttlingRate: Double
    /// The share of calls answered `InternalError` (HTTP 500).
    public var serverErrorRate: Double
    /// The median time a call takes on the wire, in virtual time (zero for none).
    public var latencyMedian: Duration
    /// The shape of the log-normal spread around the median (0: every call takes the median).
    public var latencySpread: Double

    /// Creates a model.
    public init(throttlingRate: Double = 0, serverErrorRate: Double = 0, latencyMedian: Duration = .zero, latencySpread: Double = 0) {
        self.throttlingRate = min(max(throttlingRate, 0), 1)
        self.serverErrorRate = min(max(serverErrorRate, 0), 1)
        self.latencyMedian = latencyMedian
        self.latencySpread = max(latencySpread, 0)
    }
}
