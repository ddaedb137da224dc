import Foundation
@testable import QuarryHub
import QuarryCore
import QuarryTable
import QuarryTesting
import Testing

/// QuarryHub against the fake Hub on loopback: listing, downloads, the cache, and every error.
@Suite struct HubClientTests {
    let train = HubDatasetRef(repo: "acme/cot", config: "default", split: "train")

    /// The `id` column of a split read as one table.
    func ids(_ folder: String) throws -> [String] {
        let source = try Table.openSource(path: folder, projection: ["id"])
        var ids: [String] = []
        while let batch = try source.nextBatch() {
            let c = batch.schema.index(of: "id")!
            for r in 0..<batch.rowCount { ids.append(batch.columns[c].text(r) ?? "null") }
        }
        return ids
    }

    @Test func fetchListsEveryPageAndDownloadsTheSplitIntoTheHuggingFaceCacheLayout() async throws {
        let f = try HubFixture(pageSize: 2)
        defer { f.stop() }
        let snapshot = try await f.fetch(train)
        let repoFolder = f.cache.path + "/datasets--acme--cot"
        #expect(snapshot.folder == "\(repoFolder)/snapshots/\(snapshot.sha)/default/train")
        #expect(snapshot.files.map(\.path) == ["default/train/0000.parquet", "default/train/0001.parquet", "default/train/0002.parquet"])
        #expect(!snapshot.partial)
        #expect(snapshot.downloadedBytes == snapshot.files.reduce(0) { $0 + $1.size })
        // huggingface_hub's layout: refs name the commit, snapshots link to sha256-named blobs.
        #expect(try String(contentsOfFile: repoFolder + "/refs/refs/convert/parquet", encoding: .utf8) == snapshot.sha)
        for file in snapshot.files {
            let link = try FileManager.default.destinationOfSymbolicLink(atPath: "\(repoFolder)/snapshots/\(snapshot.sha)/\(file.path)")
            #expect(link == "../../../../blobs/\(file.etag)")
            #expect(file.isLFS && file.etag.count == 64)
        }
        // The split reads as one table, files in order, every row once.
        #expect(try ids(snapshot.folder) == (0..<12).map(String.init))
        // The listing of three files came in two pages.
        #expect(f.hub.requests().contains { $0.path.contains("/tree/") && $0.path.contains("cursor=2") })
    }

    @Test func theTokenGoesToTheHubButNotToTheCDNItRedirectsTo() async throws {
        let f = try HubFixture()
        defer { f.stop() }
        _ = try await f.fetch(train, token: HubFixture.token)
        let requests = f.hub.requests()
        let cdn = requests.filter { $0.server == "cdn" }
        #expect(cdn.count == 3)
        #expect(cdn.allSatisfy { !$0.auth })
        #expect(requests.filter { $0.server == "hub" }.allSatisfy { $0.auth })
    }

    @Test func aSameHostRedirectOfARenamedDatasetKeepsTheToken() async throws {
        let f = try HubFixture()
        defer { f.stop() }
        let snapshot = try await f.fetch(HubDatasetRef(repo: "old/cot"), token: HubFixture.token)
        #expect(try ids(snapshot.folder).count == 12)
        let hub = f.hub.requests().filter { $0.server == "hub" }
        #expect(hub.contains { $0.path.contains("/acme/cot/") && $0.auth })
        #expect(hub.contains { $0.path.contains("/old/cot/") })
    }

    @Test func aRerunDownloadsNothingAndAPinnedCommitSendsNoRequestAtAll() async throws {
        let f = try HubFixture()
        defer { f.stop() }
        let first = try await f.fetch(train)
        f.hub.clearLog()
        let again = try await f.fetch(train)
        #expect(again.downloadedBytes == 0)
        #expect(again.folder == first.folder)
        // Only the branch's commit is asked for.
        #expect(f.hub.requests().map(\.path) == ["/api/datasets/acme/cot/revision/refs%2Fconvert%2Fparquet"])
        f.hub.clearLog()
        var pinned = train
        pinned.revision = first.sha
        let cached = try await f.fetch(pinned)
        #expect(cached == again)
        #expect(f.hub.requests().isEmpty)
    }

    @Test func offlineModeWorksFromTheCacheAloneAndSaysWhenSomethingIsMissing() async throws {
        let f = try HubFixture()
        defer { f.stop() }
        let online = try await f.fetch(train)
        f.hub.clearLog()
        let offline = try await f.fetch(train, offline: true)
        #expect(offline.folder == online.folder && offline.sha == online.sha)
        #expect(f.hub.requests().isEmpty)
        let missing = await f.failure(HubDatasetRef(repo: "acme/cot", split: "test"), offline: true)
        #expect(missing?.code == .notCached)
        #expect(missing?.description.contains("HF_HUB_OFFLINE") == true)
        #expect(missing?.description.contains("unset HF_HUB_OFFLINE") == true)
        #expect(f.hub.requests().isEmpty)
    }

