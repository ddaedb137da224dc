public import AWSSigning
public import Foundation

/// Caches another provider's credentials and refreshes them ahead of their expiration.
///
/// At most one refresh is in flight: concurrent callers wait for the same one. If a refresh fails
/// while the cached credentials have not yet expired, those are returned and the refresh is tried
/// again on the next call.
public actor CachingCredentialProvider: AWSCredentialProvider {
    private let base: any AWSCredentialProvider
    private let refreshMargin: TimeInterval
    private let now: @Sendable () -> Date
    private var cached: AWSCredentials?
    private var refresh: Task<AWSCredentials, any Error>?

    /// Wraps `base`.
    ///
    /// - Parameters:
    ///   - refreshBefore: How long before expiration credentials are refreshed (default 5 minutes).
    ///   - now: The clock compared with expirations.
    public init(_ base: any AWSCredentialProvider, refreshBefore: Duration = .seconds(300),
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.base = base
        let parts = refreshBefore.components
        self.refreshMargin = TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
        self.now = now
    }

    /// The cached credentials, refreshed when they are within the margin of expiring.
    public func credentials() async throws -> AWSCredentials {
        let current = now()
        if let cached, !cached.isExpired(at: current, margin: refreshMargin) { return cached }
        let task: Task<AWSCredentials, any Error>
        if let refresh {
            task = refresh
        } else {
            let base = self.base
            task = Task { try await base.credentials() }
            refresh = task
        }
        do {
            let fresh = try await task.value
            if refresh == task { refresh = nil }
            cached = fresh
            return fresh
        } catch {
            if refresh == task { refresh = nil }
            // Still valid, only inside the advisory window: keep using them.
            if let cached, !cached.isExpired(at: now(), margin: 10) { return cached }
            throw error
        }
    }

    /// Forgets the cached credentials, so the next call fetches new ones (e.g. after `ExpiredToken`).
    public func invalidate() {
        cached = nil
    }
}
