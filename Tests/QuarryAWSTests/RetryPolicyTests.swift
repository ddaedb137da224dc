import Testing
@testable import QuarryAWS

@Suite("Retry policy")
struct RetryPolicyTests {
    let throttled = AWSError(kind: .throttled, code: "ThrottlingException", message: "")

    @Test("Full jitter: the delay is random × min(max, base × 2^(attempt-1))")
    func exponentialFullJitter() {
        let policy = RetryPolicy(maxAttempts: 10, baseDelay: .milliseconds(100), maxDelay: .seconds(1), random: { 0.5 })
        #expect(policy.delay(afterAttempt: 1, error: throttled) == .milliseconds(50))
        #expect(policy.delay(afterAttempt: 2, error: throttled) == .milliseconds(100))
        #expect(policy.delay(afterAttempt: 3, error: throttled) == .milliseconds(200))
        #expect(policy.delay(afterAttempt: 5, error: throttled) == .milliseconds(500)) // capped at 1 s × 0.5
        #expect(policy.delay(afterAttempt: 9, error: throttled) == .milliseconds(500))
        let zero = RetryPolicy(maxAttempts: 3, random: { 0 })
        #expect(zero.delay(afterAttempt: 1, error: throttled) == .zero)
    }

    @Test("Gives up after maxAttempts and never retries client errors")
    func limits() {
        let policy = RetryPolicy(maxAttempts: 3, random: { 1 })
        #expect(policy.delay(afterAttempt: 2, error: throttled) != nil)
        #expect(policy.delay(afterAttempt: 3, error: throttled) == nil)
        let validation = AWSError(kind: .validation, code: "ValidationException", message: "")
        #expect(policy.delay(afterAttempt: 1, error: validation) == nil)
        let quota = AWSError(kind: .quota, code: "ServiceQuotaExceededException", message: "")
        #expect(policy.delay(afterAttempt: 1, error: quota) == nil)
        #expect(RetryPolicy.none.delay(afterAttempt: 1, error: throttled) == nil)
    }

    @Test("Retry-After raises the delay, up to maxDelay")
    func retryAfter() {
        let policy = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(100), maxDelay: .seconds(5), random: { 0.1 })
        #expect(policy.delay(afterAttempt: 1, error: throttled, retryAfter: .seconds(2)) == .seconds(2))
        #expect(policy.delay(afterAttempt: 1, error: throttled, retryAfter: .seconds(60)) == .seconds(5))
    }
}
