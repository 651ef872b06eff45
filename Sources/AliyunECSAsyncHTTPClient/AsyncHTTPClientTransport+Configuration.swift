import AliyunECS
import NIOCore

extension AsyncHTTPClientTransport {
    /// Timeouts, the connection limit and the cap on a response body.
    public struct Configuration: Sendable, Hashable {
        /// The longest wait for a new connection (TCP and TLS). Applies to the process-wide `HTTPClient`
        /// made for this configuration; an injected `HTTPClient` uses its own.
        public var connectTimeout: Duration
        /// The longest a whole request may take, from sending to the last byte of the response.
        public var requestTimeout: Duration
        /// How many connections to one host the process-wide `HTTPClient` keeps at once.
        public var maximumConnectionsPerHost: Int
        /// The largest response body collected; a larger one fails with `ECSTransportError.Kind.responseTooLarge`.
        public var maximumResponseBodySize: Int

        /// Creates a configuration.
        /// - Parameters:
        ///   - connectTimeout: The longest wait for a connection. Default: 10 seconds.
        ///   - requestTimeout: The longest a whole request may take. Default: 60 seconds.
        ///   - maximumConnectionsPerHost: Connections kept per host. Default: 8.
        ///   - maximumResponseBodySize: The response cap in bytes. Default: 64 MiB.
        public init(
            connectTimeout: Duration = .seconds(10),
            requestTimeout: Duration = .seconds(60),
            maximumConnectionsPerHost: Int = 8,
            maximumResponseBodySize: Int = 64 << 20
        ) {
            self.connectTimeout = connectTimeout
            self.requestTimeout = requestTimeout
            self.maximumConnectionsPerHost = max(1, maximumConnectionsPerHost)
            self.maximumResponseBodySize = max(0, maximumResponseBodySize)
        }

        /// 10 seconds to connect, 60 seconds for the whole request, 8 connections per host, 64 MiB at most.
        public static let `default` = Configuration()
    }
}

extension Duration {
    /// The duration as SwiftNIO's `TimeAmount`, saturated rather than overflowing.
    var timeAmount: TimeAmount {
        let (seconds, attoseconds) = components
        let (nanosFromSeconds, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return .nanoseconds(seconds < 0 ? .min : .max) }
        let (total, overflowTotal) = nanosFromSeconds.addingReportingOverflow(attoseconds / 1_000_000_000)
        guard !overflowTotal else { return .nanoseconds(seconds < 0 ? .min : .max) }
        return .nanoseconds(total)
    }
}
