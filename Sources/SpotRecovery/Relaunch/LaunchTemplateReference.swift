/// A launch template (and one of its versions) that replacements are launched with: RunInstances'
/// `LaunchTemplateId` or `LaunchTemplateName`, and `LaunchTemplateVersion`.
public struct LaunchTemplateReference: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The template's ID (`lt-…`), when it is named by ID.
    public var templateId: String?
    /// The template's name, when it is named by name.
    public var templateName: String?
    /// The version; `nil` for the template's default version.
    public var version: Int?

    /// The template with this ID.
    public static func id(_ templateId: String, version: Int? = nil) -> LaunchTemplateReference {
        LaunchTemplateReference(templateId: templateId, templateName: nil, version: version)
    }

    /// The template with this name.
    public static func named(_ templateName: String, version: Int? = nil) -> LaunchTemplateReference {
        LaunchTemplateReference(templateId: nil, templateName: templateName, version: version)
    }

    /// `lt-…` or the name, with `@version` when one is set.
    public var description: String {
        (templateId ?? templateName ?? "?") + (version.map { "@\($0)" } ?? "")
    }
}
