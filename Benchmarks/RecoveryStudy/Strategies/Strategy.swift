/// The ways of recovering the study compares, on the same interruptions. Each of ours adds one thing to the
/// one before it. The raw values are the names `--json` uses.
public enum Strategy: String, Sendable, Hashable, CaseIterable {
    /// Alibaba's Java sample, as published: one instance watched every 2 s, CreateImage once, the first look
    /// at the image six minutes later, RunInstances in the sample's fixed zone and type (the slot's own), no
    /// retries, no fallback.
    case javaSample = "java_sample"
    /// `SpotRecoverer.recover` with default options: a tagged fleet polled every 2 s, CreateImage at once,
    /// the image watched from 2 s, a relaunch in the source's zone and type, the client's retries.
    case defaults
    /// The defaults, with interruption events (CloudMonitor) and the fleet poll as a one-minute backstop.
    case events
    /// Events, plus hourly checkpoints of the whole fleet keeping two per instance.
    case checkpoints
    /// Checkpoints, plus the placement planner across three zones and three types.
    case checkpointsPlanner = "checkpoints_planner"
    /// Everything above, with the fleet launched in stop mode: restart in place when ECS lets it.
    case stopMode = "stop_mode"

    /// Whether the fleet watch is replaced by events (with a backstop poll).
    var usesEvents: Bool { self == .events || self == .checkpoints || self == .checkpointsPlanner || self == .stopMode }

    /// Whether the hourly checkpoint schedule runs.
    var usesCheckpoints: Bool { self == .checkpoints || self == .checkpointsPlanner || self == .stopMode }

    /// Whether replacements are placed by the planner.
    var usesPlanner: Bool { self == .checkpointsPlanner || self == .stopMode }

    /// Whether the fleet runs with `SpotInterruptionBehavior` `Stop`.
    var usesStopMode: Bool { self == .stopMode }

    /// One line for the report.
    public var summary: String {
        switch self {
        case .javaSample: "Alibaba's Java sample flow"
        case .defaults: "recover() with defaults"
        case .events: "+ interruption events"
        case .checkpoints: "+ hourly checkpoints, keep 2"
        case .checkpointsPlanner: "+ planner, 3 zones x 3 types"
        case .stopMode: "+ stop mode"
        }
    }
}
