/// A fault a ``SimulatedMNSService`` plays on the next matching requests, after checking their signature.
public struct SimulatedMNSFault: Sendable, Hashable {
    /// What the answer is.
    public enum Effect: Sendable, Hashable {
        /// An MNS error document.
        case error(status: Int, code: String, message: String)
        /// Any body, as a proxy or a broken server might send it.
        case rawBody(status: Int, contentType: String, body: String)
    }

    /// The operation it applies to (`BatchReceiveMessage`, `DeleteMessage`, …), or `nil` for any.
    public var action: String?
    /// What the answer is.
    public var effect: Effect
    /// How many requests it applies to.
    public var times: Int

    /// Creates a fault.
    public init(action: String? = nil, effect: Effect, times: Int = 1) {
        self.action = action
        self.effect = effect
        self.times = max(1, times)
    }

    /// `InternalError` (500) on the next `times` requests.
    public static func internalError(action: String? = nil, times: Int = 1) -> SimulatedMNSFault {
        SimulatedMNSFault(action: action, effect: .error(status: 500, code: "InternalError", message: "Internal error."), times: times)
    }

    /// `AccessDenied` (403) on the next `times` requests: a key without the permission.
    public static func accessDenied(action: String? = nil, times: Int = 1) -> SimulatedMNSFault {
        SimulatedMNSFault(
            action: action, effect: .error(status: 403, code: "AccessDenied", message: "The OperationType is not allowed for this key."),
            times: times)
    }
}
