import AsyncHTTPClient
import Foundation
public import Logging
import NIOCore
import NIOHTTP1
public import QuarryCore

/// Finds a Hugging Face dataset split's Parquet files and brings them into the local cache.
///
///     let hub = HubClient(configuration: .fromEnvironment(), logger: logger)
///     defer { Task { await hub.shutdown() } }   // or await it after the last call
///     let snapshot = try await hub.fetch(HubDatasetRef(repo: "w601sxs/simpleCoT", split: "train"))
///     let source = try Table.openSource(path: snapshot.folder)   // the split as one table
///
/// `revision: main` reads the Hub's Parquet conversion of the dataset (the `refs/convert/parquet`
/// branch, laid out `{config}/{split}/0000.parquet`, ...); any other revision (a branch, tag or commit
/// sha) is read with the same layout. Files are listed with the tree API, downloaded from their
/// `resolve` URLs (redirects followed, the token sent to the Hub's own host only), resumed after an
/// interruption, checked against the listed size and sha256, and kept in huggingface_hub's cache
/// layout. Call ``shutdown()`` once after the last call.
public final class HubClient: Sendable {
    /// The configuration in use.
    public let configuration: HubConfiguration
    let transport: HubTransport
    let retry: HubRetry
    let clock: any Clock<Duration>
    let logger: Logger

    /// Creates a client.
    ///
    /// - Parameters:
    ///   - configuration: Endpoint, token, cache folder, offline mode, retries.
    ///   - clock: Waits between attempts; inject a test clock to make them instant.
    ///   - logger: Receives debug lines per request and info lines per download; never the token.
    public init(configuration: HubConfiguration = .fromEnvironment(), clock: any Clock<Duration> = ContinuousClock(),
                logger: Logger = HubClient.silentLogger) {
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
        transport = HubTransport(configuration: configuration, logger: logger)
        retry = HubRetry(maxAttempts: max(1, configuration.maxAttempts), baseDelay: configuration.baseDelay, maxDelay: configuration.maxDelay)
    }

