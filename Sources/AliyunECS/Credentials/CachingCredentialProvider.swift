import Foundation

/// Caches temporary credentials and refreshes them shortly before they expire.
///
/// Concurrent callers share one refresh: while it runs, every caller awaits the same fetch. Credentials
/// without an expiration are kept for good. If a refresh fails while the cached credentials are still
/// valid, the cached ones are returned and the next call tries again.
public actor CachingCredentialProvider: CredentialProvider {
    private let fetch: @Sendable () async throws -> ECSCredentials
    private let clock: any ECSClock
    private let refreshMargin: TimeInterval
    private var cached: ECSCredentials?
    private var refresh: Task<ECSCredentials, any Error>?

    /// Creates a cache in front of `fetch`.
    /// - Parameters:
    ///   - refreshMargin: How long before expiry to fetch new credentials. Default: 3 minutes.
    ///   - clock: The clock that decides when credentials are due.
    ///   - fetch: Fetches new credentials (with an expiration when they are temporary).
    public init(
        refreshMargin: Duration = .seconds(180), clock: any ECSClock = SystemClock(),
        fetch: @escaping @Sendable () async throws -> ECSCredentials
    ) {
        self.fetch = fetch
        self.clock = clock
        self.refreshMargin = refreshMargin.inSeconds
    }

    /// Returns cached credentials, refreshing them first when they are due.
    public func credentials() async throws -> ECSCredentials {
        let now = clock.now
        if let cached, !isDue(cached, now: now) { return cached }
        let task: Task<ECSCredentials, any Error>
        if let refresh {
            task = refresh
        } else {
            task = Task { [fetch] in try await fetch() }
            refresh = task
        }
        do {
            let fresh = try await task.value
            if refresh == task { refresh = nil }
            cached = fresh
            return fresh
        } catch {
            if refresh == task { refresh = nil }
            if let cached, let expiration = cached.expiration, expiration > now { return cached }
            throw error
        }
    }

    private func isDue(_ credentials: ECSCredentials, now: Date) -> Bool {
        guard let expiration = credentials.expiration else { return false }
        return now.addingTimeInterval(refreshMargin) >= expiration
    }
}
