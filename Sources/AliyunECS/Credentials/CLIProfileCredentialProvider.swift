import Foundation

/// Credentials from the Alibaba Cloud CLI's profile file, `~/.aliyun/config.json`.
///
/// The profile is `ALIBABA_CLOUD_PROFILE` if set, else the file's `current`. Supported modes: `AK`
/// (AccessKey pair), `StsToken` (pair plus `sts_token`) and `EcsRamRole` (the instance's RAM role
/// named by `ram_role_name`, read from the metadata service).
///
/// The file is read once, on first use; in `EcsRamRole` mode the role's temporary credentials are then
/// cached and refreshed shortly before they expire, one refresh for concurrent callers.
public struct CLIProfileCredentialProvider: CredentialProvider {
    private let source: ResolvedCredentialSource

    /// Creates a provider.
    /// - Parameters:
    ///   - profileName: The profile; `nil` for `ALIBABA_CLOUD_PROFILE` or the file's `current`.
    ///   - path: The config file; `nil` for `~/.aliyun/config.json`.
    ///   - context: Environment, files and transport.
    public init(profileName: String? = nil, path: String? = nil, context: CredentialSourceContext = CredentialSourceContext()) {
        source = ResolvedCredentialSource {
            try Self.resolve(profileName: profileName, path: path, context: context)
        }
    }

    private struct ConfigFile: Decodable {
        struct Profile: Decodable {
            var name: String
            var mode: String?
            var accessKeyId: String?
            var accessKeySecret: String?
            var stsToken: String?
            var ramRoleName: String?

            enum CodingKeys: String, CodingKey {
                case name, mode
                case accessKeyId = "access_key_id"
                case accessKeySecret = "access_key_secret"
                case stsToken = "sts_token"
                case ramRoleName = "ram_role_name"
            }
        }

        var current: String?
        var profiles: [Profile]
    }

    /// Returns the profile's credentials.
    public func credentials() async throws -> ECSCredentials {
        try await source.credentials()
    }

    /// Reads the file and returns the provider its profile names.
    private static func resolve(profileName: String?, path: String?, context: CredentialSourceContext) throws -> any CredentialProvider {
        let file = path ?? context.expand("~/.aliyun/config.json")
        guard let data = context.readFile(file) else {
            throw ECSClientError(kind: .credentialsUnavailable, message: "no CLI profile file at \(file)")
        }
        let config: ConfigFile
        do {
            config = try ECSJSONDecoder().decode(ConfigFile.self, from: data)
        } catch {
            throw ECSClientError(kind: .credentialsUnavailable, message: "the CLI profile file \(file) is not valid")
        }
        let wanted = profileName ?? context.variable("ALIBABA_CLOUD_PROFILE") ?? config.current ?? "default"
        guard let profile = config.profiles.first(where: { $0.name == wanted }) else {
            throw ECSClientError(kind: .credentialsUnavailable, message: "the CLI profile file \(file) has no profile \(wanted)")
        }
        let mode = profile.mode ?? "AK"
        switch mode {
        case "AK", "StsToken":
            guard let id = profile.accessKeyId, !id.isEmpty, let secret = profile.accessKeySecret, !secret.isEmpty else {
                throw ECSClientError(kind: .credentialsUnavailable, message: "CLI profile \(wanted) lacks access_key_id or access_key_secret")
            }
            let token = mode == "StsToken" ? profile.stsToken : nil
            if mode == "StsToken", token?.isEmpty ?? true {
                throw ECSClientError(kind: .credentialsUnavailable, message: "CLI profile \(wanted) is StsToken mode but has no sts_token")
            }
            return StaticCredentialProvider(ECSCredentials(accessKeyId: id, accessKeySecret: secret, securityToken: token))
        case "EcsRamRole":
            return ECSRAMRoleCredentialProvider(roleName: profile.ramRoleName, context: context)
        default:
            throw ECSClientError(kind: .credentialsUnavailable, message: "CLI profile \(wanted) uses mode \(mode), which this SDK does not support yet")
        }
    }
}
