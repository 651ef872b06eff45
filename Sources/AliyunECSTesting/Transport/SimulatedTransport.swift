import AliyunECS

/// Delivers requests to a ``SimulatedRegion`` in memory: the transport for tests.
///
/// Latency faults and random latency sleep on the region's clock; a lost request or response becomes an
/// `ECSTransportError` of kind `connectionLost`, exactly as a dropped connection would.
public struct SimulatedTransport: ECSTransport {
    /// The region requests go to.
    public let region: SimulatedRegion

    /// Creates a transport for `region`.
    public init(region: SimulatedRegion) {
        self.region = region
    }

    /// Sends a request to the region.
    public func send(_ request: ECSHTTPRequest) async throws -> ECSHTTPResponse {
        let delay = region.takeLatency(for: request)
        if delay > .zero {
            try await region.clock.sleep(for: delay)
        }
        try Task.checkCancellation()
        guard let response = region.handle(request) else {
            throw ECSTransportError(kind: .connectionLost, message: "The simulated connection dropped")
        }
        return response
    }
}