    @Test func aDroppedDownloadResumesWhereItStoppedWithARangeRequest() async throws {
        let f = try HubFixture()
        defer { f.stop() }
        let snapshot = try await f.fetch(HubDatasetRef(repo: "acme/flaky"))
        #expect(try ids(snapshot.folder) == (0..<120).map(String.init))
        let cdn = f.hub.requests().filter { $0.server == "cdn" }
        // Each file: a first GET cut after 1500 bytes, then the rest.
        #expect(cdn.count == 4)
        #expect(cdn.filter { $0.range == "bytes=1500-" }.count == 2)
        // What arrived before the cut is kept, not downloaded again.
        #expect(snapshot.downloadedBytes == snapshot.files.reduce(0) { $0 + $1.size })
        #expect(!FileManager.default.fileExists(atPath: f.cache.path + "/datasets--acme--flaky/blobs/\(snapshot.files[0].etag).incomplete"))
    }

    @Test func aDownloadThatKeepsDroppingButKeepsProgressingOutlastsTheAttemptLimit() async throws {
        let f = try HubFixture()
        defer { f.stop() }
        // Every response is cut after 1500 bytes; two attempts per round would never fetch a file
        // of several KB if progress did not count.
        let snapshot = try await f.fetch(HubDatasetRef(repo: "acme/crawl"), maxAttempts: 2)
        #expect(try ids(snapshot.folder) == (0..<60).map(String.init))
        let size = snapshot.files[0].size
        let ranges = f.hub.requests().filter { $0.server == "cdn" }.map { $0.range ?? "" }
        #expect(ranges == stride(from: 0, to: size, by: 1500).map { $0 == 0 ? "" : "bytes=\($0)-" })
        #expect(size > 2 * 1500)
    }

