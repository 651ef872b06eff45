import AliyunECS
import Foundation

extension RegionState {
    mutating func createLaunchTemplate(_ parameters: [String: String], now: Date) throws(SimulatedAPIError) -> CreateLaunchTemplateResponse {
        let request = try decode(CreateLaunchTemplateRequest.self, parameters)
        try checkRegion(request.regionId)
        let name = request.launchTemplateName
        guard (2...128).contains(name.count), name.first?.isLetter == true, !name.hasPrefix("http://"), !name.hasPrefix("https://") else {
            throw SimulatedAPIError(status: 400, code: "InvalidLaunchTemplateName.Malformed", message: "The specified parameter LaunchTemplateName is not valid.")
        }
        guard launchTemplates.find(id: nil, name: name) == nil else {
            throw SimulatedAPIError(status: 403, code: "LaunchTemplateName.Duplicated", message: "The launch template name \(name) already exists.")
        }
        guard launchTemplates.count < SimulatedLaunchTemplate.maximumTemplates else {
            throw SimulatedAPIError(status: 403, code: "LaunchTemplateLimitExceed", message: "A region holds at most \(SimulatedLaunchTemplate.maximumTemplates) launch templates.")
        }
        try checkTemplateData(tags: request.tags ?? [], userData: request.userData)
        try TagRules.checkCreationTags((request.templateTags ?? []).map { ECSTag(key: $0.key ?? "", value: $0.value) })
        let template = SimulatedLaunchTemplate(
            id: "lt-bp" + generator.identifier(18), name: name, createdAt: now, modifiedAt: now, defaultVersion: 1,
            versions: [.init(number: 1, description: request.versionDescription, createdAt: now, parameters: Self.launchParameters(parameters))],
            tags: (request.templateTags ?? []).map { ResourceTag(key: $0.key ?? "", value: $0.value ?? "") },
            resourceGroupId: request.templateResourceGroupId)
        launchTemplates.save(template)
        return CreateLaunchTemplateResponse(launchTemplateId: template.id, launchTemplateVersionNumber: 1)
    }

    /// Adds a version to a template (the setup API; ECS's CreateLaunchTemplateVersion is not simulated).
    mutating func addLaunchTemplateVersion(
        templateId: String, _ parameters: [String: String], makeDefault: Bool, now: Date
    ) throws(SimulatedAPIError) -> Int {
        guard var template = launchTemplates.find(id: templateId, name: nil) else { throw Self.templateNotFound }
        guard template.versions.count < SimulatedLaunchTemplate.maximumVersions else {
            throw SimulatedAPIError(status: 403, code: "LaunchTemplateVersionLimitExceed", message: "A launch template holds at most \(SimulatedLaunchTemplate.maximumVersions) versions.")
        }
        let data = try decode(CreateLaunchTemplateRequest.self, parameters)
        try checkTemplateData(tags: data.tags ?? [], userData: data.userData)
        let number = template.versions.count + 1
        template.versions.append(.init(number: number, description: data.versionDescription, createdAt: now, parameters: Self.launchParameters(parameters)))
        if makeDefault { template.defaultVersion = number }
        template.modifiedAt = now
        launchTemplates.save(template)
        return number
    }

    /// Makes `version` the default of a template (the setup API; ECS's ModifyLaunchTemplateDefaultVersion).
    mutating func setDefaultLaunchTemplateVersion(templateId: String, version: Int, now: Date) throws(SimulatedAPIError) {
        guard var template = launchTemplates.find(id: templateId, name: nil) else { throw Self.templateNotFound }
        guard template.version(version) != nil else { throw Self.versionNotFound }
        template.defaultVersion = version
        template.modifiedAt = now
        launchTemplates.save(template)
    }

    func describeLaunchTemplates(_ parameters: [String: String], now: Date) throws(SimulatedAPIError) -> DescribeLaunchTemplatesResponse {
        let request = try decode(DescribeLaunchTemplatesRequest.self, parameters)
        try checkRegion(request.regionId)
        let ids = request.launchTemplateIds.map(Set.init)
        let names = request.launchTemplateNames.map(Set.init)
        let wantedTags = request.templateTags ?? []
        let matching = launchTemplates.all.filter { template in
            if let ids, !ids.contains(template.id) { return false }
            if let names, !names.contains(template.name) { return false }
            if let group = request.templateResourceGroupId, group != template.resourceGroupId { return false }
            return wantedTags.allSatisfy { tag in template.tags.contains { $0.key == tag.key && (tag.value == nil || tag.value == $0.value) } }
        }
        let (pageNumber, pageSize) = Self.page(number: request.pageNumber, size: request.pageSize, maximumSize: 50)
        let page = matching.dropFirst((pageNumber - 1) * pageSize).prefix(pageSize).map { template in
            DescribeLaunchTemplatesResponse.LaunchTemplate(
                createTime: template.createdAt, createdBy: SimulatedInterruptionEvent.accountId, defaultVersionNumber: template.defaultVersion,
                latestVersionNumber: template.versions.count, launchTemplateId: template.id, launchTemplateName: template.name,
                modifiedTime: template.modifiedAt, resourceGroupId: template.resourceGroupId, tags: template.tags)
        }
        return DescribeLaunchTemplatesResponse(launchTemplates: Array(page), pageNumber: pageNumber, pageSize: pageSize, totalCount: matching.count)
    }

