/// A credential source resolved once: the provider a profile file names (fixed keys, or the instance's RAM
/// role with its own cache) is worked out on first use and kept, so later calls neither read the file
/// again nor build a new RAM-role provider (whose every fresh start costs metadata-service requests).
///
/// Concurrent first callers share one resolution. A failed resolution is not kept: the next call tries
/// again, so a file created later is found.
actor ResolvedCredentialSource {
    private let resolve: @Sendable () async throws -> any CredentialProvider
    private var resolved: (any CredentialProvider)?
    private var resolving: Task<any CredentialProvider, any Error>?

    init(resolve: @escaping @Sendable () async throws -> any CredentialProvider) {
        self.resolve = resolve
    }

    /// The resolved provider's credentials.
    func credentials() async throws -> ECSCredentials {
        try await provider().credentials()
    }

    private func provider() async throws -> any CredentialProvider {
        if let resolved { return resolved }
        let task: Task<any CredentialProvider, any Error>
        if let resolving {
            task = resolving
        } else {
            task = Task { [resolve] in try await resolve() }
            resolving = task
        }
        defer { if resolving == task { resolving = nil } }
        let provider = try await task.value
        resolved = provider
        return provider
    }
}
