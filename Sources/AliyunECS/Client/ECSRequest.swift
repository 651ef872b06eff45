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

    /// Whether ECS makes this action idempotent with a ClientToken. Provided by the protocol extensions.
    static var takesClientToken: Bool { get }

    /// The ClientToken of an idempotent action (`nil`, and ignored, for any other). Provided by the protocol extensions.
    var idempotencyToken: String? { get set }
}

extension ECSRequest {
    /// `false`: most actions take no ClientToken.
    public static var takesClientToken: Bool { false }

    /// Always `nil`; setting it does nothing.
    public var idempotencyToken: String? {
        get { nil }
        set {}
    }
}

/// The decoded answer to an ``ECSRequest``.
public protocol ECSResponse: Codable, Sendable {
    /// The ID ECS gave this request, for support tickets and logs.
    var requestId: String? { get set }
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

extension IdempotentECSRequest {
    /// `true`.
    public static var takesClientToken: Bool { true }

    /// The ``clientToken``.
    public var idempotencyToken: String? {
        get { clientToken }
        set { clientToken = newValue }
    }
}

extension ECSRequest {
    /// A copy of the request with `populator` applied, for building one in a single expression (the style of
    /// SwiftProtobuf's `Message.with`):
    ///
    /// ```swift
    /// let request = RunInstancesRequest().with {
    ///     $0.imageId = "aliyun_3_9_x64_20G_alibase_20231219.vhd"
    ///     $0.instanceType = "ecs.g7.large"
    /// }
    /// ```
    /// - Parameter populator: Sets the parameters.
    /// - Returns: The populated request.
    public func with(_ populator: (inout Self) throws -> Void) rethrows -> Self {
        var copy = self
        try populator(&copy)
        return copy
    }
}