    func describeLaunchTemplateVersions(_ parameters: [String: String], now: Date) throws(SimulatedAPIError) -> DescribeLaunchTemplateVersionsResponse {
        let request = try decode(DescribeLaunchTemplateVersionsRequest.self, parameters)
        try checkRegion(request.regionId)
        guard request.launchTemplateId != nil || request.launchTemplateName != nil else { throw .missingParameter("LaunchTemplateId") }
        guard let template = launchTemplates.find(id: request.launchTemplateId, name: request.launchTemplateName) else { throw Self.templateNotFound }
        let numbers = request.launchTemplateVersions.map(Set.init)
        let matching = template.versions.filter { version in
            if let numbers, !numbers.contains(version.number) { return false }
            if let minimum = request.minVersion, version.number < minimum { return false }
            if let maximum = request.maxVersion, version.number > maximum { return false }
            return request.defaultVersion != true || version.number == template.defaultVersion
        }
        let (pageNumber, pageSize) = Self.page(number: request.pageNumber, size: request.pageSize, maximumSize: 50)
        let page = try matching.dropFirst((pageNumber - 1) * pageSize).prefix(pageSize).map { version throws(SimulatedAPIError) in
            var described = DescribeLaunchTemplateVersionsResponse.LaunchTemplateVersion(
                createTime: version.createdAt, createdBy: SimulatedInterruptionEvent.accountId,
                defaultVersion: version.number == template.defaultVersion, launchTemplateId: template.id,
                launchTemplateName: template.name, modifiedTime: version.createdAt, versionDescription: version.description,
                versionNumber: version.number)
            if request.detailFlag ?? true {
                described.launchTemplateData = try launchTemplateData(version.parameters, templateName: template.name)
            }
            return described
        }
        return DescribeLaunchTemplateVersionsResponse(
            launchTemplateVersions: Array(page), pageNumber: pageNumber, pageSize: pageSize, totalCount: matching.count)
    }

    /// RunInstances' parameters with those of the launch template they name merged under them, as ECS does;
    /// the parameters themselves when they name none.
    func withLaunchTemplate(_ request: RunInstancesRequest, _ parameters: [String: String]) throws(SimulatedAPIError) -> [String: String] {
        guard request.launchTemplateId?.isEmpty == false || request.launchTemplateName?.isEmpty == false else { return parameters }
        guard let template = launchTemplates.find(id: request.launchTemplateId, name: request.launchTemplateName) else { throw Self.templateNotFound }
        guard let version = template.version(request.launchTemplateVersion) else { throw Self.versionNotFound }
        return SimulatedLaunchTemplate.merged(parameters, over: version.parameters)
    }

    // MARK: Helpers

    static let templateNotFound = SimulatedAPIError.notFound("InvalidLaunchTemplate.NotFound", "The specified launch template does not exist.")
    static let versionNotFound = SimulatedAPIError.notFound(
        "InvalidLaunchTemplateVersion.NotFound", "The specified version of the launch template does not exist.")

    /// The launch parameters of a CreateLaunchTemplate call: all but those that describe the template.
    static func launchParameters(_ parameters: [String: String]) -> [String: String] {
        parameters.filter { !SimulatedLaunchTemplate.isTemplateParameter($0.key) }
    }

    /// The checks ECS makes of a template's launch data when it is saved (others wait for RunInstances).
    private func checkTemplateData(tags: [ECSTag], userData: String?) throws(SimulatedAPIError) {
        try TagRules.checkCreationTags(tags)
        try LaunchRules.checkUserData(userData)
    }

    /// A version's parameters as DescribeLaunchTemplateVersions reports them.
    private func launchTemplateData(
        _ parameters: [String: String], templateName: String
    ) throws(SimulatedAPIError) -> DescribeLaunchTemplateVersionsResponse.LaunchTemplateVersion.LaunchTemplateData {
        var named = parameters
        named["LaunchTemplateName"] = templateName
        let saved = try decode(CreateLaunchTemplateRequest.self, named)
        typealias Data = DescribeLaunchTemplateVersionsResponse.LaunchTemplateVersion.LaunchTemplateData
        var data = Data()
        data.imageId = saved.imageId
        data.instanceType = saved.instanceType
        data.instanceName = saved.instanceName
        data.description = saved.instanceDescription
        data.hostName = saved.hostName
        data.zoneId = saved.zoneId
        data.vpcId = saved.vpcId
        data.vSwitchId = saved.vSwitchId
        data.securityGroupId = saved.securityGroupId
        data.securityGroupIds = saved.securityGroupIds ?? []
        data.keyPairName = saved.keyPairName
        data.ramRoleName = saved.ramRoleName
        data.userData = saved.userData
        data.resourceGroupId = saved.resourceGroupId
        data.instanceChargeType = saved.instanceChargeType
        data.spotStrategy = saved.spotStrategy
        data.spotPriceLimit = saved.spotPriceLimit
        data.spotDuration = saved.spotDuration
        data.internetChargeType = saved.internetChargeType
        data.internetMaxBandwidthIn = saved.internetMaxBandwidthIn
        data.internetMaxBandwidthOut = saved.internetMaxBandwidthOut
        data.deploymentSetId = saved.deploymentSetId
        data.creditSpecification = saved.creditSpecification
        data.deletionProtection = saved.deletionProtection
        data.networkType = saved.networkType
        data.ioOptimized = saved.ioOptimized
        data.tags = (saved.tags ?? []).map { Data.InstanceTag(key: $0.key, value: $0.value) }
        if let disk = saved.systemDisk {
            data.systemDisk = Data.SystemDisk(category: disk.category, size: disk.size)
        }
        return data
    }
}
