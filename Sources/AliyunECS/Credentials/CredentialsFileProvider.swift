import Foundation

/// Credentials from the shared INI file `~/.alibabacloud/credentials` (or `ALIBABA_CLOUD_CREDENTIALS_FILE`).
///
/// The section is `ALIBABA_CLOUD_PROFILE` if set, else `default`. Supported types: `access_key`
/// (`access_key_id`, `access_key_secret`) and `ecs_ram_role` (`role_name`).
///
/// ```ini
/// [default]
/// type = access_key
/// access_key_id = LTAI…
/// access_key_secret = …
/// ```
///
/// The file is read once, on first use; an `ecs_ram_role` section's temporary credentials are then cached
/// and refreshed shortly before they expire, one refresh for concurrent callers.
public struct CredentialsFileProvider: CredentialProvider {
    private let source: ResolvedCredentialSource

    /// Creates a provider.
    /// - Parameters:
    ///   - profileName: The section; `nil` for `ALIBABA_CLOUD_PROFILE` or `default`.
    ///   - path: The file; `nil` for `ALIBABA_CLOUD_CREDENTIALS_FILE` or `~/.alibabacloud/credentials`.
    ///   - context: Environment, files and transport.
    public init(profileName: String? = nil, path: String? = nil, context: CredentialSourceContext = CredentialSourceContext()) {
        source = ResolvedCredentialSource {
            try Self.resolve(profileName: profileName, path: path, context: context)
        }
    }

    /// Returns the section's credentials.
    public func credentials() async throws -> ECSCredentials {
        try await source.credentials()
    }

    /// Reads the file and returns the provider its section names.
    private static func resolve(profileName: String?, path: String?, context: CredentialSourceContext) throws -> any CredentialProvider {
        let file = path ?? context.variable("ALIBABA_CLOUD_CREDENTIALS_FILE").map(context.expand) ?? context.expand("~/.alibabacloud/credentials")
        guard let data = context.readFile(file) else {
            throw ECSClientError(kind: .credentialsUnavailable, message: "no credentials file at \(file)")
        }
        let sections = INIFile.parse(String(decoding: data, as: UTF8.self))
        let wanted = profileName ?? context.variable("ALIBABA_CLOUD_PROFILE") ?? "default"
        guard let section = sections[wanted] else {
            throw ECSClientError(kind: .credentialsUnavailable, message: "the credentials file \(file) has no section [\(wanted)]")
        }
        switch section["type"] ?? "access_key" {
        case "access_key":
            guard let id = section["access_key_id"], !id.isEmpty, let secret = section["access_key_secret"], !secret.isEmpty else {
                throw ECSClientError(kind: .credentialsUnavailable, message: "section [\(wanted)] of \(file) lacks access_key_id or access_key_secret")
            }
            return StaticCredentialProvider(ECSCredentials(accessKeyId: id, accessKeySecret: secret))
        case "ecs_ram_role":
            return ECSRAMRoleCredentialProvider(roleName: section["role_name"], context: context)
        case let other:
            throw ECSClientError(kind: .credentialsUnavailable, message: "section [\(wanted)] of \(file) has type \(other), which this SDK does not support yet")
        }
    }
}

/// A minimal INI reader: `[section]` headers, `key = value` lines, `#` and `;` comments.
enum INIFile {
    static func parse(_ text: String) -> [String: [String: String]] {
        var sections: [String: [String: String]] = [:]
        var current: String?
        // Editors on Windows save UTF-8 with a byte-order mark; it is not part of the first line.
        let body = text.unicodeScalars.first == "\u{FEFF}" ? String(text.unicodeScalars.dropFirst()) : text
        for rawLine in body.split(whereSeparator: \.isNewline) {
            // The syntax (brackets, `=`, quotes, comment marks) is found scalar by scalar: a combining mark
            // that follows one of them makes one Character with it, and must not hide it.
            let line = rawLine.trimmingCharacters(in: .whitespaces).unicodeScalars
            guard let first = line.first, first != "#", first != ";" else { continue }
            if first == "[", line.last == "]" {
                let name = String(String.UnicodeScalarView(line.dropFirst().dropLast())).trimmingCharacters(in: .whitespaces)
                current = name
                sections[name, default: [:]] = sections[name] ?? [:]
                continue
            }
            guard let current, let equals = line.firstIndex(of: "=") else { continue }
            let key = String(String.UnicodeScalarView(line[..<equals])).trimmingCharacters(in: .whitespaces)
            var value = String(String.UnicodeScalarView(line[line.index(after: equals)...])).trimmingCharacters(in: .whitespaces).unicodeScalars
            if value.count >= 2, value.first == "\"", value.last == "\"" { value = String.UnicodeScalarView(value.dropFirst().dropLast()) }
            sections[current, default: [:]][key] = String(value)
        }
        return sections
    }
}
