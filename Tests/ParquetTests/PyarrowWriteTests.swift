import Foundation
import Parquet
import Testing

/// Files written by ParquetFileWriter, read back by pyarrow and by our reader.
@Suite("Writing files pyarrow reads")
struct PyarrowWriteTests {
    static let variants: [(String, ParquetWriterOptions)] = [
        ("default", ParquetWriterOptions()),
        ("uncompressed_plain", ParquetWriterOptions(compression: .uncompressed, dictionaryEnabled: false)),
        ("gzip", ParquetWriterOptions(compression: .gzip)),
        ("zstd_v2", ParquetWriterOptions(compression: .zstd, dataPageVersion: 2)),
        ("lz4raw", ParquetWriterOptions(compression: .lz4Raw)),
        ("lz4_hadoop", ParquetWriterOptions(compression: .lz4)),
        ("snappy_v2_small_pages", ParquetWriterOptions(dataPageSize: 100, dataPageVersion: 2)),
        ("small_row_groups", ParquetWriterOptions(rowGroupByteSize: 4000)),
        ("dict_fallback", ParquetWriterOptions(dataPageSize: 200, dictionaryPageSizeLimit: 60)),
        ("no_stats", ParquetWriterOptions(writeStatistics: false)),
    ]

    static func expected(_ rows: [[ParquetValue]], asPyarrow: Bool) -> [[Any]] {
        var cols: [[Any]] = Array(repeating: [], count: SampleData.fields.count)
        for row in rows {
            for (i, v) in row.enumerated() {
                // Arrow has no enum type: pyarrow reads ENUM columns as binary.
                if asPyarrow, case .enumeration = SampleData.fields[i].type, case .string(let s) = v {
                    cols[i].append(Canonical.value(.bytes(Array(s.utf8))))
                } else {
                    cols[i].append(Canonical.value(v))
                }
            }
        }
        return cols
    }

    @Test("pyarrow reads every type and option exactly", arguments: variants.map(\.0))
    func pyarrowReads(variant: String) throws {
        let options = Self.variants.first { $0.0 == variant }!.1
        let dir = try PythonOracle.temporaryDirectory("write")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("\(variant).parquet").path
        let rows = SampleData.rows(300, seed: 42)
        let w = try ParquetFileWriter(path: path, fields: SampleData.fields, options: options)
        try w.write(rows: Array(rows[0..<150]))
        try w.write(rows: Array(rows[150...]))
        try w.close()

        let json = try JSONSerialization.jsonObject(with: PythonOracle.run("read_canonical.py", [path])) as! [String: Any]
        let columns = json["columns"] as! [String]
        #expect(columns == SampleData.fields.map(\.name))
        let values = json["values"] as! [Any]
        let expected = Self.expected(rows, asPyarrow: true)
        for (i, name) in columns.enumerated() {
            let diff = Canonical.difference(expected[i], values[i], path: "\(variant).\(name)")
            #expect(diff == nil, "\(diff ?? "")")
        }

        // Our reader agrees too.
        let reader = try ParquetFileReader(path: path)
        #expect(reader.rowCount == 300)
        var ours: [[Any]] = Array(repeating: [], count: columns.count)
        for g in reader.rowGroups.indices {
            for (i, c) in try reader.readRowGroup(g).fieldValues().enumerated() { ours[i] += c.map(Canonical.value) }
        }
        let ourExpected = Self.expected(rows, asPyarrow: false)
        for (i, name) in columns.enumerated() {
            let diff = Canonical.difference(ourExpected[i], ours[i], path: "ours.\(variant).\(name)")
            #expect(diff == nil, "\(diff ?? "")")
        }
        if variant == "small_row_groups" { #expect(reader.rowGroups.count > 3) }
    }

    @Test("statistics and key/value metadata are visible to pyarrow")
    func statisticsAndMetadata() throws {
        let dir = try PythonOracle.temporaryDirectory("stats")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("stats.parquet").path
        var options = ParquetWriterOptions()
        options.keyValueMetadata = [KeyValue(key: "quarry.run", value: "r-1")]
        let w = try ParquetFileWriter(path: path, fields: [
            ParquetField("n", .int64), ParquetField("s", .string), ParquetField("u", .uint32), ParquetField("f", .double),
        ], options: options)
        try w.write(rows: [
            [.int64(5), .string("pear"), .int64(4_000_000_000), .double(2.5)],
            [.null, .string("apple"), .int64(1), .double(-1)],
            [.int64(-3), .null, .null, .double(.nan)],
        ])
        try w.close()
        let json = try JSONSerialization.jsonObject(with: PythonOracle.run("read_canonical.py", [path, "--metadata"])) as! [String: Any]
        #expect((json["key_value"] as? [String: String]) == ["quarry.run": "r-1"])
        let stats = json["stats"] as! [[String: Any]]
        #expect(stats.count == 4)
        #expect(stats[0]["min"] as? String == "-3" && stats[0]["max"] as? String == "5" && stats[0]["null_count"] as? Int == 1)
        #expect(stats[1]["min"] as? String == "apple" && stats[1]["max"] as? String == "pear" && stats[1]["null_count"] as? Int == 1)
        #expect(stats[2]["min"] as? String == "1" && stats[2]["max"] as? String == "4000000000")
        #expect(stats[3]["min"] as? String == "-1.0" && stats[3]["max"] as? String == "2.5")
        #expect(stats[0]["compression"] as? String == "SNAPPY")
    }
}
