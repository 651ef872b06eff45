import AliyunECS

/// The request model decoded last, reused when the next call decodes the same type from the same
/// parameters; an idempotent request's ClientToken, new on every call, is compared apart and taken from
/// the new call.
///
/// Clients send the same request again and again (a fleet launched from one template, a page of the same
/// instance IDs described every few seconds), and decoding a model through `Codable` is a tenth of the
/// emulator's time for a RunInstances with its ninety-odd members, or a DescribeInstances of 100 IDs.
/// Decoding depends on nothing but the parameters, so an equal set gives an equal model.
final class DecodedRequestMemo {
    private var last: (type: ObjectIdentifier, parameters: [String: String], request: any Decodable)?

    /// The model of `type` for `parameters`: the remembered one when it matches, else what `decode` builds.
    func request<Request: Decodable>(
        _ type: Request.Type, _ parameters: [String: String], decode: () throws(SimulatedAPIError) -> Request
    ) throws(SimulatedAPIError) -> Request {
        if let last, last.type == ObjectIdentifier(type),
            (last.parameters["ClientToken"] == nil) == (parameters["ClientToken"] == nil),
            RegionState.sameParameters(last.parameters, parameters),
            let remembered = last.request as? Request {
            guard var idempotent = remembered as? any IdempotentECSRequest else { return remembered }
            idempotent.clientToken = parameters["ClientToken"]
            if let request = idempotent as? Request { return request }
        }
        let request = try decode()
        last = (ObjectIdentifier(type), parameters, request)
        return request
    }
}
