import Foundation
@testable import Parquet
import Testing

@Suite("Reader known answers and API")
struct ReaderTests {
    @Test("tiny_noschema.parquet: dictionary page + RLE_DICTIONARY data page, Snappy")
    func tiny() throws {
        let r = try ParquetFileReader(bytes: KnownFiles.tinyNoSchema)
        #expect(r.rowCount == 3 && r.rowGroups.count == 1)
        let col = try r.readColumn(rowGroup: 0, column: 0)
        #expect(col.values == .int64([1, 2, 3]))
        #expect(col.definitionLevels == [1, 1, 1] && col.repetitionLevels.isEmpty)
        #expect(try r.readRowGroup(0).rows() == [[.int64(1)], [.int64(2)], [.int64(3)]])
    }

    @Test("mixed V2 file: required, optional string and list<float> levels")
    func mixedV2() throws {
        let r = try ParquetFileReader(bytes: KnownFiles.mixedV2)
        let g = try r.readRowGroup(0)
        #expect(g.columns[1].definitionLevels == [1, 0, 1, 1])
        #expect(g.columns[2].repetitionLevels == [0, 1, 0, 0, 0])
        #expect(g.columns[2].definitionLevels == [3, 3, 1, 0, 3])
        #expect(g.columns[2].values == .float([1, 2, 3]))
        guard case .byteArray(let names) = g.columns[1].values else { Issue.record("names"); return }
        #expect(names.data == Array("accca".utf8))
        #expect(names.offsets == [0, 1, 4, 5])
        let rows = try g.rows()
        #expect(rows[0] == [.int64(0), .string("a"), .list([.float(1), .float(2)])])
        #expect(rows[1] == [.int64(1), .null, .list([])])
        #expect(rows[2] == [.int64(2), .string("ccc"), .null])
        #expect(rows[3] == [.int64(3), .string("a"), .list([.float(3)])])
        #expect(r.schema.columns.map(\.dottedPath) == ["id", "name", "vec.list.element"])
        #expect(r.schema.columns.map(\.maxDefinitionLevel) == [0, 1, 3])
        #expect(r.summary == """
            <memory>: 4 rows in 1 row group
            created by parquet-cpp-arrow version 26.0.1
              id: int64
              name: string?
              vec: list<float>?
            """)
    }

    @Test("legacy 2-level lists and repeated primitives read as lists, and pyarrow agrees")
    func legacyLists() throws {
        var root = SchemaElement(name: "schema"); root.numChildren = 3
        var tags = SchemaElement(name: "tags"); tags.repetition = .optional; tags.numChildren = 1; tags.convertedType = .list
        var arr = SchemaElement(name: "array"); arr.repetition = .repeated; arr.type = .byteArray; arr.convertedType = .utf8
        var nums = SchemaElement(name: "nums"); nums.repetition = .repeated; nums.type = .int32
        var pairs = SchemaElement(name: "pairs"); pairs.repetition = .optional; pairs.numChildren = 1; pairs.convertedType = .list
        var tuple = SchemaElement(name: "pairs_tuple"); tuple.repetition = .repeated; tuple.numChildren = 2
        var a = SchemaElement(name: "a"); a.repetition = .required; a.type = .int32
        var b = SchemaElement(name: "b"); b.repetition = .optional; b.type = .double
        let w = try ParquetFileWriter(elements: [root, tags, arr, nums, pairs, tuple, a, b])
        let rows: [[ParquetValue]] = [
            [.list([.string("x"), .string("y")]), .list([.int32(1), .int32(2), .int32(3)]),
             .list([.group([.init(name: "a", value: .int32(1)), .init(name: "b", value: .double(0.5))])])],
            [.null, .list([]), .list([])],
            [.list([]), .list([.int32(4)]), .null],
        ]
        try w.write(rows: rows)
        try w.close()
        let r = try ParquetFileReader(bytes: w.bytes)
        #expect(try r.readRowGroup(0).rows() == rows)

        let dir = try PythonOracle.temporaryDirectory("legacy")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("legacy.parquet").path
        try Data(w.bytes).write(to: URL(fileURLWithPath: path))
        let json = try JSONSerialization.jsonObject(with: PythonOracle.run("read_canonical.py", [path])) as! [String: Any]
        let values = json["values"] as! [Any]
        let expected: [[Any]] = (0..<3).map { c in rows.map { Canonical.value($0[c]) } }
        for c in 0..<3 {
            let diff = Canonical.difference(expected[c], values[c], path: "legacy[\(c)]")
            #expect(diff == nil, "\(diff ?? "")")
        }
    }

    @Test("a dataset of several files streams row groups in order")
    func dataset() throws {
        var files: [ParquetFileReader] = []
        var all: [[ParquetValue]] = []
        for f in 0..<3 {
            let w = try ParquetFileWriter(fields: [ParquetField("id", .int64, nullable: false), ParquetField("s", .string)],
                                          options: ParquetWriterOptions(maxRowsPerRowGroup: 4))
            let rows: [[ParquetValue]] = (0..<10).map { i in [.int64(Int64(f * 100 + i)), i % 3 == 0 ? .null : .string("v\(i)")] }
            try w.write(rows: rows)
            try w.close()
            all += rows
            files.append(try ParquetFileReader(bytes: w.bytes, name: "file\(f)"))
        }
        let ds = try ParquetDataset(readers: files)
        #expect(ds.rowCount == 30 && ds.rowGroupCount == 9)
        var stream = ds.rowGroups(columns: ["id", "s"])
        var seen: [[ParquetValue]] = []
        while let g = try stream.next() { seen += try g.rows() }
        #expect(seen == all)
        let other = try ParquetFileReader(bytes: KnownFiles.tinyNoSchema, name: "tiny")
        let error = #expect(throws: ParquetError.self) { try ParquetDataset(readers: [files[0], other]) }
        #expect(error?.message.contains("tiny") == true)
    }

    @Test("not-Parquet inputs are named clearly")
    func notParquet() {
        let e1 = #expect(throws: ParquetError.self) { try ParquetFileReader(bytes: Array("hello world, not parquet".utf8), name: "x.csv") }
        #expect(e1?.code == .notParquet && e1?.message.contains("x.csv") == true)
        let e2 = #expect(throws: ParquetError.self) { try ParquetFileReader(bytes: Array(KnownFiles.tinyNoSchema.dropLast(3))) }
        #expect(e2?.code == .notParquet)
        let e3 = #expect(throws: ParquetError.self) { try ParquetFileReader(path: "/nonexistent/file.parquet") }
        #expect(e3?.code == .io)
    }
}

@Suite("Schema descriptions and reuse")
struct SchemaReuseTests {
    @Test("a read schema converts back to writable fields and describes itself")
    func schemaReuse() throws {
        let w = try ParquetFileWriter(fields: SampleData.fields)
        try w.write(rows: SampleData.rows(5))
        try w.close()
        let r = try ParquetFileReader(bytes: w.bytes)
        #expect(try ParquetField.fields(of: r.schema) == SampleData.fields)
        let d = Dictionary(uniqueKeysWithValues: r.schema.fields.map { ($0.name, $0.typeDescription) })
        #expect(d["emb"] == "list<float>")
        #expect(d["st"] == "struct<a: int32, b: string, c: list<int64>, inner: struct<x: double>>")
        #expect(d["mp"] == "map<string, int32>")
        #expect(d["ts_us"] == "timestamp[us, UTC]")
        #expect(d["dec38"] == "decimal(38, 10)")
        #expect(d["u8"] == "uint8")
    }
}
