import AliyunECS
import Foundation

extension MNSQueueClient {
    /// How a queue client retries, keeps time and bounds what it reads.
    public struct Configuration: Sendable {
        /// The retry policy for every call: throttling (`QpsLimitExceeded`), 5xx answers and lost connections
        /// are retried; other 4xx answers never are.
        public var retryPolicy: RetryPolicy
        /// The time source of the `Date` header and of retry waits.
        public var clock: any ECSClock
        /// The `user-agent` header.
        public var userAgent: String
        /// A uniform random number in `0..<1`, for retry jitter.
        public var randomUnit: @Sendable () -> Double
        /// The largest answer read; a larger one is refused as `responseTooLarge`. Default: 4 MiB.
        public var maximumResponseSize: Int

        /// Creates a configuration; every argument has a production default.
        public init(
            retryPolicy: RetryPolicy = .default,
            clock: any ECSClock = SystemClock(),
            userAgent: String = MNSQueueClient.defaultUserAgent,
            randomUnit: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
            maximumResponseSize: Int = 4 << 20
        ) {
            self.retryPolicy = retryPolicy
            self.clock = clock
            self.userAgent = userAgent
            self.randomUnit = randomUnit
            self.maximumResponseSize = max(1024, maximumResponseSize)
        }

        /// The production defaults.
        public static var `default`: Configuration { Configuration() }
    }

    /// `aliyun-ecs-swift-mns/0.1`.
    public static let defaultUserAgent = "aliyun-ecs-swift-mns/0.1 Swift"
}
