import Foundation
#if canImport(Glibc)
import Glibc
#endif
import QuarryTable
import Testing

/// Writes and reads a SimpleCoT-shaped table (five string columns, about 1.4 KB a row) and prints
/// the throughput. It asserts only correctness; time it in a release build:
/// `QUARRY_TABLE_BENCH_MB=200 swift test -c release --filter ThroughputTests`.
@Suite(.serialized) struct ThroughputTests {
    static var megabytes: Int { Int(ProcessInfo.processInfo.environment["QUARRY_TABLE_BENCH_MB"] ?? "") ?? 4 }

    /// Deterministic row text: prose with commas, quotes and line breaks in the long columns.
    static func makeBatch(schema: TableSchema, rows: Int, first: Int) -> RowBatch {
        // QUARRY_TABLE_BENCH_ASCII=1 drops the two non-ASCII words (English prose is mostly ASCII).
        let ascii = ProcessInfo.processInfo.environment["QUARRY_TABLE_BENCH_ASCII"] == "1"
        let words = ["the", "model", "reasons", "step", "by", "step,", "so", "\"carefully\"", "and", "then", "answers",
                     ascii ? "--" : "—", ascii ? "naive" : "naïve", "x=42;"]
        var columns = Array(repeating: ColumnData(reservingCells: rows), count: 5)
        var seed = UInt64(first) &* 0x9E37_79B9_7F4A_7C15 | 1
        func text(_ length: Int) -> String {
            var s = ""
            while s.utf8.count < length {
                seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17
                if !s.isEmpty { s += seed % 29 == 0 ? "\n" : " " }
                s += words[Int(seed % UInt64(words.count))]
            }
            return s
        }
        for r in 0..<rows {
            columns[0].appendString("row-\(first + r)")
            columns[1].appendString(text(300))
            columns[2].appendString(text(800))
            columns[3].appendString(text(250))
            columns[4].appendString("simplecot")
        }
        return RowBatch(schema: schema, columns: columns)
    }

    @Test(arguments: ["bench.csv", "bench.jsonl"])
    func writeThenReadReportsThroughput(name: String) throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let path = folder.path + "/" + name
        let schema = TableSchema(names: ["id", "question", "cot", "answer", "source"])
        let batch = Self.makeBatch(schema: schema, rows: 1000, first: 0)
        let batchBytes = batch.columns.reduce(0) { $0 + $1.bytes.count }
        let batches = max(1, Self.megabytes * 1_000_000 / batchBytes)

        var start = Stopwatch()
        let sink = try Table.openSink(path: path, schema: schema)
        for b in 0..<batches {
            var next = batch
            next.firstRowIndex = b * 1000
            try sink.append(next)
        }
        try sink.finish()
        let writeSeconds = start.seconds
        let fileBytes = try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)

        start = Stopwatch()
        let scanned = try Table.scan(path: path)
        let scanSeconds = start.seconds
        #expect(scanned.rowCount == batches * 1000)

        start = Stopwatch()
        var rows = 0
        var cells = 0
        let source = try Table.openSource(path: path, schema: scanned.schema)
        while let b = try source.nextBatch() {
            rows += b.rowCount
            cells += b.columns[2].bytes.count
        }
        let readSeconds = start.seconds
        #expect(rows == batches * 1000)
        #expect(cells == batch.columns[2].bytes.count * batches)

        start = Stopwatch()
        let projected = try Table.openSource(path: path, projection: ["id"], schema: scanned.schema)
        var ids = 0
        while let b = try projected.nextBatch() { ids += b.rowCount }
        let projectedSeconds = start.seconds
        #expect(ids == rows)

        func rate(_ s: (wall: Double, cpu: Double)) -> String {
            String(format: "%.0f MB/s (%.0f per CPU second)", Double(fileBytes) / 1e6 / s.wall, Double(fileBytes) / 1e6 / s.cpu)
        }
        print("\(name): \(fileBytes / 1_000_000) MB, \(rows) rows (\(fileBytes / rows) B/row): write \(rate(writeSeconds)), scan \(rate(scanSeconds)), read all \(rate(readSeconds)), read 1 column \(rate(projectedSeconds))")
    }
}

/// Wall-clock and this thread's CPU time since creation (CPU time is what counts on a busy machine).
struct Stopwatch {
    let wall = ContinuousClock.now
    let cpu = Stopwatch.threadCPU()

    static func threadCPU() -> Double {
        #if canImport(Glibc)
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
        #else
        return 0
        #endif
    }

    var seconds: (wall: Double, cpu: Double) {
        let d = ContinuousClock.now - wall
        let w = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        return (w, max(Stopwatch.threadCPU() - cpu, 1e-9))
    }
}
