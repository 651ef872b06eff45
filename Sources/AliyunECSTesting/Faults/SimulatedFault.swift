import AliyunECS

/// A failure the simulated region produces on demand, for chosen actions and a chosen number of calls.
///
/// ```swift
/// region.inject(.throttling(action: "RunInstances", times: 2))
/// region.inject(.serviceUnavailableHTML(action: nil, times: 1))
/// region.inject(.responseLostAfterEffect(action: "CreateImage", times: 1))
/// ```
public struct SimulatedFault: Sendable {
    /// What the fault does.
    public enum Effect: Sendable {
        /// Answer with an ECS error body.
        case error(status: Int, code: String, message: String)
        /// Answer with a raw body, such as the HTML page of a proxy.
        case rawBody(status: Int, contentType: String, body: String)
        /// Act on the request, then lose the response (the connection drops on the way back).
        case responseLostAfterEffect
        /// Lose the request before the region sees it.
        case connectionLost
        /// Delay the answer by this much virtual time (does not replace the answer).
        case latency(Duration)
    }

    /// The action it applies to, or `nil` for every action.
    public var action: String?
    /// How many matching calls it affects; `nil` for all of them.
    public var times: Int?
    /// What it does.
    public var effect: Effect

    /// Creates a fault.
    public init(action: String?, times: Int?, effect: Effect) {
        self.action = action
        self.times = times
        self.effect = effect
    }

    /// Flow control: `Throttling.User` (HTTP 400 here; ECS has used 400 and 503).
    public static func throttling(action: String?, times: Int?, code: String = "Throttling.User") -> SimulatedFault {
        SimulatedFault(action: action, times: times, effect: .error(status: 400, code: code, message: "Request was denied due to user flow control."))
    }

    /// An internal error with an ECS JSON body (HTTP 500).
    public static func internalError(action: String?, times: Int?) -> SimulatedFault {
        SimulatedFault(action: action, times: times, effect: .error(status: 500, code: SimulatedAPIError.internalError.code, message: SimulatedAPIError.internalError.message))
    }

    /// A proxy's HTML 503 page instead of JSON.
    public static func serviceUnavailableHTML(action: String?, times: Int?) -> SimulatedFault {
        SimulatedFault(action: action, times: times, effect: .rawBody(
            status: 503, contentType: "text/html",
            body: "<html>\n<head><title>503 Service Temporarily Unavailable</title></head>\n<body>\n<center><h1>503 Service Temporarily Unavailable</h1></center>\n<hr><center>Tengine</center>\n</body>\n</html>\n"))
    }

    /// A proxy's HTML 502 page instead of JSON.
    public static func badGatewayHTML(action: String?, times: Int?) -> SimulatedFault {
        SimulatedFault(action: action, times: times, effect: .rawBody(
            status: 502, contentType: "text/html",
            body: "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>"))
    }

    /// The action takes effect, then the response is lost.
    public static func responseLostAfterEffect(action: String?, times: Int?) -> SimulatedFault {
        SimulatedFault(action: action, times: times, effect: .responseLostAfterEffect)
    }

    /// The request is lost before the region sees it.
    public static func connectionLost(action: String?, times: Int?) -> SimulatedFault {
        SimulatedFault(action: action, times: times, effect: .connectionLost)
    }

    /// Every matching answer takes `delay` of virtual time.
    public static func latency(_ delay: Duration, action: String? = nil, times: Int? = nil) -> SimulatedFault {
        SimulatedFault(action: action, times: times, effect: .latency(delay))
    }

    /// Any ECS error, e.g. `.error(code: "InvalidParameter", status: 400, action: "RunInstances", times: 1)`.
    public static func error(code: String, status: Int, message: String = "Simulated failure.", action: String?, times: Int?) -> SimulatedFault {
        SimulatedFault(action: action, times: times, effect: .error(status: status, code: code, message: message))
    }

    func matches(_ action: String) -> Bool {
        self.action == nil || self.action == action
    }

    var isLatency: Bool {
        if case .latency = effect { return true }
        return false
    }
}
