import Foundation
import QuarryTable
import Testing

/// Writes and reads a SimpleCoT-shaped table (five string columns, about 1.4 KB a row) and prints
/// the throughput. It asserts only correctness; time it in a release build:
/// `QUARRY_TABLE_BENCH_MB=200 swift test -c release --filter ThroughputTests`.
@Suite struct ThroughputTests {
    static var megabytes: Int { Int(ProcessInfo.processInfo.environment["QUARRY_TABLE_BENCH_MB"] ?? "") ?? 4 }

    /// Deterministic row text: prose with commas, quotes and line breaks in the long columns.
    static func makeBatch(schema: TableSchema, rows: Int, first: Int) -> RowBatch {
        let words = ["the", "model", "reasons", "step", "by", "step,", "so", "\"carefully\"", "and", "then", "answers", "—", "naïve", "x=42;"]
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

        var start = Date()
        let sink = try Table.openSink(path: path, schema: schema)
        for b in 0..<batches {
            var next = batch
            next.firstRowIndex = b * 1000
            try sink.append(next)
        }
        try sink.finish()
        let writeSeconds = Date().timeIntervalSince(start)
        let fileBytes = try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)

        start = Date()
        let scanned = try Table.scan(path: path)
        let scanSeconds = Date().timeIntervalSince(start)
        #expect(scanned.rowCount == batches * 1000)

        start = Date()
        var rows = 0
        var cells = 0
        let source = try Table.openSource(path: path, schema: scanned.schema)
        while let b = try source.nextBatch() {
            rows += b.rowCount
            cells += b.columns[2].bytes.count
        }
        let readSeconds = Date().timeIntervalSince(start)
        #expect(rows == batches * 1000)
        #expect(cells == batch.columns[2].bytes.count * batches)

        start = Date()
        let projected = try Table.openSource(path: path, projection: ["id"], schema: scanned.schema)
        var ids = 0
        while let b = try projected.nextBatch() { ids += b.rowCount }
        let projectedSeconds = Date().timeIntervalSince(start)
        #expect(ids == rows)

        func rate(_ seconds: Double) -> String { String(format: "%.0f MB/s", Double(fileBytes) / 1e6 / seconds) }
        print("\(name): \(fileBytes / 1_000_000) MB, \(rows) rows (\(fileBytes / rows) B/row): write \(rate(writeSeconds)), scan \(rate(scanSeconds)), read all \(rate(readSeconds)), read 1 column \(rate(projectedSeconds))")
    }
}
