import AWSSigning
import Foundation
import Testing
@testable import QuarryAWS

/// Counts calls; each call waits until the gate opens, then returns credentials expiring at `expiry`.
final class GatedProvider: AWSCredentialProvider {
    let calls = Locked(0)
    let expiry: Locked<Date>
    let gate: AsyncStream<Void>
    let opener: AsyncStream<Void>.Continuation
    let failing = Locked(false)

    init(expiry: Date) {
        self.expiry = Locked(expiry)
        (gate, opener) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .unbounded)
    }

    func open() { opener.finish() }

    func credentials() async throws -> AWSCredentials {
        let n = calls.withLock { $0 += 1; return $0 }
        for await _ in gate {}
        if failing.current { throw AWSError(kind: .credentials, code: "Down", message: "source down") }
        return AWSCredentials(accessKeyId: "AKID\(n)", secretAccessKey: "s", sessionToken: "t", expiration: expiry.current)
    }
}

@Suite("Credential caching")
struct CachingCredentialProviderTests {
    @Test("Concurrent callers share one refresh")
    func oneRefreshInFlight() async throws {
        let start = Date(timeIntervalSince1970: 1_000_000)
        let base = GatedProvider(expiry: start.addingTimeInterval(3600))
        let cache = CachingCredentialProvider(base, now: { start })
        let keys = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<50 { group.addTask { try await cache.credentials().accessKeyId } }
            for _ in 0..<20 { await Task.yield() }
            base.open()
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(keys == ["AKID1"])
        #expect(base.calls.current == 1)
    }

    @Test("Refreshes 5 minutes before expiry; keeps still-valid credentials if the refresh fails")
    func refreshWindow() async throws {
        let now = Locked(Date(timeIntervalSince1970: 1_000_000))
        let base = GatedProvider(expiry: now.current.addingTimeInterval(3600))
        base.open()
        let cache = CachingCredentialProvider(base, refreshBefore: .seconds(300), now: { now.current })
        #expect(try await cache.credentials().accessKeyId == "AKID1")
        now.withLock { $0 = $0.addingTimeInterval(3600 - 301) } // 5 min 1 s before expiry: still cached
        #expect(try await cache.credentials().accessKeyId == "AKID1")
        now.withLock { $0 = $0.addingTimeInterval(2) } // inside the window: refresh
        base.expiry.withLock { $0 = now.current.addingTimeInterval(3600) }
        #expect(try await cache.credentials().accessKeyId == "AKID2")
        // The source fails inside the window: the old credentials are still good.
        now.withLock { $0 = $0.addingTimeInterval(3600 - 200) }
        base.failing.withLock { $0 = true }
        #expect(try await cache.credentials().accessKeyId == "AKID2")
        // Past expiry: the failure surfaces.
        now.withLock { $0 = $0.addingTimeInterval(400) }
        #expect(await awsError { _ = try await cache.credentials() }?.code == "Down")
    }

    @Test("Long-term credentials (no expiration) are fetched once")
    func noExpiry() async throws {
        let calls = Locked(0)
        struct Counting: AWSCredentialProvider {
            let calls: Locked<Int>
            func credentials() async throws -> AWSCredentials {
                calls.withLock { $0 += 1 }
                return AWSCredentials(accessKeyId: "A", secretAccessKey: "S")
            }
        }
        let cache = CachingCredentialProvider(Counting(calls: calls))
        for _ in 0..<5 { _ = try await cache.credentials() }
        #expect(calls.current == 1)
    }
}
