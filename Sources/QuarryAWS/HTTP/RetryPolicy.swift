/// When and how long to wait before repeating a failed request: exponential backoff with full
/// jitter (the AWS SDKs' "standard" mode), for errors whose ``AWSError/Kind/isRetryable`` is true.
///
/// Pure: the random source is injected, so tests get exact delays.
public struct RetryPolicy: Sendable {
    /// Attempts in total, including the first (1 means no retry).
    public var maxAttempts: Int
    /// The ceiling of the first retry's delay; it doubles with each attempt.
    public var baseDelay: Duration
    /// No delay is longer than this.
    public var maxDelay: Duration
    /// A number in `0..<1`, drawn for each delay (full jitter: the delay is uniform in `0..<ceiling`).
    public var random: @Sendable () -> Double

    /// Creates a policy. The defaults: 5 attempts, delays up to 0.5 s, 1 s, 2 s, 4 s, never more than 20 s.
    public init(maxAttempts: Int = 5, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(20),
                random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.random = random
    }

    /// No retries at all.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// The delay before attempt `attempt + 1`, or `nil` to give up.
    ///
    /// - Parameters:
    ///   - attempt: The attempt that just failed, from 1.
    ///   - error: Its error.
    ///   - retryAfter: The service's `Retry-After`, if it sent one: the delay is at least that (capped by ``maxDelay``).
    public func delay(afterAttempt attempt: Int, error: AWSError, retryAfter: Duration? = nil) -> Duration? {
        guard error.kind.isRetryable, attempt < maxAttempts else { return nil }
        let exponent = min(attempt - 1, 30)
        var ceiling = baseDelay * (1 << exponent)
        if ceiling > maxDelay || ceiling < .zero { ceiling = maxDelay }
        var delay = ceiling * min(max(random(), 0), 1)
        if let retryAfter, retryAfter > delay { delay = min(retryAfter, maxDelay) }
        return delay
    }
}
