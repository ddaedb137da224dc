import AWSSigning
import Foundation
@testable import QuarryAWS

/// Test credentials (obviously fake, long enough to be scrubbed).
let testCredentials = AWSCredentials(accessKeyId: "AKIDTESTEXAMPLE", secretAccessKey: "testSecretKeyThatMustNeverBePrinted",
                                     sessionToken: "testSessionTokenThatMustNeverBePrinted")

/// A fixed signing time.
let testDate = Date(timeIntervalSince1970: 1_795_000_000)

/// Runs `body` with an HTTP client whose retries sleep on a recording clock, shutting it down after.
func withHTTPClient<T>(maxAttempts: Int = 4, timeout: Duration = .seconds(10), now: @escaping @Sendable () -> Date = { testDate },
                       _ body: (AWSHTTPClient, RecordingClock) async throws -> T) async throws -> T {
    let clock = RecordingClock()
    let http = AWSHTTPClient(configuration: .init(retry: RetryPolicy(maxAttempts: maxAttempts, baseDelay: .milliseconds(100),
                                                                    maxDelay: .seconds(2), random: { 1 }),
                                                  timeout: timeout),
                             clock: clock, now: now)
    do {
        let result = try await body(http, clock)
        try await http.shutdown()
        return result
    } catch {
        try? await http.shutdown()
        throw error
    }
}

/// Runs `body` and returns the ``AWSError`` it throws (nil if it succeeds or throws something else).
func awsError(_ body: () async throws -> Void) async -> AWSError? {
    do {
        try await body()
        return nil
    } catch let error as AWSError {
        return error
    } catch {
        return nil
    }
}
