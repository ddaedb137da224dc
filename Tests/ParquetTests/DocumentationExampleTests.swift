import Foundation
import Parquet
import Testing

/// The examples of docs/parquet.md, run as written (paths aside).
@Suite("docs/parquet.md examples")
struct DocumentationExampleTests {
    @Test("the writing and reading examples work end to end")
    func examples() throws {
        let dir = try PythonOracle.temporaryDirectory("docs")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("out.parquet").path

        let fields = [
            ParquetField("id", .int64, nullable: false),
            ParquetField("text", .string),
            ParquetField("embedding", .list(ParquetField("element", .float, nullable: false))),
            ParquetField("meta", .group([ParquetField("model", .string), ParquetField("latency_ms", .double)])),
            ParquetField("tags", .map(key: ParquetField("key", .string, nullable: false), value: ParquetField("value", .int64))),
        ]
        var options = ParquetWriterOptions()
        options.keyValueMetadata = [KeyValue(key: "quarry.run", value: "r-42")]
        let writer = try ParquetFileWriter(path: path, fields: fields, options: options)
        let batch: [[ParquetValue]] = [
            [.int64(1), .string("hello"), .list([.float(0.5), .float(-1)]),
             .group([.init(name: "model", value: .string("m")), .init(name: "latency_ms", value: .double(12.5))]),
             .map([.init(key: .string("a"), value: .int64(1))])],
            [.int64(2), .null, .list([]), .null, .null],
        ]
        try writer.write(rows: batch)
        try writer.close()

        let reader = try ParquetFileReader(path: path)
        #expect(reader.summary.contains("embedding: list<float>"))
        #expect(reader.keyValueMetadata["quarry.run"] == "r-42")
        var texts: [String] = []
        var json: [String] = []
        for g in reader.rowGroups.indices {
            let group = try reader.readRowGroup(g, columns: ["text", "meta"])
            if case .byteArray(let strings) = group.columns[0].values {
                texts += (0..<strings.count).map { strings.string(at: $0) }
            }
            for row in try group.rows() {
                json.append(row[1].jsonText)
                _ = row[0].displayText
            }
        }
        #expect(texts == ["hello"])
        #expect(json == [#"{"model":"m","latency_ms":12.5}"#, "null"])
    }
}
