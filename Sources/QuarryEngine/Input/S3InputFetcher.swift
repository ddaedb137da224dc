import Foundation
import Logging
import NIOCore
import Parquet
import QuarryAWS
import QuarryCore

/// Brings the bytes of resolved S3 input objects into the cache: CSV and JSONL objects whole
/// (streamed to a `.partial` file with durable checkpoints, resumed from the last one), Parquet
/// objects as sparse files: the footer first, then only the column chunks a phase reads, with
/// parallel ranged GETs. Every GET is pinned to the object's ETag (`If-Match`), so a change in S3
/// during a fetch is an error, never a mix of versions.
struct S3InputFetcher {
    let s3: S3Client
    let cache: S3InputCache
    let configuration: S3Input.Configuration
    let logger: Logger

    /// One object to fetch and where its copy lives.
    struct Item: Sendable {
        var bucket: String
        var key: String
        var size: Int
        var eTag: String
        var path: String
        var isParquet: Bool { S3InputRef.format(ofKey: key) == "parquet" }
        var uri: String { "s3://\(bucket)/\(key)" }
    }

    /// Whole-object fetches (CSV, JSONL) for the items that lack them.
    func fetchWhole(_ items: [Item], report: inout S3Input.Report) async throws(QuarryError) {
        var pending: [(Item, Int)] = []
        for item in items {
            let record = cache.readRecord(dataPath: item.path)
            if let record, record.eTag == item.eTag, record.size == item.size, record.complete,
               CacheFile.size(of: item.path) == item.size { continue }
            if let record, record.eTag == item.eTag, record.size == item.size, !record.complete,
               CacheFile.size(of: item.path) == item.size {
                // Renamed into place before the record said so (a crash in between): the download finished.
                var done = record
                done.complete = true
                done.checkpoint = 0
                try cache.writeRecord(done, dataPath: item.path)
                continue
            }
            var start = 0
            if let record, record.eTag == item.eTag, record.size == item.size, record.checkpoint > 0,
               (CacheFile.size(of: item.path + ".partial") ?? 0) >= record.checkpoint {
                start = record.checkpoint
            } else {
                try? FileManager.default.removeItem(atPath: item.path)
                try? FileManager.default.removeItem(atPath: item.path + ".partial")
                try cache.writeRecord(.init(bucket: item.bucket, key: item.key, size: item.size, eTag: item.eTag), dataPath: item.path)
            }
            pending.append((item, start))
        }
        let outcomes: [(Int, Int)]
        do {
            outcomes = try await forEachBounded(pending) { (job: (Item, Int)) async throws(QuarryError) -> Int in
                try await downloadWhole(job.0, from: job.1)
            }
        } catch let partial as PartialFailure {
            throw partial.error   // finished objects are recorded already; the rest resume from their checkpoints
        } catch {
            throw S3InputErrors.map(error, doing: "read", "s3://\(items.first?.bucket ?? "")")
        }
        for (index, bytes) in outcomes {
            report.downloadedBytes += bytes
            report.requests.append(.init(key: pending[index].0.key, range: pending[index].1..<pending[index].0.size))
        }
    }

    /// Streams one object into `<path>.partial` from `start`, checkpointing, then renames it into place.
    private func downloadWhole(_ item: Item, from start: Int) async throws(QuarryError) -> Int {
        let partial = item.path + ".partial"
        let file = try CacheFile(path: partial)
        try file.truncate(to: start)
        var offset = start
        var checkpointed = start
        var attempts = 0
        while offset < item.size || (offset == 0 && item.size == 0 && attempts == 0) {
            attempts += 1
            do {
                let range: S3ByteRange? = offset == 0 ? nil : .from(Int64(offset))
                let output = try await s3.getObject(bucket: item.bucket, key: item.key, range: range, ifMatch: item.eTag.isEmpty ? nil : item.eTag)
                for try await chunk in output.body {
                    try file.write(chunk, at: offset)
                    offset += chunk.readableBytes
                    if offset - checkpointed >= configuration.checkpointBytes {
                        try file.sync()
                        var record = S3InputCache.Record(bucket: item.bucket, key: item.key, size: item.size, eTag: item.eTag)
                        record.checkpoint = offset
                        try cache.writeRecord(record, dataPath: item.path)
                        checkpointed = offset
                    }
                }
                if item.size == 0 { break }
                guard offset == item.size else {
                    throw AWSError(kind: .network, code: "IncompleteBody", message: "\(offset) of \(item.size) bytes arrived")
                }
            } catch let error as AWSError where error.kind.isRetryable && attempts < configuration.maxAttemptsPerRequest {
                logger.debug("S3 input read broke off; resuming", metadata: ["s3.key": "\(item.key)", "offset": "\(offset)"])
                try? await Task.sleep(for: .milliseconds(20 << min(attempts, 6)))
            } catch {
                throw S3InputErrors.map(error, doing: "read", item.uri)
            }
        }
        try file.sync()
        guard rename(partial, item.path) == 0 else { throw QuarryError(.state, "cannot move \(partial) into place (errno \(errno))") }
        var record = S3InputCache.Record(bucket: item.bucket, key: item.key, size: item.size, eTag: item.eTag)
        record.complete = true
        try cache.writeRecord(record, dataPath: item.path)
        return offset - start
    }

