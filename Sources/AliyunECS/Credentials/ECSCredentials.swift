import Foundation

/// An AccessKey pair, with the security token that STS credentials add.
///
/// Its `description`, `debugDescription` and `dump` output show the AccessKeyId only in masked form and
/// never the secret or the token, so logging a value of this type cannot leak it.
public struct ECSCredentials: Sendable, Hashable {
    /// The AccessKey ID (`LTAI…`, or `STS.…` for temporary credentials).
    public var accessKeyId: String
    /// The AccessKey secret. Never logged.
    public var accessKeySecret: String
    /// The STS security token of temporary credentials, or `nil` for a long-term key. Never logged.
    public var securityToken: String?
    /// When temporary credentials stop working, or `nil` for a long-term key.
    public var expiration: Date?

    /// Creates credentials.
    /// - Parameters:
    ///   - accessKeyId: The AccessKey ID.
    ///   - accessKeySecret: The AccessKey secret.
    ///   - securityToken: The STS token, for temporary credentials.
    ///   - expiration: When temporary credentials expire.
    public init(accessKeyId: String, accessKeySecret: String, securityToken: String? = nil, expiration: Date? = nil) {
        self.accessKeyId = accessKeyId
        self.accessKeySecret = accessKeySecret
        self.securityToken = securityToken
        self.expiration = expiration
    }

    /// The AccessKey ID with all but its first and last characters hidden, for logs.
    public var maskedAccessKeyId: String {
        Redaction.mask(accessKeyId)
    }
}

extension ECSCredentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// A description that hides the secret and the token.
    public var description: String {
        var text = "ECSCredentials(accessKeyId: \(maskedAccessKeyId), accessKeySecret: \(Redaction.placeholder)"
        if securityToken != nil { text += ", securityToken: \(Redaction.placeholder)" }
        if let expiration { text += ", expiration: \(ECSTimestamp.string(from: expiration))" }
        return text + ")"
    }

    /// The same as ``description``.
    public var debugDescription: String { description }

    /// A mirror that hides the secret and the token from `dump`.
    public var customMirror: Mirror {
        Mirror(self, children: [
            "accessKeyId": maskedAccessKeyId,
            "accessKeySecret": Redaction.placeholder,
            "securityToken": securityToken == nil ? "nil" : Redaction.placeholder,
            "expiration": expiration.map(ECSTimestamp.string(from:)) ?? "nil",
        ], displayStyle: .struct)
    }
}
