/// A request for one ECS API action, with the response it gets back.
///
/// The four actions this package models conform; a user can add another action by conforming a
/// `Codable` struct whose `CodingKeys` are the wire names, and calling ``ECSClient/send(_:options:)``.
public protocol ECSRequest: Codable, Sendable {
    /// The decoded answer.
    associatedtype Response: ECSResponse

    /// The API action name, e.g. `RunInstances`.
    static var action: String { get }

    /// The region to act in; the client fills in its own region when this is `nil`.
    var regionId: String? { get set }
}

/// The decoded answer to an ``ECSRequest``.
public protocol ECSResponse: Codable, Sendable {
    /// The ID ECS gave this request, for support tickets and logs.
    var requestId: String? { get }
}

/// A request that ECS makes idempotent with a `ClientToken`: repeating it with the same token and the
/// same parameters returns the first result instead of acting twice.
///
/// ``ECSClient`` gives every logical call of such a request a token (unless the caller set one) and
/// reuses it on every retry, so a retry after a lost response never creates a second resource.
public protocol IdempotentECSRequest: ECSRequest {
    /// The idempotency token: ASCII, at most 64 characters.
    var clientToken: String? { get set }
}