    /// Makes `needed(item, reader)` present in each Parquet item's sparse file: the head and footer
    /// first, then the ranges the phase reads. Returns nothing; the report counts what was fetched.
    func fetchParquet(_ items: [Item], columns: @Sendable (ParquetFileReader) -> Set<String>?, report: inout S3Input.Report) async throws(QuarryError) {
        var records: [S3InputCache.Record] = []
        var files: [CacheFile] = []
        for item in items {
            var record = cache.readRecord(dataPath: item.path)
            if record?.eTag != item.eTag || record?.size != item.size || CacheFile.size(of: item.path) != item.size {
                record = S3InputCache.Record(bucket: item.bucket, key: item.key, size: item.size, eTag: item.eTag)
                files.append(try CacheFile(path: item.path, size: item.size, truncate: true))
                try files.last!.sync()
                try cache.writeRecord(record!, dataPath: item.path)
            } else {
                files.append(try CacheFile(path: item.path))
            }
            records.append(record!)
        }
        // 1. The first four bytes and the last `footerGuess` bytes (usually the whole footer).
        var wanted = items.indices.map { i -> ByteRanges in
            let size = items[i].size
            return ByteRanges([0..<min(4, size), max(0, size - configuration.footerGuessBytes)..<size])
        }
        try await fetch(items, files: files, records: &records, wanted: wanted, report: &report)
        // 2. The rest of a footer longer than the guess.
        for i in items.indices {
            // Not Parquet (no footer): nothing more to fetch; the reader says what is wrong.
            wanted[i] = Self.footerRange(path: items[i].path, size: items[i].size).map { ByteRanges([$0]) } ?? ByteRanges()
        }
        try await fetch(items, files: files, records: &records, wanted: wanted, report: &report)
        // 3. The column chunks of the projected columns.
        for i in items.indices {
            wanted[i] = ByteRanges()
            guard let reader = try? ParquetFileReader(path: items[i].path) else { continue }
            wanted[i] = Self.chunkRanges(reader, columns: columns(reader))
        }
        try await fetch(items, files: files, records: &records, wanted: wanted, report: &report)
    }

    /// The footer and its length and magic (`size - 8 - length ..< size`), from the file's last 8 bytes; nil when they are not Parquet's.
    static func footerRange(path: String, size: Int) -> Range<Int>? {
        guard size >= 12, let tail = try? FileSource(path: path).read(at: size - 8, count: 8),
              tail[4..<8] == [0x50, 0x41, 0x52, 0x31] else { return nil }
        let length = Int(tail[0]) | Int(tail[1]) << 8 | Int(tail[2]) << 16 | Int(tail[3]) << 24
        guard length <= size - 12 else { return nil }
        return (size - 8 - length)..<size
    }

    /// The byte ranges of the column chunks of `columns` (top-level field names; nil: all) in every row group.
    static func chunkRanges(_ reader: ParquetFileReader, columns: Set<String>?) -> ByteRanges {
        let names = columns.map { set in reader.schema.fields.map(\.name).filter { set.contains($0) } }
        guard let leaves = try? reader.schema.leafIndices(for: names) else { return ByteRanges() }
        var ranges = ByteRanges()
        for group in reader.rowGroups {
            for c in leaves where c < group.columns.count {
                guard let meta = group.columns[c].metaData else { continue }
                var start = meta.dataPageOffset
                if let d = meta.dictionaryPageOffset, d > 0, d < start { start = d }
                guard start >= 0, meta.totalCompressedSize >= 0 else { continue }
                ranges.insert(Int(start)..<Int(start + meta.totalCompressedSize))
            }
        }
        return ranges
    }

