/// When and how long the client waits before trying a failed call again.
///
/// The default retries up to 3 times with exponential backoff and full jitter: before retry *n* it
/// waits a random time between zero and `min(maximumDelay, baseDelay × 2ⁿ⁻¹)`, or longer if the server
/// asked for it (`Retry-After`). It retries only what is safe and useful to retry: error codes starting
/// with `Throttling`, `InternalError`, `UnknownError` or `ServiceUnavailable`, HTTP 500/502/503/504,
/// lost connections and timeouts. Other 4xx answers are final, and so is an answer larger than the
/// transport accepts. RunInstances and CreateImage are safe to
/// repeat because the client gives them one ClientToken for all attempts.
public struct RetryPolicy: Sendable, Hashable {
    /// How the computed backoff is randomised.
    public struct Jitter: Sendable, Hashable {
        let fraction: Double

        /// A uniform random wait between zero and the backoff (spreads a crowd of clients best).
        public static let full = Jitter(fraction: 1)
        /// Half the backoff plus a uniform random half.
        public static let equal = Jitter(fraction: 0.5)
        /// Exactly the backoff, no randomness (for tests and for reasoning about timings).
        public static let none = Jitter(fraction: 0)
    }

    /// How many times a failed call is tried again (attempts = retries + 1).
    public var maximumRetries: Int
    /// The backoff before the first retry; it doubles for each later one.
    public var baseDelay: Duration
    /// The longest single wait computed from backoff.
    public var maximumDelay: Duration
    /// The longest a call may spend in total, retries included; no retry starts that would end after it.
    public var deadline: Duration?
    /// How the backoff is randomised.
    public var jitter: Jitter
    /// ECS error codes (by prefix) worth retrying.
    public var retryableCodePrefixes: [String]
    /// HTTP statuses worth retrying whatever the body says.
    public var retryableStatusCodes: Set<Int>

    /// Creates a policy.
    public init(
        maximumRetries: Int = 3,
        baseDelay: Duration = .milliseconds(500),
        maximumDelay: Duration = .seconds(20),
        deadline: Duration? = .seconds(120),
        jitter: Jitter = .full,
        retryableCodePrefixes: [String] = ["Throttling", "InternalError", "UnknownError", "ServiceUnavailable"],
        retryableStatusCodes: Set<Int> = [500, 502, 503, 504]
    ) {
        self.maximumRetries = max(0, maximumRetries)
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.deadline = deadline
        self.jitter = jitter
        self.retryableCodePrefixes = retryableCodePrefixes
        self.retryableStatusCodes = retryableStatusCodes
    }

    /// Three retries, 0.5 s base, 20 s cap, full jitter, two minutes overall.
    public static let `default` = RetryPolicy()

    /// Never retry.
    public static let none = RetryPolicy(maximumRetries: 0)

    /// Exponential backoff with jitter.
    /// - Parameters:
    ///   - maximumRetries: Retries after the first attempt.
    ///   - baseDelay: The backoff before the first retry.
    ///   - maximumDelay: The cap on one wait.
    ///   - deadline: The cap on the whole call.
    ///   - jitter: How waits are randomised.
    public static func exponential(
        maximumRetries: Int = 3, baseDelay: Duration = .milliseconds(500), maximumDelay: Duration = .seconds(20),
        deadline: Duration? = .seconds(120), jitter: Jitter = .full
    ) -> RetryPolicy {
        RetryPolicy(maximumRetries: maximumRetries, baseDelay: baseDelay, maximumDelay: maximumDelay, deadline: deadline, jitter: jitter)
    }

    /// The backoff before retry number `retry` (1 for the first retry).
    /// - Parameters:
    ///   - retry: 1 for the first retry.
    ///   - random: A uniform random number in `0..<1`.
    public func backoff(beforeRetry retry: Int, random: Double) -> Duration {
        let exponent = min(max(retry - 1, 0), 32)
        let uncapped = baseDelay.inSeconds * Double(1 << exponent)
        let capped = min(uncapped, maximumDelay.inSeconds)
        let fixedPart = capped * (1 - jitter.fraction)
        let randomPart = capped * jitter.fraction * min(max(random, 0), 1)
        return .seconds(fractional: fixedPart + randomPart)
    }

    /// `true` when `error` is a failure this policy retries.
    public func isRetryable(_ error: any Error) -> Bool {
        switch error {
        case let service as ECSServiceError:
            return retryableStatusCodes.contains(service.httpStatus)
                || retryableCodePrefixes.contains { service.code.hasPrefix($0) }
        case let client as ECSClientError:
            switch client.kind {
            case .connectionFailed, .timedOut: return true
            case .unexpectedResponse: return client.httpStatus.map(retryableStatusCodes.contains) ?? false
            default: return false
            }
        case let transport as ECSTransportError:
            return transport.kind != .responseTooLarge
        default:
            return false
        }
    }
}
