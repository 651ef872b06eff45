import AsyncHTTPClient
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// The process-wide `HTTPClient`s behind ``AsyncHTTPClientTransport/init(configuration:)``: one per
/// distinct set of connection settings, made on first use and kept for the life of the process, so every
/// transport (and every `ECSClient`) with the same settings shares one connection pool.
enum SharedHTTPClients {
    /// What an `HTTPClient`'s own configuration depends on (the request timeout and the response cap do not).
    private struct Key: Hashable {
        var connectTimeout: Duration
        var maximumConnectionsPerHost: Int
    }

    // Clients are never shut down: like `HTTPClient.shared`, they live as long as the process.
    private static let clients = NIOLockedValueBox<[Key: HTTPClient]>([:])

    /// The shared client for `configuration`'s connection settings.
    static func client(for configuration: AsyncHTTPClientTransport.Configuration) -> HTTPClient {
        let key = Key(connectTimeout: configuration.connectTimeout, maximumConnectionsPerHost: configuration.maximumConnectionsPerHost)
        return clients.withLockedValue { clients in
            if let existing = clients[key] { return existing }
            let made = HTTPClient(
                eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
                configuration: Self.clientConfiguration(for: key))
            clients[key] = made
            return made
        }
    }

    /// TLS with full certificate verification (AsyncHTTPClient's default), no redirects (a signed ECS request
    /// is never meant for another URL), no decompression, and connection failures reported at once so that
    /// the client's own retry policy, with its backoff and deadline, decides what happens next.
    ///
    /// No read timeout: each request's deadline (the transport's request timeout) already bounds the whole
    /// exchange, and a read timeout as long as it would only add a timer to set and cancel on every request.
    private static func clientConfiguration(for key: Key) -> HTTPClient.Configuration {
        var pool = HTTPClient.Configuration.ConnectionPool(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: key.maximumConnectionsPerHost)
        pool.retryConnectionEstablishment = false
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: HTTPClient.Configuration.Timeout(connect: key.connectTimeout.timeAmount),
            connectionPool: pool,
            decompression: .disabled)
        // Without a tracing backend, AsyncHTTPClient still builds a span and its attributes for every
        // request (about a twentieth of a call's CPU); a process that bootstrapped a tracer keeps its spans.
        if let tracer = configuration.tracing.tracer, String(describing: type(of: tracer)).hasSuffix("NoOpTracer") {
            configuration.tracing.tracer = nil
        }
        return configuration
    }
}