    /// Fetches, per item, the part of `wanted` not yet present; records progress durably.
    private func fetch(_ items: [Item], files: [CacheFile], records: inout [S3InputCache.Record], wanted: [ByteRanges],
                       report: inout S3Input.Report) async throws(QuarryError) {
        var jobs: [(item: Int, range: Range<Int>)] = []
        for i in items.indices {
            let clipped = ByteRanges(wanted[i].ranges.map { max(0, $0.lowerBound)..<min(items[i].size, $0.upperBound) })
            let missing = clipped.subtracting(records[i].present)
            for r in missing.requests(gap: configuration.coalesceGapBytes, maxPiece: configuration.rangeRequestBytes) { jobs.append((i, r)) }
        }
        guard !jobs.isEmpty else { return }
        var done: [Int] = []
        var failure: QuarryError?
        do {
            let outcomes = try await forEachBounded(jobs) { (job: (item: Int, range: Range<Int>)) async throws(QuarryError) -> Int in
                try await downloadRange(items[job.item], file: files[job.item], range: job.range)
            }
            done = outcomes.map(\.0)
        } catch let partial as PartialFailure {
            done = partial.completed
            failure = partial.error
        } catch {
            failure = S3InputErrors.map(error, doing: "read", items[0].uri)
        }
        // Make what arrived durable, then say so.
        var touched = Set<Int>()
        for j in done {
            records[jobs[j].item].present.insert(jobs[j].range)
            touched.insert(jobs[j].item)
            report.downloadedBytes += jobs[j].range.count
            report.requests.append(.init(key: items[jobs[j].item].key, range: jobs[j].range))
        }
        for i in touched.sorted() {
            try files[i].sync()
            try cache.writeRecord(records[i], dataPath: items[i].path)
        }
        if let failure { throw failure }
    }

    /// One ranged GET into the sparse file; a body that breaks off is resumed where it stopped.
    private func downloadRange(_ item: Item, file: CacheFile, range: Range<Int>) async throws(QuarryError) -> Int {
        var offset = range.lowerBound
        var attempts = 0
        while offset < range.upperBound {
            attempts += 1
            do {
                let output = try await s3.getObject(bucket: item.bucket, key: item.key, range: .closed(Int64(offset), Int64(range.upperBound - 1)),
                                                    ifMatch: item.eTag.isEmpty ? nil : item.eTag)
                for try await chunk in output.body {
                    let usable = min(chunk.readableBytes, range.upperBound - offset)
                    guard usable > 0 else { break }
                    try file.write(usable == chunk.readableBytes ? chunk : chunk.getSlice(at: chunk.readerIndex, length: usable)!, at: offset)
                    offset += usable
                }
                guard offset == range.upperBound else {
                    throw AWSError(kind: .network, code: "IncompleteBody", message: "the range ended \(range.upperBound - offset) bytes early")
                }
            } catch let error as AWSError where error.kind.isRetryable && attempts < configuration.maxAttemptsPerRequest {
                try? await Task.sleep(for: .milliseconds(20 << min(attempts, 6)))
            } catch {
                throw S3InputErrors.map(error, doing: "read", item.uri)
            }
        }
        return range.count
    }

    /// The indices of jobs that completed, and the first error, when a bounded run stops early.
    struct PartialFailure: Error {
        var completed: [Int]
        var error: QuarryError
    }

    /// Runs `work` over `jobs` with at most `configuration.concurrency` in flight. On the first
    /// failure the rest are cancelled and ``PartialFailure`` says which finished.
    private func forEachBounded<Job: Sendable, Value: Sendable>(
        _ jobs: [Job], _ work: @escaping @Sendable (Job) async throws(QuarryError) -> Value
    ) async throws -> [(Int, Value)] {
        let limit = max(1, configuration.concurrency)
        return try await withThrowingTaskGroup(of: (Int, Result<Value, QuarryError>).self) { group in
            var next = 0
            var results: [(Int, Value)] = []
            var firstError: QuarryError?
            func start() {
                let i = next
                let job = jobs[i]
                next += 1
                group.addTask {
                    do throws(QuarryError) { return (i, .success(try await work(job))) } catch { return (i, .failure(error)) }
                }
            }
            while next < jobs.count && next < limit { start() }
            while let (i, result) = try await group.next() {
                switch result {
                case .success(let value):
                    results.append((i, value))
                    if firstError == nil, next < jobs.count { start() }
                case .failure(let error):
                    if firstError == nil {
                        firstError = error
                        group.cancelAll()
                    }
                }
            }
            if let firstError { throw PartialFailure(completed: results.map(\.0), error: firstError) }
            return results
        }
    }
}
