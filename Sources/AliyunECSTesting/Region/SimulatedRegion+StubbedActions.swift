import AliyunECS
import Foundation

/// How a stubbed action answers: the request's business parameters and the request ID in, the body out.
typealias StubbedAction = @Sendable (_ parameters: [String: String], _ requestId: String) throws -> Data

extension SimulatedRegion {
    /// Answers every call of an action the region does not simulate (any action outside the recovery set, such
    /// as DescribeSecurityGroups or CreateDisk) with what `answer` returns for the decoded request.
    ///
    /// The call goes through everything a simulated one does (the signature check, faults, the call record),
    /// and its answer gets the call's request ID. A request whose parameters do not decode as `Request` is
    /// refused with `InvalidParameter`. Stubbing an action the region simulates changes nothing; stubbing one
    /// again replaces the earlier answer.
    ///
    /// ```swift
    /// region.stub(DescribeSecurityGroupsRequest.self) { request in
    ///     DescribeSecurityGroupsResponse(securityGroups: [.init(securityGroupId: "sg-1", vpcId: request.vpcId)])
    /// }
    /// ```
    /// - Parameters:
    ///   - request: The action's request type.
    ///   - answer: Makes the answer; it runs while the region handles the call, so it must not call the region.
    public func stub<Request: ECSRequest>(
        _ request: Request.Type, answer: @escaping @Sendable (Request) -> Request.Response
    ) {
        let stubbed: StubbedAction = { parameters, requestId in
            let decoded: Request
            do {
                decoded = try QueryDecoder().decode(Request.self, from: parameters)
            } catch {
                throw SimulatedAPIError(status: 400, code: "InvalidParameter", message: "The parameters of \(Request.action) are not valid: \(error)")
            }
            var response = answer(decoded)
            response.requestId = requestId
            return ResponseWriter.body(response)
        }
        withState { $0.stubbedActions[Request.action] = stubbed }
    }
}
