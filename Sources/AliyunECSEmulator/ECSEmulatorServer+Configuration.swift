import Logging

@available(macOS 14, iOS 17, tvOS 17, *)
extension ECSEmulatorServer {
    /// Where the emulator listens and what it accepts from a client.
    public struct Configuration: Sendable {
        /// The address to bind. Default: `127.0.0.1` (loopback only).
        public var host: String
        /// The port to bind; 0 lets the system pick a free one (read it from ``ECSEmulatorServer/waitUntilRunning()``).
        public var port: Int
        /// The largest request body accepted; a larger one is answered with 413 and the connection closed.
        public var maximumRequestBodySize: Int
        /// The largest single header field, and the largest header block, accepted; beyond it the request
        /// is answered with 400 (or the connection closed) before it reaches the region.
        public var maximumHeaderSize: Int
        /// The most header fields a request may have.
        public var maximumHeaderCount: Int
        /// How long a connection may stay silent (idle between requests, or stalled in the middle of one)
        /// before the server closes it.
        public var idleTimeout: Duration
        /// Where the server logs: where it listens and when it stops at `info`; refused requests and idle
        /// connections it cuts off at `debug`. Default: nowhere.
        public var logger: Logger

        /// Creates a configuration.
        /// - Parameters:
        ///   - host: The address to bind. Default: `127.0.0.1`.
        ///   - port: The port, 0 for any free one. Default: 0.
        ///   - maximumRequestBodySize: Default: 1 MiB (ECS requests carry their parameters in the query).
        ///   - maximumHeaderSize: Default: 64 KiB.
        ///   - maximumHeaderCount: Default: 100.
        ///   - idleTimeout: Default: 60 seconds.
        ///   - logger: Default: a logger that discards everything.
        public init(
            host: String = "127.0.0.1",
            port: Int = 0,
            maximumRequestBodySize: Int = 1 << 20,
            maximumHeaderSize: Int = 64 << 10,
            maximumHeaderCount: Int = 100,
            idleTimeout: Duration = .seconds(60),
            logger: Logger = Logger(label: "aliyun.ecs.emulator", factory: { _ in SwiftLogNoOpLogHandler() })
        ) {
            self.host = host
            self.port = port
            self.maximumRequestBodySize = max(0, maximumRequestBodySize)
            self.maximumHeaderSize = max(1024, maximumHeaderSize)
            self.maximumHeaderCount = max(16, maximumHeaderCount)
            self.idleTimeout = idleTimeout
            self.logger = logger
        }
    }
}