    @Test func aPartialDownloadLeftByAnEarlierProcessIsResumedAndAWrongOneIsCaught() async throws {
        let f = try HubFixture()
        defer { f.stop() }
        let done = try await f.fetch(train)
        let file = done.files[0]
        let blob = f.cache.path + "/datasets--acme--cot/blobs/\(file.etag)"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: blob))

        // Another cache holding the first 700 bytes as .incomplete: only the rest is asked for.
        let other = TemporaryDirectory("quarry-hubcache")
        defer { other.remove() }
        let otherBlobs = other.path + "/datasets--acme--cot/blobs"
        try FileManager.default.createDirectory(atPath: otherBlobs, withIntermediateDirectories: true)
        try bytes.prefix(700).write(to: URL(fileURLWithPath: "\(otherBlobs)/\(file.etag).incomplete"))
        f.hub.clearLog()
        let client = HubClient(configuration: HubConfiguration(endpoint: f.hub.endpoint, cacheDirectory: other.path), clock: f.clock)
        let resumed = try await client.fetch(train)
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(otherBlobs)/\(file.etag)")) == bytes)
        #expect(f.hub.requests().filter { $0.server == "cdn" }.compactMap(\.range) == ["bytes=700-"])
        #expect(resumed.downloadedBytes == done.downloadedBytes - 700)

        // A partial file whose bytes differ from the Hub's fails the sha256 check and is thrown away.
        let third = TemporaryDirectory("quarry-hubcache")
        defer { third.remove() }
        let thirdBlobs = third.path + "/datasets--acme--cot/blobs"
        try FileManager.default.createDirectory(atPath: thirdBlobs, withIntermediateDirectories: true)
        try Data(repeating: 0x41, count: 700).write(to: URL(fileURLWithPath: "\(thirdBlobs)/\(file.etag).incomplete"))
        let corrupt = HubClient(configuration: HubConfiguration(endpoint: f.hub.endpoint, cacheDirectory: third.path), clock: f.clock)
        var failure: HubError?
        do { _ = try await corrupt.fetch(train) } catch { failure = error }
        #expect(failure?.code == .integrity)
        #expect(failure?.description.contains("sha256") == true)
        #expect(!FileManager.default.fileExists(atPath: "\(thirdBlobs)/\(file.etag).incomplete"))
        // Running again downloads it afresh.
        let fresh = try await corrupt.fetch(train)
        #expect(try ids(fresh.folder).count == 12)
        await client.shutdown()
        await corrupt.shutdown()
    }

    @Test func aFileWhoseAnnouncedChecksumDiffersFromTheListingIsRefusedBeforeItsBodyIsRead() async throws {
        let f = try HubFixture()
        defer { f.stop() }
        let failure = await f.failure(HubDatasetRef(repo: "acme/badetag"))
        #expect(failure?.code == .integrity)
        #expect(failure?.description.contains("announced another checksum") == true)
        let blobs = (try? FileManager.default.contentsOfDirectory(atPath: f.cache.path + "/datasets--acme--badetag/blobs")) ?? []
        #expect(blobs.isEmpty)
    }

    @Test func rateLimitingIsRetriedAfterTheWaitTheHubAsksFor() async throws {
        let f = try HubFixture()
        defer { f.stop() }
        let snapshot = try await f.fetch(HubDatasetRef(repo: "acme/limited"))
        #expect(try ids(snapshot.folder) == ["0", "1"])
        #expect(f.clock.sleeps == [.seconds(1)])
        #expect(f.hub.requests().filter { $0.path.contains("/revision/") }.count == 2)
    }

    @Test func rateLimitingThatOutlastsTheAttemptsSaysSo() async throws {
        let f = try HubFixture()
        defer { f.stop() }
        let failure = await f.failure(HubDatasetRef(repo: "acme/limited"), maxAttempts: 1)
        #expect(failure?.code == .rateLimited)
        #expect(failure?.description.contains("429") == true)
        #expect(failure?.description.contains("HF_TOKEN") == true)
    }

    @Test func anUnknownDatasetSaysSoAndHowToReachAPrivateOne() async throws {
        let f = try HubFixture()
        defer { f.stop() }
        let anonymous = await f.failure(HubDatasetRef(repo: "acme/nope"))
        #expect(anonymous?.code == .repoNotFound)
        #expect(anonymous?.description.contains("no dataset acme/nope") == true)
        #expect(anonymous?.description.contains("set HF_TOKEN") == true)
        let privateOne = await f.failure(HubDatasetRef(repo: "acme/private"))
        #expect(privateOne?.code == .repoNotFound)
        let withToken = try await f.fetch(HubDatasetRef(repo: "acme/private"), token: HubFixture.token)
        #expect(try ids(withToken.folder) == ["0", "1"])
    }

    @Test func aMissingSplitOrConfigListsTheOnesThatExist() async throws {
        let f = try HubFixture()
        defer { f.stop() }
        let split = await f.failure(HubDatasetRef(repo: "acme/cot", split: "validation"))
        #expect(split?.code == .splitNotFound)
        #expect(split?.description.contains("no split `validation`") == true)
        #expect(split?.description.contains("its splits: test, train") == true)
        let config = await f.failure(HubDatasetRef(repo: "acme/cot", config: "nope"))
        #expect(config?.code == .configNotFound)
        #expect(config?.description.contains("its configs: default, other") == true)
        let other = try await f.fetch(HubDatasetRef(repo: "acme/cot", config: "other"))
        #expect(try ids(other.folder) == ["0", "1"])
        let revision = await f.failure(HubDatasetRef(repo: "acme/cot", revision: "v9"))
        #expect(revision?.code == .revisionNotFound)
        #expect(revision?.description.contains("no revision `v9`") == true)
    }

    @Test func aGatedDatasetNeedsATokenWhoseAccountAcceptedItsTerms() async throws {
        let f = try HubFixture()
        defer { f.stop() }
        let ref = HubDatasetRef(repo: "acme/gated")
        let none = await f.failure(ref)
        #expect(none?.code == .accessDenied)
        #expect(none?.status == 401)
        #expect(none?.description.contains("is gated") == true)
        #expect(none?.description.contains("set HF_TOKEN") == true)
        #expect(none?.description.contains("accept its terms") == true)
        let wrongToken = "hf_someoneElsesToken0000"
        let wrong = await f.failure(ref, token: wrongToken)
        #expect(wrong?.code == .accessDenied)
        #expect(wrong?.status == 403)
        #expect(wrong?.description.contains("has no access") == true)
        #expect(wrong?.description.contains(wrongToken) == false)
        let snapshot = try await f.fetch(ref, token: HubFixture.token)
        #expect(try ids(snapshot.folder) == ["0", "1", "2"])
    }

    @Test func anUnreachableHubIsANetworkErrorAfterTheRetries() async throws {
        let cache = TemporaryDirectory("quarry-hubcache")
        defer { cache.remove() }
        let clock = RecordingClock()
        let client = HubClient(configuration: HubConfiguration(endpoint: "http://127.0.0.1:9", cacheDirectory: cache.path,
                                                               token: HubFixture.token, maxAttempts: 3, connectTimeout: .milliseconds(300)),
                               clock: clock)
        var failure: HubError?
        do { _ = try await client.fetch(HubDatasetRef(repo: "acme/cot")) } catch { failure = error }
        await client.shutdown()
        #expect(failure?.code == .network)
        #expect(failure?.description.contains("127.0.0.1:9") == true)
        #expect(failure?.description.contains("HF_HUB_OFFLINE") == true)
        #expect(failure?.description.contains(HubFixture.token) == false)
        #expect(clock.sleeps.count == 2)
    }

    @Test func partialConversionsAndNonLFSFilesAreReadToo() async throws {
        let f = try HubFixture()
        defer { f.stop() }
        let partial = try await f.fetch(HubDatasetRef(repo: "acme/partial"))
        #expect(partial.partial)
        #expect(partial.folder.hasSuffix("/default/partial-train"))
        #expect(try ids(partial.folder) == ["0", "1", "2"])
        // Small files served directly (no LFS) are checked against their git blob sha1.
        let plain = try await f.fetch(HubDatasetRef(repo: "acme/plain"))
        #expect(plain.files.allSatisfy { !$0.isLFS && $0.etag.count == 40 })
        #expect(try ids(plain.folder) == ["0", "1", "2"])
        #expect(!f.hub.requests().contains { $0.server == "cdn" && $0.path.contains(plain.files[0].etag) })
    }
}
