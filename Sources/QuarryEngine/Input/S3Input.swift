import Foundation
public import Logging
import Parquet
public import QuarryAWS
public import QuarryCore

/// Inputs in S3 (`input: s3://bucket/key`, a prefix, a glob, or the sample's `s3_uri`): resolved
/// and brought into a local cache under the state folder before the synchronous table readers
/// touch them. See `docs/s3-input.md`.
///
/// ```swift
/// var (spec, _) = try await S3Input.prepare(spec, phase: .check, stateDirectory: state, logger: logger)
/// let checked = try CheckedInput.check(spec)             // reads local files only
/// (spec, _) = try await S3Input.prepare(spec, phase: .stage, stateDirectory: state, logger: logger)
/// ```
///
/// Resolution (first call) lists the prefix or glob (or HEADs the one object) and pins every
/// object's size and ETag into ``RunSpec/s3``; ``RunSpec/input`` becomes the local copy. Each phase
/// then makes present what it reads: CSV and JSONL objects whole; Parquet objects their footer
/// (`check`), the template's columns (`stage`), every column (`assemble`, the output keeps them all).
/// Nothing already in the cache is fetched again.
public enum S3Input {
    /// What the next reader needs.
    public enum Phase: Int, Sendable, Comparable {
        /// Schema and row count (`CheckedInput.check`): Parquet footers and the record-id column.
        case check
        /// Rendering requests (the stager, `quarry plan`): also the template's columns.
        case stage
        /// Writing the output (the assembler): every column.
        case assemble

        public static func < (a: Phase, b: Phase) -> Bool { a.rawValue < b.rawValue }
    }

    /// How the cache is filled.
    public struct Configuration: Sendable {
        /// Ranged GETs in flight at once (across objects).
        public var concurrency: Int = 4
        /// Largest single ranged GET; longer ranges are split and fetched in parallel.
        public var rangeRequestBytes: Int = 8 << 20
        /// Missing ranges closer than this are fetched in one request (the bytes between come along).
        public var coalesceGapBytes: Int = 256 << 10
        /// How much of a Parquet object's end is fetched first, hoping to get the whole footer.
        public var footerGuessBytes: Int = 64 << 10
        /// A whole-object download is made durable (and resumable) every this many bytes.
        public var checkpointBytes: Int = 64 << 20
        /// Attempts of one GET whose body breaks off (the HTTP layer retries failed requests itself).
        public var maxAttemptsPerRequest: Int = 5
        /// The HTTP layer's retry policy (nil: its default).
        public var retry: QuarryAWS.RetryPolicy?
        /// The HTTP layer's limit on one attempt, connecting included (nil: its default). An endpoint
        /// that refuses connections is retried until this passes.
        public var requestTimeout: Duration?

        /// The defaults.
        public init() {}
    }

    /// What a ``prepare(_:phase:stateDirectory:environment:configuration:logger:)`` call did.
    public struct Report: Sendable {
        /// One GET: the object's key and the byte range asked for.
        public struct Request: Sendable, Equatable {
            public var key: String
            public var range: Range<Int>
        }
        /// Objects in the input.
        public var objects = 0
        /// Their total size.
        public var bytes = 0
        /// Bytes downloaded by this call.
        public var downloadedBytes = 0
        /// The GETs this call made, in completion order.
        public var requests: [Request] = []
    }

    /// Resolves `spec`'s S3 input (when not yet resolved) and fetches what `phase` reads into the
    /// cache under `stateDirectory`. Specs without an S3 input are returned unchanged.
    ///
    /// - Parameter environment: where S3 settings come from when the spec has no `bedrock:` block
    ///   (`AWS_REGION`, `AWS_PROFILE`, the credential chain, `AWS_ENDPOINT_URL_S3`/`AWS_ENDPOINT_URL`).
    public static func prepare(_ spec: RunSpec, phase: Phase, stateDirectory: String, environment: AWSEnvironment = .process,
                               configuration: Configuration = Configuration(), logger: Logger) async throws(QuarryError) -> (spec: RunSpec, report: Report) {
        guard var ref = spec.s3 else { return (spec, Report()) }
        let cache = S3InputCache(stateDirectory: stateDirectory)
        let lock = try await S3InputCacheLock.acquire(cache)
        defer { withExtendedLifetime(lock) {} }
        let connection = S3InputConnection(spec: spec, environment: environment, configuration: configuration, logger: logger)
        do {
            let result = try await prepare(spec, ref: &ref, phase: phase, cache: cache, connection: connection, configuration: configuration, logger: logger)
            await connection.shutdown()
            return result
        } catch {
            await connection.shutdown()
            throw error
        }
    }

