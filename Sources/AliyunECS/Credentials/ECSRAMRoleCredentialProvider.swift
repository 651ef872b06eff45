import Foundation

/// Temporary credentials of the RAM role attached to the ECS instance this code runs on, from the
/// instance metadata service. Cached, and refreshed before they expire.
///
/// The role name comes from the initialiser, else `ALIBABA_CLOUD_ECS_METADATA`, else the metadata
/// service itself. Disabled when `ALIBABA_CLOUD_ECS_METADATA_DISABLED=true`; token-less reads are
/// refused when `ALIBABA_CLOUD_IMDSV1_DISABLED=true`.
public struct ECSRAMRoleCredentialProvider: CredentialProvider {
    private let cache: CachingCredentialProvider
    private let disabled: Bool

    /// Creates a provider.
    /// - Parameters:
    ///   - roleName: The role; discovered from the metadata service when `nil` and the environment
    ///     does not name one.
    ///   - context: Environment, transport, clock and the metadata base URL.
    public init(roleName: String? = nil, context: CredentialSourceContext = CredentialSourceContext()) {
        disabled = context.flag("ALIBABA_CLOUD_ECS_METADATA_DISABLED")
        let metadata = InstanceMetadataClient(
            baseURL: context.metadataBaseURL, transport: context.transport, clock: context.clock,
            allowsTokenlessFallback: !context.flag("ALIBABA_CLOUD_IMDSV1_DISABLED"))
        let configuredRole = roleName ?? context.variable("ALIBABA_CLOUD_ECS_METADATA")
        cache = CachingCredentialProvider(clock: context.clock) {
            try await Self.fetch(metadata: metadata, roleName: configuredRole)
        }
    }

    /// Returns the role's current credentials.
    public func credentials() async throws -> ECSCredentials {
        guard !disabled else {
            throw ECSClientError(kind: .credentialsUnavailable, message: "the ECS metadata service is disabled (ALIBABA_CLOUD_ECS_METADATA_DISABLED=true)")
        }
        return try await cache.credentials()
    }

    private struct RoleCredentials: Decodable {
        var accessKeyId: String?
        var accessKeySecret: String?
        var securityToken: String?
        var expiration: Date?
        var code: String?

        enum CodingKeys: String, CodingKey {
            case accessKeyId = "AccessKeyId"
            case accessKeySecret = "AccessKeySecret"
            case securityToken = "SecurityToken"
            case expiration = "Expiration"
            case code = "Code"
        }
    }

    static func fetch(metadata: InstanceMetadataClient, roleName: String?) async throws -> ECSCredentials {
        let base = "/latest/meta-data/ram/security-credentials/"
        let role: String
        do {
            if let roleName {
                role = roleName
            } else {
                let answer = try await metadata.get(base)
                guard answer.statusCode == 200, let first = answer.text.split(whereSeparator: \.isNewline).first else {
                    throw ECSClientError(kind: .credentialsUnavailable, message: "the metadata service names no RAM role (HTTP \(answer.statusCode))")
                }
                role = String(first)
            }
            let answer = try await metadata.get(base + role)
            guard answer.statusCode == 200 else {
                throw ECSClientError(kind: .credentialsUnavailable, message: "the metadata service has no credentials for role \(role) (HTTP \(answer.statusCode))")
            }
            let parsed = try ECSJSONDecoder().decode(RoleCredentials.self, from: answer.body)
            guard parsed.code == nil || parsed.code == "Success",
                  let id = parsed.accessKeyId, let secret = parsed.accessKeySecret else {
                throw ECSClientError(kind: .credentialsUnavailable, message: "the metadata service answered without credentials for role \(role)")
            }
            return ECSCredentials(accessKeyId: id, accessKeySecret: secret, securityToken: parsed.securityToken, expiration: parsed.expiration)
        } catch let error as ECSClientError {
            throw error
        } catch let error as CancellationError {
            throw error
        } catch is DecodingError {
            throw ECSClientError(kind: .credentialsUnavailable, message: "the metadata service's credentials answer is not valid JSON")
        } catch {
            throw ECSClientError(kind: .credentialsUnavailable, message: "the metadata service cannot be reached at its address")
        }
    }
}
