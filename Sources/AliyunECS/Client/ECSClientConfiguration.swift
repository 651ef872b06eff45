import Foundation

extension ECSClient {
    /// How a client signs, retries, keeps time and makes its random values.
    public struct Configuration: Sendable {
        /// The signature scheme. Default: ACS3-HMAC-SHA256, as in the official SDKs.
        public var signatureAlgorithm: SignatureAlgorithm
        /// The retry policy for every call, unless a call overrides it.
        public var retryPolicy: RetryPolicy
        /// The time source for signing dates and retry waits.
        public var clock: any ECSClock
        /// The `user-agent` header.
        public var userAgent: String
        /// Where the client reads `ALIBABA_CLOUD_ECS_ENDPOINT`. Default: the process environment.
        public var environment: [String: String]
        /// Makes the signature nonce of each attempt. Default: 128 random bits from the system CSPRNG.
        public var nonceGenerator: @Sendable () -> String
        /// Makes the ClientToken of each idempotent call that has none. Default: a random UUID.
        public var clientTokenGenerator: @Sendable () -> String
        /// A uniform random number in `0..<1`, for retry jitter.
        public var randomUnit: @Sendable () -> Double

        /// Creates a configuration; every argument has a production default.
        public init(
            signatureAlgorithm: SignatureAlgorithm = .acs3HMACSHA256,
            retryPolicy: RetryPolicy = .default,
            clock: any ECSClock = SystemClock(),
            userAgent: String = ECSClient.defaultUserAgent,
            environment: [String: String] = ProcessInfo.processInfo.environment,
            nonceGenerator: @escaping @Sendable () -> String = SignatureNonce.random,
            clientTokenGenerator: @escaping @Sendable () -> String = ClientToken.random,
            randomUnit: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
        ) {
            self.signatureAlgorithm = signatureAlgorithm
            self.retryPolicy = retryPolicy
            self.clock = clock
            self.userAgent = userAgent
            self.environment = environment
            self.nonceGenerator = nonceGenerator
            self.clientTokenGenerator = clientTokenGenerator
            self.randomUnit = randomUnit
        }

        /// The production defaults.
        public static var `default`: Configuration { Configuration() }
    }

    /// Per-call settings that override the client's.
    public struct CallOptions: Sendable {
        /// A retry policy for this call only.
        public var retryPolicy: RetryPolicy?

        /// Creates options.
        public init(retryPolicy: RetryPolicy? = nil) {
            self.retryPolicy = retryPolicy
        }

        /// No overrides.
        public static let `default` = CallOptions()
    }

    /// `aliyun-ecs-swift/<version> (<os>)`.
    public static let defaultUserAgent: String = {
        #if os(Linux)
        let system = "Linux"
        #elseif os(macOS)
        let system = "macOS"
        #elseif os(iOS)
        let system = "iOS"
        #else
        let system = "unknown"
        #endif
        return "aliyun-ecs-swift/0.1 (\(system)) Swift"
    }()
}
