import Foundation
@testable import QuarryHub
import QuarryCore
import QuarryTesting

/// The datasets every Hub test serves (written once per test process by pyarrow), and a fake Hub
/// plus an empty cache per test.
struct HubFixture {
    static let token = "hf_fixtureToken1234567890"

    static let datasets = #"""
        {"datasets": [
          {"repo": "acme/cot", "splits": {"default/train": [5, 3, 4], "default/test": [2], "other/train": [2]}},
          {"repo": "acme/gated", "options": {"gated": true, "token": "hf_fixtureToken1234567890"}, "splits": {"default/train": [3]}},
          {"repo": "acme/private", "options": {"private": true, "token": "hf_fixtureToken1234567890"}, "splits": {"default/train": [2]}},
          {"repo": "acme/limited", "options": {"rate_limit_once": true}, "splits": {"default/train": [2]}},
          {"repo": "acme/flaky", "options": {"drop_after": 1500}, "splits": {"default/train": [60, 60]}},
          {"repo": "acme/partial", "splits": {"default/partial-train": [3]}},
          {"repo": "acme/plain", "options": {"lfs": false}, "splits": {"default/train": [3]}},
          {"repo": "acme/crawl", "options": {"drop_after": 1500, "drop_always": true}, "splits": {"default/train": [60]}},
          {"repo": "acme/badetag", "options": {"bad_etag": true}, "splits": {"default/train": [2]}},
          {"repo": "old/cot", "options": {"renamed_to": "acme/cot"}}
        ]}
        """#

    /// The datasets' folder, or why it could not be made.
    static let root: Result<String, FakeHubError> = {
        do { return .success(try FakeHub.makeDatasets(datasets)) } catch {
            return .failure(error as? FakeHubError ?? FakeHubError(description: "\(error)"))
        }
    }()

    let hub: FakeHub
    let cache: TemporaryDirectory
    let clock = RecordingClock()

    init(pageSize: Int = 1000) throws {
        hub = try FakeHub.start(root: try Self.root.get(), pageSize: pageSize)
        cache = TemporaryDirectory("quarry-hubcache")
    }

    func configuration(token: String? = nil, offline: Bool = false, maxAttempts: Int = 4) -> HubConfiguration {
        HubConfiguration(endpoint: hub.endpoint, cacheDirectory: cache.path, token: token, offline: offline, maxAttempts: maxAttempts)
    }

    /// Fetches with a fresh client (shut down afterwards).
    func fetch(_ ref: HubDatasetRef, token: String? = nil, offline: Bool = false, maxAttempts: Int = 4) async throws(HubError) -> HubSnapshot {
        let client = HubClient(configuration: configuration(token: token, offline: offline, maxAttempts: maxAttempts), clock: clock)
        do {
            let snapshot = try await client.fetch(ref)
            await client.shutdown()
            return snapshot
        } catch {
            await client.shutdown()
            throw error
        }
    }

    /// The error a fetch ends with, or nil when it succeeds.
    func failure(_ ref: HubDatasetRef, token: String? = nil, offline: Bool = false, maxAttempts: Int = 4) async -> HubError? {
        do {
            _ = try await fetch(ref, token: token, offline: offline, maxAttempts: maxAttempts)
            return nil
        } catch { return error }
    }

    func stop() {
        hub.stop()
        cache.remove()
    }
}

/// A clock whose sleeps return at once and are recorded.
final class RecordingClock: Clock, @unchecked Sendable {
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (a: Instant, b: Instant) -> Bool { a.offset < b.offset }
    }

    private let lock = NSLock()
    private var current = Instant(offset: .zero)
    private var recorded: [Duration] = []

    var now: Instant { lock.withLock { current } }
    var minimumResolution: Duration { .zero }
    var sleeps: [Duration] { lock.withLock { recorded } }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try Task.checkCancellation()
        lock.withLock {
            recorded.append(current.duration(to: deadline))
            if deadline > current { current = deadline }
        }
    }
}
