/// ECS answered, and the answer was an error: `{"Code", "Message", "RequestId", "HostId", "Recommend"}`.
///
/// Match on ``code`` (an open set of strings, e.g. `OperationDenied.NoStock`); the helpers below group the
/// codes a caller usually reacts to.
public struct ECSServiceError: Error, Sendable, Hashable {
    /// The API action that failed.
    public var action: String
    /// The HTTP status code.
    public var httpStatus: Int
    /// The ECS error code, e.g. `Throttling.User` or `InvalidParameter`.
    public var code: String
    /// ECS's explanation, with anything secret the server echoed removed.
    public var message: String
    /// The request ID, for support tickets.
    public var requestId: String?
    /// The endpoint host that answered.
    public var hostId: String?
    /// A troubleshooting link ECS suggests.
    public var recommend: String?

    /// Creates an error (useful in tests and simulators).
    public init(
        action: String, httpStatus: Int, code: String, message: String,
        requestId: String? = nil, hostId: String? = nil, recommend: String? = nil
    ) {
        self.action = action
        self.httpStatus = httpStatus
        self.code = code
        self.message = message
        self.requestId = requestId
        self.hostId = hostId
        self.recommend = recommend
    }

    /// `true` for flow control (`Throttling`, `Throttling.User`, `Throttling.Api`, …).
    public var isThrottling: Bool { code.hasPrefix("Throttling") }

    /// `true` when the zone or type cannot supply the instance right now, so another zone or type may
    /// (`OperationDenied.NoStock`, `Zone.NotOnSale`, `InvalidResourceType.NotSupported`,
    /// `InstanceType.Offline`, `InvalidInstanceType.ZoneNotSupported`).
    public var isCapacityShortage: Bool { Self.capacityCodes.contains(code) }

    /// `true` when the spot price limit was refused (`InvalidSpotPriceLimit.*`).
    public var isPriceRejection: Bool { code.hasPrefix("InvalidSpotPriceLimit") }

    /// `true` when a ClientToken was reused with different parameters.
    public var isIdempotencyMismatch: Bool { code == "IdempotentParameterMismatch" }

    /// The codes that ``isCapacityShortage`` recognises.
    public static let capacityCodes: Set<String> = [
        "OperationDenied.NoStock", "Zone.NotOnSale", "InvalidResourceType.NotSupported",
        "InstanceType.Offline", "InvalidInstanceType.ZoneNotSupported",
    ]
}

extension ECSServiceError: CustomStringConvertible {
    /// One line: action, code, status, message and request ID.
    public var description: String {
        var text = "\(action) failed: \(code) (HTTP \(httpStatus)): \(message)"
        if let requestId, !requestId.isEmpty { text += " [RequestId: \(requestId)]" }
        return text
    }
}
