import AliyunECS
import Foundation

/// ECS's rules for what RunInstances sets on an instance, with the error codes its documentation gives.
/// (Where ECS documents a code but not the exact trigger, the comment says so.)
enum LaunchRules {
    /// The most security groups an instance joins by default (`JoinedGroupLimitExceed` past it); ECS can raise
    /// the quota per account.
    static let maximumSecurityGroups = 5
    /// The largest user data, in bytes before Base64 encoding.
    static let maximumUserDataBytes = 32 * 1024

    /// The security groups of a launch: `SecurityGroupId` or `SecurityGroupIds.N`, not both.
    static func securityGroups(of request: RunInstancesRequest) throws(SimulatedAPIError) -> [String] {
        if request.securityGroupId != nil, request.securityGroupIds != nil {
            // Documented as not allowed; the code is our reading of ECS's `InvalidParameter.Conflict`.
            throw SimulatedAPIError(status: 400, code: "InvalidParameter.Conflict", message: "SecurityGroupId and SecurityGroupIds.N cannot be specified together.")
        }
        let groups = request.securityGroupIds ?? request.securityGroupId.map { [$0] } ?? []
        guard !groups.isEmpty, groups.allSatisfy({ !$0.isEmpty }) else { throw .missingParameter("SecurityGroupId") }
        guard groups.count <= maximumSecurityGroups else {
            throw SimulatedAPIError(status: 400, code: "JoinedGroupLimitExceed", message: "An instance can join at most \(maximumSecurityGroups) security groups.")
        }
        return groups
    }

    /// Base64 (`InvalidUserData.Base64FormatInvalid`) of at most 32 KB once decoded (`InvalidUserData.SizeExceeded`).
    static func checkUserData(_ userData: String?) throws(SimulatedAPIError) {
        guard let userData, !userData.isEmpty else { return }
        // Never quoted in the message: user data is a secret.
        guard let decoded = Data(base64Encoded: userData) else {
            throw SimulatedAPIError(status: 400, code: "InvalidUserData.Base64FormatInvalid", message: "The specified parameter UserData must be base64 encoded.")
        }
        guard decoded.count <= maximumUserDataBytes else {
            throw SimulatedAPIError(status: 400, code: "InvalidUserData.SizeExceeded", message: "The specified parameter \"UserData\" exceeds the size.")
        }
    }

    /// A Linux host name: 2 to 64 characters of letters, digits, `.` and `-` (and the `[begin,bits]` of
    /// ECS's sequential names), neither starting nor ending with `.` or `-`, without `..` or `--`.
    static func checkHostName(_ hostName: String?) throws(SimulatedAPIError) {
        guard let hostName else { return }
        let allowed = hostName.unicodeScalars.allSatisfy {
            ($0.isASCII && (CharacterSet.alphanumerics.contains($0))) || "-.[],".unicodeScalars.contains($0)
        }
        let edges: Set<Character> = [".", "-"]
        guard (2...64).contains(hostName.count), allowed,
              let first = hostName.first, let last = hostName.last, !edges.contains(first), !edges.contains(last),
              !hostName.contains(".."), !hostName.contains("--") else {
            throw SimulatedAPIError(status: 400, code: "InvalidHostName.Malformed", message: "The specified parameter \"HostName\" is not valid.")
        }
    }

    /// The enumerated settings hold values ECS knows.
    static func checkSettings(of request: RunInstancesRequest) throws(SimulatedAPIError) {
        if let charge = request.internetChargeType, charge != .payByTraffic, charge != .payByBandwidth {
            throw SimulatedAPIError(status: 400, code: "InvalidInternetChargeType.ValueNotSupported", message: "The specified InternetChargeType is not valid.")
        }
        if let behavior = request.spotInterruptionBehavior, behavior != .stop, behavior != .terminate {
            throw SimulatedAPIError(status: 400, code: "InvalidSpotInterruptionBehavior", message: "The specified SpotInterruptionBehavior is not valid.")
        }
        if let credit = request.creditSpecification, credit != "Standard", credit != "Unlimited" {
            throw SimulatedAPIError(status: 400, code: "InvalidParameter.CreditSpecification", message: "The specified CreditSpecification is not supported.")
        }
    }
}
