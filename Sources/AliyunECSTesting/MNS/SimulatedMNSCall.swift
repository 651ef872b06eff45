import Foundation

/// One request a ``SimulatedMNSService`` answered.
public struct SimulatedMNSCall: Sendable, Hashable {
    /// The operation (`BatchReceiveMessage`, `DeleteMessage`, …), or `Unknown`.
    public var action: String
    /// The queue it named.
    public var queue: String?
    /// When it arrived, on the service's clock.
    public var time: Date
    /// The HTTP status of the answer.
    public var status: Int
    /// The error code of the answer, if it was an error.
    public var code: String?
}
