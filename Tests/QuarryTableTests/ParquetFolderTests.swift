import Foundation
import QuarryTable
import Testing

/// A folder of Parquet files (a Hugging Face split) reads as one table, files in name order.
@Suite struct ParquetFolderTests {
    func folder() -> String {
        let dir = NSTemporaryDirectory() + "quarry-pqfolder-\(UUID().uuidString.prefix(8))"
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    func write(_ path: String, names: [String], rows: Range<Int>) throws {
        let schema = TableSchema(names: names)
        let sink = try Table.openSink(path: path, schema: schema)
        let columns = names.map { name in ColumnData(strings: rows.map { "\(name)\($0)" }) }
        try sink.append(RowBatch(schema: schema, columns: columns))
        try sink.finish()
    }

    @Test func filesAreReadInNameOrderWithRowNumbersAcrossTheFolder() throws {
        let dir = folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try write(dir + "/0001.parquet", names: ["a", "b"], rows: 3..<5)
        try write(dir + "/0000.parquet", names: ["a", "b"], rows: 0..<3)
        try write(dir + "/0002.parquet", names: ["a", "b"], rows: 5..<9)
        _ = FileManager.default.createFile(atPath: dir + "/.0003.parquet.incomplete", contents: Data("junk".utf8))
        _ = FileManager.default.createFile(atPath: dir + "/README.md", contents: Data("x".utf8))

        #expect(try Table.format(of: dir) == .parquet)
        let scan = try Table.scan(path: dir)
        #expect(scan.rowCount == 9 && scan.schema.names == ["a", "b"])
        let source = try Table.openSource(path: dir, projection: ["b"], batchRows: 2, schema: scan.schema)
        var values: [String] = []
        var firstRows: [Int] = []
        var lines: [Int] = []
        while let batch = try source.nextBatch() {
            firstRows.append(batch.firstRowIndex)
            lines += batch.lineNumbers
            for r in 0..<batch.rowCount { values.append(batch.columns[1].text(r) ?? "null") }
        }
        #expect(values == (0..<9).map { "b\($0)" })
        #expect(lines == Array(1...9))
        #expect(firstRows.first == 0 && firstRows == firstRows.sorted() && Set(firstRows).count == firstRows.count)
    }

    @Test func aFileWithOtherColumnsOrAnEmptyFolderIsAnError() throws {
        let dir = folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(throws: TableError.self) { try Table.scan(path: dir) }
        do { _ = try Table.scan(path: dir) } catch { #expect(error.description.contains("holds no .parquet files")) }
        try write(dir + "/0000.parquet", names: ["a", "b"], rows: 0..<2)
        try write(dir + "/0001.parquet", names: ["a", "c"], rows: 2..<4)
        do {
            _ = try Table.scan(path: dir)
            Issue.record("a folder mixing columns was read")
        } catch {
            #expect(error.description.contains("0001.parquet"))
            #expect(error.description.contains("every Parquet file of a folder input must have the same columns"))
        }
    }
}
