/// Credentials from `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET` and, for STS
/// credentials, `ALIBABA_CLOUD_SECURITY_TOKEN`.
public struct EnvironmentCredentialProvider: CredentialProvider {
    let context: CredentialSourceContext

    /// Creates a provider that reads the context's environment.
    public init(context: CredentialSourceContext = CredentialSourceContext()) {
        self.context = context
    }

    /// Returns the key pair from the environment.
    /// - Throws: ``ECSClientError`` (`credentialsUnavailable`) when the ID or secret is missing.
    public func credentials() async throws -> ECSCredentials {
        let id = context.variable("ALIBABA_CLOUD_ACCESS_KEY_ID")
        let secret = context.variable("ALIBABA_CLOUD_ACCESS_KEY_SECRET")
        guard let id, let secret else {
            let message = id == nil && secret == nil
                ? "ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET are not set"
                : "only one of ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET is set"
            throw ECSClientError(kind: .credentialsUnavailable, message: message)
        }
        return ECSCredentials(accessKeyId: id, accessKeySecret: secret, securityToken: context.variable("ALIBABA_CLOUD_SECURITY_TOKEN"))
    }
}
