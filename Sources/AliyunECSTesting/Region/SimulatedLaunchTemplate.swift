import AliyunECS
import Foundation

/// A launch template as the simulated region keeps it: each version's launch parameters in wire form
/// (`ImageId`, `SecurityGroupIds.1`, `Tag.1.Key`, …), which RunInstances merges under its own.
struct SimulatedLaunchTemplate: Sendable {
    /// One version.
    struct Version: Sendable {
        var number: Int
        var description: String?
        var createdAt: Date
        /// The launch parameters, by wire name.
        var parameters: [String: String]
    }

    var id: String
    var name: String
    var createdAt: Date
    var modifiedAt: Date
    var defaultVersion: Int
    /// The versions, version `n` at index `n - 1`.
    var versions: [Version]
    var tags: [ResourceTag]
    var resourceGroupId: String?

    /// The most templates a region holds, and versions a template holds.
    static let maximumTemplates = 30
    static let maximumVersions = 30

    /// The version `number`, or the default one.
    func version(_ number: Int?) -> Version? {
        let wanted = number ?? defaultVersion
        return versions.indices.contains(wanted - 1) ? versions[wanted - 1] : nil
    }

    /// CreateLaunchTemplate's parameters that describe the template rather than the launch.
    static func isTemplateParameter(_ name: String) -> Bool {
        name.hasPrefix("TemplateTag.") || [
            "LaunchTemplateName", "LaunchTemplateId", "TemplateResourceGroupId", "VersionDescription", "RegionId", "ClientToken",
            "OwnerId", "OwnerAccount", "ResourceOwnerAccount", "ResourceOwnerId",
        ].contains(name)
    }

    /// `request`'s parameters over `template`'s, as ECS merges them: a parameter the request sets wins; a list
    /// (`Tag.N`, `DataDisk.N`, the security groups) comes whole from one side or the other.
    static func merged(_ request: [String: String], over template: [String: String]) -> [String: String] {
        let setByRequest = Set(request.keys.map(group))
        var merged = request
        for (name, value) in template where !setByRequest.contains(group(name)) {
            merged[name] = value
        }
        return merged
    }

    /// What a parameter belongs to when merging: a list's name for its elements (`Tag.2.Key` → `Tag`), one
    /// group for `SecurityGroupId` and `SecurityGroupIds.N` (an instance has one or the other), else itself.
    private static func group(_ name: String) -> String {
        let parts = name.split(separator: ".", maxSplits: 2)
        if parts.first == "SecurityGroupId" || parts.first == "SecurityGroupIds" { return "SecurityGroups" }
        if parts.count > 1, Int(parts[1]) != nil { return String(parts[0]) }
        return name
    }
}

/// The region's launch templates, by ID and name.
struct LaunchTemplateStore: Sendable {
    private(set) var byId: [String: SimulatedLaunchTemplate] = [:]
    /// Template IDs in creation order.
    private(set) var order: [String] = []

    var count: Int { order.count }

    /// The templates in creation order.
    var all: [SimulatedLaunchTemplate] { order.compactMap { byId[$0] } }

    /// The template with this ID, else the one with this name.
    func find(id: String?, name: String?) -> SimulatedLaunchTemplate? {
        if let id, !id.isEmpty { return byId[id] }
        guard let name, !name.isEmpty else { return nil }
        return all.first { $0.name == name }
    }

    mutating func save(_ template: SimulatedLaunchTemplate) {
        if byId[template.id] == nil { order.append(template.id) }
        byId[template.id] = template
    }
}
