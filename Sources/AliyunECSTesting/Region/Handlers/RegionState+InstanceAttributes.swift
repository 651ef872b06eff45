import AliyunECS
import Foundation

extension RegionState {
    /// An instance's user data, Base64-encoded as it was launched with; empty when it has none.
    func describeUserData(_ parameters: [String: String], now: Date) throws(SimulatedAPIError) -> DescribeUserDataResponse {
        let request = try decode(DescribeUserDataRequest.self, parameters)
        try checkRegion(request.regionId)
        let instance = try liveInstance(request.instanceId, at: now)
        return DescribeUserDataResponse(instanceId: instance.id, regionId: configuration.regionId, userData: userData[instance.id] ?? "")
    }

    /// The RAM role of each instance named (`InstanceIds`, a JSON array of at most 50), or the instances that
    /// have the role named (`RamRoleName`), a page at a time. An instance without a role is listed with an
    /// empty name.
    func describeInstanceRamRole(_ parameters: [String: String], now: Date) throws(SimulatedAPIError) -> DescribeInstanceRamRoleResponse {
        let request = try decode(DescribeInstanceRamRoleRequest.self, parameters)
        try checkRegion(request.regionId)
        let role = request.ramRoleName.flatMap { $0.isEmpty ? nil : $0 }
        // ECS documents that one of the two is required, not the code it answers without either: ours is a guess.
        guard request.instanceIds != nil || role != nil else { throw .missingParameter("InstanceIds") }
        if let role, deletedRamRoles.contains(role) {
            throw .notFound("InvalidRamRole.NotFound", "The specified RamRoleName does not exist.")
        }
        let listed: [SimulatedInstance]
        if let ids = request.instanceIds {
            guard ids.count <= 50 else {
                throw SimulatedAPIError(status: 400, code: "InvalidInstanceIds.Malformed", message: "The specified InstanceIds is not valid.")
            }
            listed = try ids.map { id throws(SimulatedAPIError) in try liveInstance(id, at: now) }
                .filter { role == nil || $0.ramRoleName == role }
        } else {
            listed = liveInstances(at: now).filter { $0.ramRoleName == role }
        }
        let (pageNumber, pageSize) = Self.page(number: request.pageNumber, size: request.pageSize, maximumSize: 50)
        let page = listed.dropFirst((pageNumber - 1) * pageSize).prefix(pageSize).map { instance in
            DescribeInstanceRamRoleResponse.InstanceRamRole(instanceId: instance.id, ramRoleName: instance.ramRoleName ?? "")
        }
        return DescribeInstanceRamRoleResponse(instanceRamRoles: Array(page), regionId: configuration.regionId, totalCount: listed.count)
    }
}