    private static func prepare(_ spec: RunSpec, ref: inout S3InputRef, phase: Phase, cache: S3InputCache, connection: S3InputConnection,
                                configuration: Configuration, logger: Logger) async throws(QuarryError) -> (spec: RunSpec, report: Report) {
        var spec = spec
        var report = Report()
        if ref.objects == nil {
            let found = try await S3InputResolver(s3: try await connection.client(), ref: ref).resolve()
            ref.objects = found.map { .init(key: $0.key, size: $0.size, eTag: $0.eTag, localPath: cache.dataPath(bucket: ref.bucket, key: $0.key)) }
            spec.input = ref.kind == .object ? ref.objects![0].localPath : cache.tableFolder(uri: ref.uri)
            spec.s3 = ref
        }
        let objects = ref.objects ?? []
        if ref.kind != .object {
            try cache.linkTable(folder: spec.input, targets: objects.map { ($0.key, $0.localPath) })
        }
        report.objects = objects.count
        report.bytes = objects.reduce(0) { $0 + $1.size }
        let items = objects.map { S3InputFetcher.Item(bucket: ref.bucket, key: $0.key, size: $0.size, eTag: $0.eTag, path: $0.localPath) }
        let whole = items.filter { !$0.isParquet }
        let parquet = items.filter(\.isParquet)
        if !whole.isEmpty, !allComplete(whole, cache: cache) {
            let fetcher = S3InputFetcher(s3: try await connection.client(), cache: cache, configuration: configuration, logger: logger)
            try await fetcher.fetchWhole(whole, report: &report)
        }
        if !parquet.isEmpty {
            let columns = Self.columns(for: phase, spec: spec)
            if !allPresent(parquet, columns: columns, cache: cache) {
                let fetcher = S3InputFetcher(s3: try await connection.client(), cache: cache, configuration: configuration, logger: logger)
                try await fetcher.fetchParquet(parquet, columns: columns, report: &report)
            }
        }
        if report.downloadedBytes > 0 {
            logger.info("S3 input fetched", metadata: ["s3.uri": "\(ref.uri)", "phase": "\(phase)", "objects": "\(report.objects)",
                                                       "bytes.downloaded": "\(report.downloadedBytes)", "requests": "\(report.requests.count)"])
        }
        return (spec, report)
    }

    /// The top-level columns `phase` reads from a Parquet file (nil: all).
    static func columns(for phase: Phase, spec: RunSpec) -> @Sendable (ParquetFileReader) -> Set<String>? {
        let template = (try? PromptTemplate(spec.template))?.columns ?? []
        let recordId = spec.recordIdColumn
        return { reader in
            let names = Set(reader.schema.fields.map(\.name))
            switch phase {
            case .check: return names.contains(recordId) ? [recordId] : []
            case .stage: return Set(template).union(names.contains(recordId) ? [recordId] : [])
            case .assemble: return nil
            }
        }
    }

    private static func allComplete(_ items: [S3InputFetcher.Item], cache: S3InputCache) -> Bool {
        items.allSatisfy { item in
            guard let r = cache.readRecord(dataPath: item.path) else { return false }
            return r.complete && r.eTag == item.eTag && r.size == item.size && CacheFile.size(of: item.path) == item.size
        }
    }

    /// Whether every Parquet item has its footer and the chunks of `columns` (no client needed then).
    private static func allPresent(_ items: [S3InputFetcher.Item], columns: (ParquetFileReader) -> Set<String>?, cache: S3InputCache) -> Bool {
        items.allSatisfy { item in
            guard let r = cache.readRecord(dataPath: item.path), r.eTag == item.eTag, r.size == item.size,
                  CacheFile.size(of: item.path) == item.size, r.present.contains(0..<min(4, item.size)),
                  r.present.contains(max(0, item.size - 8)..<item.size),
                  let footer = S3InputFetcher.footerRange(path: item.path, size: item.size), r.present.contains(footer),
                  let reader = try? ParquetFileReader(path: item.path) else { return false }
            let needed = S3InputFetcher.chunkRanges(reader, columns: columns(reader))
            return needed.subtracting(r.present).isEmpty
        }
    }

    /// `error` with the cache's paths replaced by the S3 locations they hold, so messages name what the user wrote.
    public static func presentable(_ error: QuarryError, spec: RunSpec) -> QuarryError {
        guard let ref = spec.s3, let objects = ref.objects else { return error }
        var pairs: [(String, String)] = []
        let cache = ref.kind == .object ? nil : spec.input
        for (i, o) in objects.enumerated() {
            let uri = "s3://\(ref.bucket)/\(o.key)"
            if let cache { pairs.append((cache + "/" + S3InputCache.entryName(index: i, key: o.key), uri)) }
            pairs.append((o.localPath, uri))
        }
        if let cache { pairs.append((cache, ref.uri)) }
        func rewrite(_ text: String) -> String {
            var text = text
            for (path, uri) in pairs where text.contains(path) { text = text.replacingOccurrences(of: path, with: uri) }
            return text
        }
        var out = error
        out.message = rewrite(error.message)
        out.hint = error.hint.map(rewrite)
        return out
    }
}