    /// A logger that drops everything (libraries do not log unless given a logger).
    public static let silentLogger = Logger(label: "quarry.hub", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Closes the connection pool. Call once, after the last request.
    public func shutdown() async {
        await transport.shutdown()
    }

    /// The revision whose tree holds the split's Parquet files: the Parquet conversion for `main`.
    public func parquetRevision(for ref: HubDatasetRef) -> String {
        ref.revision == "main" ? configuration.parquetRevision : ref.revision
    }

    /// Brings the split's Parquet files into the cache (downloading only what is missing) and returns
    /// where they are. Offline, answers from the cache alone. A commit sha whose split is complete in
    /// the cache needs no request; a branch needs one (to learn its commit).
    ///
    /// - Parameter progress: Called as each file's download starts (not for cached files).
    public func fetch(_ ref: HubDatasetRef, progress: (@Sendable (HubDownloadProgress) -> Void)? = nil) async throws(HubError) -> HubSnapshot {
        try Self.validate(ref)
        let cache = HubCache(root: configuration.cacheDirectory, repo: ref.repo)
        let revision = parquetRevision(for: ref)
        if configuration.offline { return try offlineSnapshot(ref, revision: revision, cache: cache) }
        if HubAPI.isCommitSha(revision), let snapshot = completeSnapshot(ref, sha: revision, cache: cache) {
            logger.debug("hub files cached", metadata: ["hub.repo": "\(ref.repo)", "hub.sha": "\(revision)"])
            return snapshot
        }
        let sha = try await resolve(ref, revision: revision)
        if sha != revision { try cache.writeRef(revision, sha: sha) }
        if let snapshot = completeSnapshot(ref, sha: sha, cache: cache) {
            logger.debug("hub files cached", metadata: ["hub.repo": "\(ref.repo)", "hub.sha": "\(sha)"])
            return snapshot
        }
        let listing = try await listSplit(ref, sha: sha, revision: revision)
        let downloaded = try await downloadAll(listing.files, repo: ref.repo, sha: sha, cache: cache, progress: progress)
        let manifest = HubCache.Manifest(sha: sha, folder: listing.folder, partial: listing.partial, files: listing.files)
        try cache.writeManifest(manifest, config: ref.config, split: ref.split)
        return HubSnapshot(sha: sha, folder: cache.snapshot(sha) + "/" + listing.folder, files: listing.files,
                           partial: listing.partial, downloadedBytes: downloaded)
    }

    /// Names that end up in paths: no traversal, no empty segments.
    static func validate(_ ref: HubDatasetRef) throws(HubError) {
        guard HubDatasetRef.isValidRepoId(ref.repo) else {
            throw HubError(.repoNotFound, "`\(ref.repo)` is not a Hugging Face dataset id", hint: "write it as owner/name")
        }
        for (what, name) in [("config", ref.config), ("split", ref.split)] where name.isEmpty || name.contains("/") || name.hasPrefix(".") {
            throw HubError(what == "config" ? .configNotFound : .splitNotFound, "`\(name)` is not a valid \(what) name")
        }
        let revision = ref.revision
        if revision.isEmpty || revision.hasPrefix("/") || revision.hasSuffix("/") || revision.split(separator: "/").contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }) {
            throw HubError(.revisionNotFound, "`\(revision)` is not a valid revision name")
        }
    }

    /// Downloads the files, up to ``HubConfiguration/parallelDownloads`` at once; the first failure
    /// cancels the others (what they received stays in their `.incomplete` files). Returns the bytes downloaded.
    func downloadAll(_ files: [HubFile], repo: String, sha: String, cache: HubCache,
                     progress: (@Sendable (HubDownloadProgress) -> Void)?) async throws(HubError) -> Int {
        let limit = max(1, configuration.parallelDownloads)
        do {
            return try await withThrowingTaskGroup(of: Int.self) { group in
                var next = 0
                var running = 0
                var total = 0
                while next < files.count || running > 0 {
                    while running < limit, next < files.count {
                        let file = files[next]
                        next += 1
                        running += 1
                        if cache.size(of: cache.blob(file.etag)) != file.size {
                            progress?(HubDownloadProgress(file: file, index: next, count: files.count))
                        }
                        group.addTask { try await self.download(file, repo: repo, sha: sha, cache: cache) }
                    }
                    if let bytes = try await group.next() { total += bytes }
                    running -= 1
                }
                return total
            }
        } catch let error as HubError {
            throw error
        } catch {
            throw HubError(.cancelled, "interrupted while fetching from the Hub", hint: "run again: finished files are kept and partial downloads resume")
        }
    }

    // MARK: Cache

    func completeSnapshot(_ ref: HubDatasetRef, sha: String, cache: HubCache) -> HubSnapshot? {
        guard let m = cache.readManifest(sha: sha, config: ref.config, split: ref.split), m.sha == sha, cache.isComplete(m) else { return nil }
        return HubSnapshot(sha: sha, folder: cache.snapshot(sha) + "/" + m.folder, files: m.files, partial: m.partial, downloadedBytes: 0)
    }

    func offlineSnapshot(_ ref: HubDatasetRef, revision: String, cache: HubCache) throws(HubError) -> HubSnapshot {
        let sha = HubAPI.isCommitSha(revision) ? revision : cache.readRef(revision)
        if let sha, let snapshot = completeSnapshot(ref, sha: sha, cache: cache) { return snapshot }
        throw HubError(.notCached, "HF_HUB_OFFLINE is set and \(ref.repo) (config \(ref.config), split \(ref.split), revision \(ref.revision)) is not in the cache at \(cache.repoFolder)",
                       hint: "run once with network access (unset HF_HUB_OFFLINE) to download it, or point HF_HOME / HF_HUB_CACHE at the cache that has it")
    }

    // MARK: Listing

    /// The commit `revision` points at.
    func resolve(_ ref: HubDatasetRef, revision: String) async throws(HubError) -> String {
        let url = HubAPI.revisionURL(endpoint: configuration.endpoint, repo: ref.repo, revision: revision)
        guard let (info, _) = try await getJSON(HubAPI.RevisionInfo.self, url: url, ref: ref, revision: revision) else {
            throw HubError(.revisionNotFound, "the dataset \(ref.repo) has no revision \(revision)")
        }
        guard HubAPI.isCommitSha(info.sha) else {
            throw HubError(.invalidResponse, "the Hub answered an invalid commit sha for \(ref.repo) revision \(revision)")
        }
        return info.sha
    }

    struct SplitListing {
        var folder: String
        var partial: Bool
        var files: [HubFile]
    }

    /// The split's Parquet files at `sha`: `{config}/{split}/*.parquet`, else the partial conversion
    /// `{config}/partial-{split}/*.parquet`. When neither exists, the error lists what does.
    func listSplit(_ ref: HubDatasetRef, sha: String, revision: String) async throws(HubError) -> SplitListing {
        for (folder, partial) in [("\(ref.config)/\(ref.split)", false), ("\(ref.config)/partial-\(ref.split)", true)] {
            guard let entries = try await listTree(ref, sha: sha, revision: revision, path: folder) else { continue }
            let files = entries.filter { $0.type == "file" && $0.path.lowercased().hasSuffix(".parquet") && $0.path.hasPrefix(folder + "/") }
            guard !files.isEmpty else { continue }
            var listed: [HubFile] = []
            for e in files {
                let name = e.path.dropFirst(folder.count + 1)
                guard !name.isEmpty, !name.contains("/"), !name.hasPrefix("."), !name.contains("..") else { continue }
                if let lfs = e.lfs, lfs.oid.count == 64, lfs.oid.allSatisfy(\.isHexDigit) {
                    listed.append(HubFile(path: e.path, size: lfs.size, etag: lfs.oid.lowercased(), isLFS: true))
                } else if let oid = e.oid, oid.count == 40, oid.allSatisfy(\.isHexDigit), let size = e.size {
                    listed.append(HubFile(path: e.path, size: size, etag: oid.lowercased(), isLFS: false))
                } else {
                    throw HubError(.invalidResponse, "the Hub listed \(e.path) of \(ref.repo) without a usable size and checksum")
                }
            }
            guard !listed.isEmpty else { continue }
            if partial {
                logger.warning("hub split only partially converted", metadata: ["hub.repo": "\(ref.repo)", "hub.split": "\(ref.split)"])
            }
            return SplitListing(folder: folder, partial: partial, files: listed.sorted { $0.path < $1.path })
        }
        // Say what exists instead.
        let configs = (try await listTree(ref, sha: sha, revision: revision, path: "") ?? []).filter { $0.type == "directory" }.map(\.path).sorted()
        let where_ = ref.revision == "main" ? "in the Hub's Parquet conversion" : "at revision \(ref.revision)"
        guard configs.contains(ref.config) else {
            throw HubError(.configNotFound, "the dataset \(ref.repo) has no config `\(ref.config)` \(where_)",
                           hint: configs.isEmpty ? "it has no Parquet files there" : "its configs: \(Self.list(configs)); set `config:` in `input:`")
        }
        let splits = (try await listTree(ref, sha: sha, revision: revision, path: ref.config) ?? [])
            .filter { $0.type == "directory" }
            .map { e -> String in
                let name = String(e.path.split(separator: "/").last ?? "")
                return name.hasPrefix("partial-") ? String(name.dropFirst("partial-".count)) : name
            }
        let unique = Array(Set(splits)).sorted()
        throw HubError(.splitNotFound, "the dataset \(ref.repo) (config \(ref.config)) has no split `\(ref.split)` \(where_)",
                       hint: unique.isEmpty ? "the config has no splits with Parquet files" : "its splits: \(Self.list(unique)); set `split:`")
    }

    static func list(_ names: [String]) -> String {
        names.count <= 20 ? names.joined(separator: ", ") : names.prefix(20).joined(separator: ", ") + " and \(names.count - 20) more"
    }

    /// The entries directly under `path` (all pages), or nil when the path does not exist.
    func listTree(_ ref: HubDatasetRef, sha: String, revision: String, path: String) async throws(HubError) -> [HubAPI.TreeEntry]? {
        var url: String? = HubAPI.treeURL(endpoint: configuration.endpoint, repo: ref.repo, revision: sha, path: path)
        var entries: [HubAPI.TreeEntry] = []
        var pages = 0
        while let next = url {
            pages += 1
            guard pages <= 10_000 else { throw HubError(.invalidResponse, "the Hub's file listing of \(ref.repo) does not end") }
            guard let (page, headers) = try await getJSON([HubAPI.TreeEntry].self, url: next, ref: ref, revision: revision, entryMayBeMissing: true) else {
                return nil
            }
            entries += page
            // (A next page on another host gets no token: the transport sends it to the endpoint's origin only.)
            url = HubAPI.nextLink(headers.first(name: "Link"))
        }
        return entries
    }

    // MARK: Requests

    /// GETs JSON, retrying what may pass; nil when `entryMayBeMissing` and the Hub says `EntryNotFound`.
    func getJSON<T: Decodable>(_ type: T.Type, url: String, ref: HubDatasetRef, revision: String,
                               entryMayBeMissing: Bool = false) async throws(HubError) -> (T, HTTPHeaders)? {
        try await withRetries { _ in
            let r = try await self.transport.send(url, headers: [("Accept", "application/json")])
            let body: ByteBuffer
            do { body = try await r.body.collect(upTo: 64 << 20) } catch { throw HubTransport.networkError(error, url: url) }
            guard (200..<300).contains(r.status) else {
                let failure = self.failure(status: r.status, headers: r.headers, body: body, ref: ref, revision: revision)
                if entryMayBeMissing, failure.code == .entryNotFound || (r.status == 404 && r.headers.first(name: "X-Error-Code") == nil) {
                    return nil
                }
                throw failure
            }
            do {
                return (try JSONDecoder().decode(T.self, from: Data(body.readableBytesView)), r.headers)
            } catch {
                throw HubError(.invalidResponse, "the Hub's answer for \(ref.repo) is not the JSON Quarry expects (\(HubTransport.display(url)))",
                               hint: "check HF_ENDPOINT: it must be a Hugging Face Hub (or a mirror of its API)")
            }
        }
    }

    /// Runs `body` until it succeeds, fails for good, or the attempts run out.
    func withRetries<T>(_ body: (Int) async throws -> T) async throws(HubError) -> T {
        var attempt = 1
        while true {
            let failure: HubError
            do {
                return try await body(attempt)
            } catch let e as HubError {
                failure = e
            } catch {
                if error is CancellationError || Task.isCancelled {
                    throw HubError(.cancelled, "interrupted while fetching from the Hub", hint: "run again: finished files are kept and partial downloads resume")
                }
                failure = HubError(.network, "network failure: \(String(describing: error).prefix(200))")
            }
            let retryAfter = failure.retryAfter
            guard let delay = retry.delay(afterAttempt: attempt, error: failure, retryAfter: retryAfter) else { throw failure }
            logger.debug("hub request retried", metadata: ["hub.attempt": "\(attempt)", "hub.error": "\(failure.code)",
                                                          "hub.delay_ms": "\(delay.components.seconds * 1000 + delay.components.attoseconds / 1_000_000_000_000_000)"])
            do { try await clock.sleep(for: delay, tolerance: nil) } catch {
                throw HubError(.cancelled, "interrupted while fetching from the Hub", hint: "run again: finished files are kept and partial downloads resume")
            }
            attempt += 1
        }
    }

    /// The error for a non-2xx answer, saying what to do.
    func failure(status: Int, headers: HTTPHeaders, body: ByteBuffer?, ref: HubDatasetRef, revision: String) -> HubError {
        let code = headers.first(name: "X-Error-Code")
        var said = headers.first(name: "X-Error-Message")
        if said == nil, let body, let decoded = try? JSONDecoder().decode(HubAPI.ErrorBody.self, from: Data(body.readableBytesView)) { said = decoded.error }
        let server = said.map { " (the Hub says: \($0.prefix(200)))" } ?? ""
        let hasToken = configuration.token != nil
        let page = "\(configuration.endpoint)/datasets/\(ref.repo)"
        if status == 429 {
            var e = HubError(.rateLimited, "the Hub is rate limiting requests (429) for \(ref.repo), and still was after \(retry.maxAttempts) attempts",
                             hint: hasToken ? "wait a few minutes and run again" : "wait a few minutes and run again; set HF_TOKEN: signed-in requests get higher limits",
                             status: status)
            e.retryAfter = HubRetry.retryAfter(headers)
            return e
        }
        if code == "GatedRepo" {
            return HubError(.accessDenied, hasToken
                                ? "the dataset \(ref.repo) is gated and the account of HF_TOKEN has no access to it (\(status))\(server)"
                                : "the dataset \(ref.repo) is gated: downloading it needs an access token (\(status))",
                            hint: "accept its terms at \(page) while signed in, then set HF_TOKEN to a token of that account (\(configuration.endpoint)/settings/tokens)",
                            status: status)
        }
        if code == "RepoNotFound" {
            return HubError(.repoNotFound, "there is no dataset \(ref.repo) on \(configuration.endpoint) (\(status))",
                            hint: hasToken ? "check the id (owner/name); a private dataset needs a token of an account that can see it"
                                           : "check the id (owner/name); if it is private, set HF_TOKEN to an access token",
                            status: status)
        }
        if code == "RevisionNotFound" {
            if revision == configuration.parquetRevision {
                return HubError(.revisionNotFound, "the dataset \(ref.repo) has no Parquet conversion (\(revision)) on the Hub",
                                hint: "the Hub converts datasets to Parquet for its dataset viewer; if the viewer is disabled or the conversion has not run, set `revision:` to a branch or commit whose {config}/{split}/ folder holds Parquet files",
                                status: status)
            }
            return HubError(.revisionNotFound, "the dataset \(ref.repo) has no revision `\(revision)`",
                            hint: "give a branch, tag or full commit sha that exists, or leave `revision:` out (main)", status: status)
        }
        if code == "EntryNotFound" {
            return HubError(.entryNotFound, "the dataset \(ref.repo) has no such file or folder at revision \(revision)\(server)", status: status)
        }
        if status == 401 || status == 403 {
            return HubError(.accessDenied, "the Hub refused access to the dataset \(ref.repo) (\(status))\(server)",
                            hint: hasToken ? "check that HF_TOKEN is valid and its account has access (gated datasets: accept the terms at \(page))"
                                           : "set HF_TOKEN to an access token (\(configuration.endpoint)/settings/tokens); gated datasets also need their terms accepted at \(page)",
                            status: status)
        }
        if status >= 500 {
            return HubError(.network, "the Hub answered \(status) for \(ref.repo)\(server)", hint: "the Hub may be having trouble; try again later", status: status)
        }
        if status == 404 {
            return HubError(.entryNotFound, "the Hub has nothing at this address for \(ref.repo) (404)\(server)",
                            hint: "check HF_ENDPOINT: it must be a Hugging Face Hub (or a mirror of its API)", status: status)
        }
        return HubError(.invalidResponse, "unexpected answer \(status) from the Hub for \(ref.repo)\(server)", status: status)
    }
}
