/// Where a running ``ECSEmulatorServer`` listens.
public struct ECSEmulatorEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// The address it is bound to, e.g. `127.0.0.1`.
    public var host: String
    /// The port it is bound to (the one the system chose when asked for port 0).
    public var port: Int

    /// Creates an endpoint.
    /// - Parameters:
    ///   - host: The bound address.
    ///   - port: The bound port.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// `http://<host>:<port>`: what to give `ECSClient(endpoint:)` or `ALIBABA_CLOUD_ECS_ENDPOINT`.
    public var url: String { "http://\(host):\(port)" }

    /// The URL.
    public var description: String { url }
}
