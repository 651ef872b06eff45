/// Which of ECS's two signature schemes a client uses.
public struct SignatureAlgorithm: Sendable, Hashable, CustomStringConvertible {
    enum Scheme: Sendable, Hashable {
        case acs3HMACSHA256
        case rpcHMACSHA1
    }

    let scheme: Scheme

    /// `ACS3-HMAC-SHA256`: signed headers and an `Authorization` header. The official SDKs' default.
    public static let acs3HMACSHA256 = SignatureAlgorithm(scheme: .acs3HMACSHA256)

    /// The legacy RPC scheme (`SignatureVersion=1.0`, `HMAC-SHA1`): the signature travels in the query.
    public static let rpcHMACSHA1 = SignatureAlgorithm(scheme: .rpcHMACSHA1)

    /// The scheme's name as ECS writes it.
    public var description: String {
        switch scheme {
        case .acs3HMACSHA256: "ACS3-HMAC-SHA256"
        case .rpcHMACSHA1: "HMAC-SHA1"
        }
    }
}
