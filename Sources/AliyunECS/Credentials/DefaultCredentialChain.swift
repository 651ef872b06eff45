/// The standard credential chain, in the official SDKs' order:
///
/// 1. environment variables (``EnvironmentCredentialProvider``);
/// 2. OIDC role (RRSA) from `ALIBABA_CLOUD_ROLE_ARN` & co. (``OIDCRoleCredentialProvider``);
/// 3. the CLI profile `~/.aliyun/config.json` (``CLIProfileCredentialProvider``);
/// 4. the INI file `~/.alibabacloud/credentials` (``CredentialsFileProvider``);
/// 5. the instance's RAM role from the metadata service (``ECSRAMRoleCredentialProvider``).
///
/// The first source that yields credentials is remembered and used from then on (it refreshes its own
/// temporary credentials). When none does, the error lists what each source said.
public actor DefaultCredentialChain: CredentialProvider {
    private let sources: [(name: String, provider: any CredentialProvider)]
    private var chosen: (any CredentialProvider)?

    /// Creates the chain over the real process environment, files and metadata service, or over `context`.
    public init(context: CredentialSourceContext = CredentialSourceContext()) {
        sources = [
            ("environment", EnvironmentCredentialProvider(context: context)),
            ("OIDC role", OIDCRoleCredentialProvider(context: context)),
            ("CLI profile", CLIProfileCredentialProvider(context: context)),
            ("credentials file", CredentialsFileProvider(context: context)),
            ("ECS RAM role", ECSRAMRoleCredentialProvider(context: context)),
        ]
    }

    /// Creates a chain over custom sources, tried in order.
    public init(providers: [(name: String, provider: any CredentialProvider)]) {
        sources = providers
    }

    /// Returns credentials from the first source that has them.
    public func credentials() async throws -> ECSCredentials {
        if let chosen { return try await chosen.credentials() }
        var reasons: [String] = []
        for source in sources {
            do {
                let credentials = try await source.provider.credentials()
                chosen = source.provider
                return credentials
            } catch let error as CancellationError {
                throw error
            } catch let error as ECSClientError {
                reasons.append("\(source.name): \(error.message)")
            } catch {
                reasons.append("\(source.name): \(type(of: error))")
            }
        }
        throw ECSClientError(kind: .credentialsUnavailable, message: "No credentials found. Tried " + reasons.joined(separator: "; "))
    }
}
