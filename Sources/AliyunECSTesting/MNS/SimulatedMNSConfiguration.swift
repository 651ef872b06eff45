import AliyunECS

/// How a ``SimulatedMNSService`` behaves: the account it plays, the keys it accepts, and its timings.
public struct SimulatedMNSConfiguration: Sendable {
    /// The account ID in the service's endpoint and in the events it publishes.
    public var accountId: String
    /// The region the service plays.
    public var regionId: String
    /// The key pairs (and STS tokens) the service accepts.
    public var credentials: [ECSCredentials]
    /// Whether to check signatures and dates (on by default, as MNS does).
    public var verifiesSignatures: Bool
    /// How far a request's `Date` may be from the service's clock. Default: 15 minutes, as MNS allows.
    public var maximumClockSkew: Duration
    /// The visibility timeout of a queue created without one. Default: 30 seconds, as MNS's.
    public var defaultVisibilityTimeout: Duration
    /// How often a long poll looks for a message while it waits, on the service's clock. Default: 1 second.
    public var longPollInterval: Duration

    /// Creates a configuration.
    public init(
        accountId: String = SimulatedInterruptionEvent.accountId,
        regionId: String = "cn-hangzhou",
        credentials: [ECSCredentials] = [ECSCredentials(accessKeyId: "testid", accessKeySecret: "testsecret")],
        verifiesSignatures: Bool = true,
        maximumClockSkew: Duration = .seconds(900),
        defaultVisibilityTimeout: Duration = .seconds(30),
        longPollInterval: Duration = .seconds(1)
    ) {
        self.accountId = accountId
        self.regionId = regionId
        self.credentials = credentials
        self.verifiesSignatures = verifiesSignatures
        self.maximumClockSkew = maximumClockSkew
        self.defaultVisibilityTimeout = defaultVisibilityTimeout
        self.longPollInterval = longPollInterval > .zero ? longPollInterval : .seconds(1)
    }
}
