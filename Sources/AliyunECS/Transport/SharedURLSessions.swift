import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The process-wide `URLSession`s behind ``URLSessionTransport/init(configuration:)``: one per distinct
/// configuration, so that clients, credential sources and metadata clients share connections instead of
/// each opening (and keeping alive) their own.
enum SharedURLSessions {
    // Guarded by `lock`. Sessions are never invalidated: they live as long as the process.
    private nonisolated(unsafe) static var sessions: [URLSessionTransport.Configuration: URLSession] = [:]
    private static let lock = NSLock()

    /// The shared session for `configuration`.
    static func session(for configuration: URLSessionTransport.Configuration) -> URLSession {
        lock.lock()
        defer { lock.unlock() }
        if let existing = sessions[configuration] { return existing }
        let made = makeSession(configuration)
        sessions[configuration] = made
        return made
    }

    /// An ephemeral session: no cookies, no cache, the configuration's timeouts and connection limit.
    private static func makeSession(_ configuration: URLSessionTransport.Configuration) -> URLSession {
        let sessionConfiguration = URLSessionConfiguration.ephemeral
        sessionConfiguration.timeoutIntervalForRequest = configuration.connectTimeout.timeInterval
        sessionConfiguration.timeoutIntervalForResource = configuration.requestTimeout.timeInterval
        sessionConfiguration.httpMaximumConnectionsPerHost = configuration.maximumConnectionsPerHost
        sessionConfiguration.httpShouldSetCookies = false
        sessionConfiguration.httpCookieAcceptPolicy = .never
        sessionConfiguration.urlCache = nil
        sessionConfiguration.requestCachePolicy = .reloadIgnoringLocalCacheData
        return URLSession(configuration: sessionConfiguration)
    }
}
