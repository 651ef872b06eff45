/// A source of credentials: a fixed key, the environment, a profile file, the instance's RAM role, …
///
/// The client asks for credentials before every attempt, so a provider that caches temporary credentials
/// (see ``CachingCredentialProvider``) hands out fresh ones as soon as the old ones near expiry.
public protocol CredentialProvider: Sendable {
    /// Returns credentials to sign the next request with.
    /// - Throws: ``ECSClientError`` (`credentialsUnavailable`) when this source has none.
    func credentials() async throws -> ECSCredentials
}

/// A provider that always returns the same credentials.
public struct StaticCredentialProvider: CredentialProvider {
    /// The credentials returned.
    public let value: ECSCredentials

    /// Creates a provider for fixed credentials.
    public init(_ credentials: ECSCredentials) {
        value = credentials
    }

    /// Returns the fixed credentials.
    public func credentials() async throws -> ECSCredentials { value }
}

extension CredentialProvider where Self == StaticCredentialProvider {
    /// A fixed AccessKey pair, with an STS token for temporary credentials.
    public static func `static`(accessKeyId: String, accessKeySecret: String, securityToken: String? = nil) -> StaticCredentialProvider {
        StaticCredentialProvider(ECSCredentials(accessKeyId: accessKeyId, accessKeySecret: accessKeySecret, securityToken: securityToken))
    }
}
