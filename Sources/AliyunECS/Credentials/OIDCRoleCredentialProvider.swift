import Foundation

/// Temporary credentials for a RAM role assumed with an OIDC token (RRSA, as on ACK clusters), through
/// STS `AssumeRoleWithOIDC`. Cached, and refreshed before they expire; the token file is re-read on
/// every refresh because the platform rotates it.
///
/// Configured by `ALIBABA_CLOUD_ROLE_ARN`, `ALIBABA_CLOUD_OIDC_PROVIDER_ARN` and
/// `ALIBABA_CLOUD_OIDC_TOKEN_FILE` (and optionally `ALIBABA_CLOUD_ROLE_SESSION_NAME`).
public struct OIDCRoleCredentialProvider: CredentialProvider {
    /// The role, the identity provider and where the token is.
    public struct Settings: Sendable, Hashable {
        /// The RAM role to assume, `acs:ram::<account>:role/<name>`.
        public var roleArn: String
        /// The OIDC identity provider, `acs:ram::<account>:oidc-provider/<name>`.
        public var oidcProviderArn: String
        /// The file that holds the OIDC token.
        public var tokenFile: String
        /// The session name recorded in the audit trail.
        public var roleSessionName: String
        /// How long the credentials should last, in seconds (900 to the role's maximum).
        public var durationSeconds: Int

        /// Creates settings.
        public init(roleArn: String, oidcProviderArn: String, tokenFile: String, roleSessionName: String = "aliyun-ecs-swift", durationSeconds: Int = 3600) {
            self.roleArn = roleArn
            self.oidcProviderArn = oidcProviderArn
            self.tokenFile = tokenFile
            self.roleSessionName = roleSessionName
            self.durationSeconds = durationSeconds
        }
    }

    private let settings: Settings?
    private let cache: CachingCredentialProvider?

    /// Creates a provider from explicit settings, or from the environment when `settings` is `nil`.
    public init(settings: Settings? = nil, context: CredentialSourceContext = CredentialSourceContext()) {
        let resolved = settings ?? Self.settings(from: context)
        self.settings = resolved
        cache = resolved.map { settings in
            CachingCredentialProvider(clock: context.clock) { try await Self.assumeRole(settings, context: context) }
        }
    }

    /// Returns the role's current credentials.
    public func credentials() async throws -> ECSCredentials {
        guard let cache else {
            throw ECSClientError(
                kind: .credentialsUnavailable,
                message: "ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN and ALIBABA_CLOUD_OIDC_TOKEN_FILE are not all set")
        }
        return try await cache.credentials()
    }

    static func settings(from context: CredentialSourceContext) -> Settings? {
        guard let role = context.variable("ALIBABA_CLOUD_ROLE_ARN"),
              let provider = context.variable("ALIBABA_CLOUD_OIDC_PROVIDER_ARN"),
              let file = context.variable("ALIBABA_CLOUD_OIDC_TOKEN_FILE") else { return nil }
        return Settings(
            roleArn: role, oidcProviderArn: provider, tokenFile: context.expand(file),
            roleSessionName: context.variable("ALIBABA_CLOUD_ROLE_SESSION_NAME") ?? "aliyun-ecs-swift")
    }

    private struct AssumeRoleAnswer: Decodable {
        struct Credentials: Decodable {
            var accessKeyId: String
            var accessKeySecret: String
            var securityToken: String
            var expiration: Date?

            enum CodingKeys: String, CodingKey {
                case accessKeyId = "AccessKeyId"
                case accessKeySecret = "AccessKeySecret"
                case securityToken = "SecurityToken"
                case expiration = "Expiration"
            }
        }

        var credentials: Credentials?
        var code: String?
        var message: String?

        enum CodingKeys: String, CodingKey {
            case credentials = "Credentials"
            case code = "Code"
            case message = "Message"
        }
    }

    static func assumeRole(_ settings: Settings, context: CredentialSourceContext) async throws -> ECSCredentials {
        guard let data = context.readFile(settings.tokenFile),
              case let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines),
              !token.isEmpty else {
            throw ECSClientError(kind: .credentialsUnavailable, message: "the OIDC token file \(settings.tokenFile) cannot be read or is empty")
        }
        let query = [
            QueryParameter(name: "Action", value: "AssumeRoleWithOIDC"),
            QueryParameter(name: "Format", value: "JSON"),
            QueryParameter(name: "Version", value: "2015-04-01"),
            QueryParameter(name: "Timestamp", value: ECSTimestamp.string(from: context.clock.now)),
        ]
        let form = [
            QueryParameter(name: "RoleArn", value: settings.roleArn),
            QueryParameter(name: "OIDCProviderArn", value: settings.oidcProviderArn),
            QueryParameter(name: "OIDCToken", value: token),
            QueryParameter(name: "RoleSessionName", value: settings.roleSessionName),
            QueryParameter(name: "DurationSeconds", value: String(settings.durationSeconds)),
        ]
        guard let url = URL(string: context.stsBaseURL.absoluteString.trimmingSuffix("/") + "/?" + CanonicalQuery.string(query)) else {
            throw ECSClientError(kind: .invalidConfiguration, message: "the STS endpoint is not a valid URL")
        }
        let request = ECSHTTPRequest(
            method: "POST", url: url,
            headers: [
                HTTPHeader(name: "Content-Type", value: "application/x-www-form-urlencoded"),
                HTTPHeader(name: "Accept", value: "application/json"),
            ],
            body: Data(CanonicalQuery.string(form).utf8))
        let response: ECSHTTPResponse
        do {
            response = try await context.transport.send(request)
        } catch let error as CancellationError {
            throw error
        } catch {
            throw ECSClientError(kind: .credentialsUnavailable, message: "STS AssumeRoleWithOIDC cannot be reached")
        }
        let answer = try? ECSJSONDecoder().decode(AssumeRoleAnswer.self, from: response.body)
        guard response.statusCode == 200, let credentials = answer?.credentials else {
            let code = answer?.code ?? "HTTP \(response.statusCode)"
            let message = Redaction.scrub(answer?.message ?? "", secrets: [token])
            throw ECSClientError(kind: .credentialsUnavailable, message: "STS AssumeRoleWithOIDC failed: \(code) \(message)".trimmingSpaces())
        }
        return ECSCredentials(
            accessKeyId: credentials.accessKeyId, accessKeySecret: credentials.accessKeySecret,
            securityToken: credentials.securityToken, expiration: credentials.expiration)
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
