/// How a run of spot-guardian ended, and the exit status that goes with it.
public enum GuardianExit: Sendable, Hashable, CustomStringConvertible {
    /// Stopped on request after the recoveries in flight finished, or were stopped at the end of the grace
    /// period (they resume on the next start): exit status 0.
    case stopped
    /// A second stop request while the first was being honoured: exit at once, status 130.
    case forced
    /// A service failed (the HTTP address could not be bound, say): exit status 1.
    case failed(String)

    /// The process exit status.
    public var status: Int32 {
        switch self {
        case .stopped: 0
        case .forced: 130
        case .failed: 1
        }
    }

    /// A line for the log.
    public var description: String {
        switch self {
        case .stopped: "stopped"
        case .forced: "forced to stop at once"
        case .failed(let reason): "failed: \(reason)"
        }
    }
}
