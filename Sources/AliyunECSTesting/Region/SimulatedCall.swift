import AliyunECS
import Foundation

/// One call the simulated region received, for assertions such as "at most ⌈N/100⌉ DescribeInstances
/// per poll" or "three attempts, one ClientToken".
public struct SimulatedCall: Sendable {
    /// How the call ended.
    public enum Outcome: Sendable, Hashable {
        /// Answered successfully.
        case success
        /// Answered with an ECS error.
        case error(code: String)
        /// Answered with a non-JSON body (an injected proxy page).
        case rawBody
        /// Acted on, but the response was lost.
        case responseLost
        /// Lost before the region saw it.
        case connectionLost
    }

    /// The call's position among all calls, from 1.
    public var sequence: Int
    /// The API action.
    public var action: String
    /// The business parameters (without signature parameters); secret values are redacted.
    public var parameters: [String: String]
    /// The attempt number the client reported (`1` when it did not say).
    public var attempt: Int
    /// The signature nonce the request carried.
    public var nonce: String?
    /// The virtual time at which the region handled it.
    public var time: Date
    /// The HTTP status answered (`nil` when no answer went back).
    public var httpStatus: Int?
    /// How it ended.
    public var outcome: Outcome

    /// The ClientToken, if the call carried one.
    public var clientToken: String? { parameters["ClientToken"] }

    /// `true` when the region answered successfully.
    public var succeeded: Bool { outcome == .success }
}
