import Foundation
import NIOHTTP1

/// When to try again and how long to wait: rate limiting waits what the Hub asks (`Retry-After`, or
/// the `t=` of its `RateLimit` header), other retryable failures back off exponentially with jitter.
struct HubRetry: Sendable {
    var maxAttempts: Int
    var baseDelay: Duration
    var maxDelay: Duration

    /// The wait before attempt `attempt + 1`, or nil to give up.
    func delay(afterAttempt attempt: Int, error: HubError, retryAfter: Duration?) -> Duration? {
        guard error.isRetryable, attempt < maxAttempts else { return nil }
        if let retryAfter { return min(max(retryAfter, .zero), maxDelay) }
        let exponential = baseDelay * (1 << min(attempt - 1, 20))
        let capped = min(exponential, maxDelay)
        // Equal jitter: half fixed, half random.
        return capped / 2 + capped / 2 * Double.random(in: 0...1)
    }

    /// The server's requested wait: `Retry-After` (seconds or an HTTP date), else `RateLimit: ...;t=N`.
    static func retryAfter(_ headers: HTTPHeaders, now: Date = Date()) -> Duration? {
        if let value = headers.first(name: "Retry-After")?.trimmingCharacters(in: .whitespaces) {
            if let seconds = Double(value) { return .milliseconds(Int64(seconds * 1000)) }
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = TimeZone(identifier: "GMT")
            f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
            if let date = f.date(from: value) { return .milliseconds(Int64(max(0, date.timeIntervalSince(now)) * 1000)) }
        }
        if let value = headers.first(name: "RateLimit") {
            for part in value.split(separator: ";") {
                let p = part.trimmingCharacters(in: .whitespaces)
                if p.hasPrefix("t="), let t = Double(p.dropFirst(2)) { return .milliseconds(Int64(t * 1000)) }
            }
        }
        return nil
    }
}
