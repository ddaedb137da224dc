import Foundation
import QuarryTable
import Testing

/// Runs Python snippets with pyarrow: the interpreter from `QUARRY_TEST_PYTHON`, else
/// `.venv-test/bin/python` in the package root.
enum PyarrowOracle {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Unavailable: Error, CustomStringConvertible { var description: String }

    static let setupHint = """
        the Parquet table tests need a Python with pyarrow: set QUARRY_TEST_PYTHON, or run \
        `python3 -m venv --system-site-packages .venv-test && .venv-test/bin/pip install pyarrow` in the package root
        """

    static func interpreter() throws -> String {
        if let p = ProcessInfo.processInfo.environment["QUARRY_TEST_PYTHON"], !p.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: p) else {
                throw Unavailable(description: "QUARRY_TEST_PYTHON=\(p) is not an executable file; " + setupHint)
            }
            return p
        }
        let local = packageRoot.appendingPathComponent(".venv-test/bin/python").path
        if FileManager.default.isExecutableFile(atPath: local) { return local }
        throw Unavailable(description: setupHint)
    }

    /// Runs `script` with `arguments` (as `sys.argv[1:]`) and returns stdout.
    @discardableResult
    static func run(_ script: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try interpreter())
        process.arguments = ["-c", script] + arguments
        let out = Pipe()
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-pqt-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errURL) }
        let errHandle = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = errHandle
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errHandle.close()
        let err = String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self)
        guard process.terminationStatus == 0 else {
            if err.contains("No module named 'pyarrow'") { throw Unavailable(description: setupHint) }
            throw Unavailable(description: "python failed (\(process.terminationStatus)): \(err)")
        }
        return data
    }
}

/// Writes a pyarrow file and prints, per row, each cell as null or [kind, text, number?].
private let writeFixtureScript = #"""
import sys, json, datetime, decimal
import pyarrow as pa, pyarrow.parquet as pq
path = sys.argv[1]
n = 23
utc = datetime.timezone.utc
strs = [None if i % 4 == 1 else ("row %d, \"quoted\" é\n" % i if i % 3 else "") for i in range(n)]
ints = [None if i % 7 == 3 else (i * 1000000007 - 9000000000000000000 if i % 2 else i) for i in range(n)]
dbls = [None if i == 5 else [0.1, -2.5, 1e-05, 1e16, 123456789.0, 3.0][i % 6] * (i + 1) for i in range(n)]
bools = [None if i % 5 == 4 else i % 2 == 0 for i in range(n)]
dates = [None if i == 2 else datetime.date(1969, 12, 25) + datetime.timedelta(days=i * 400) for i in range(n)]
stamps = [None if i == 6 else datetime.datetime(2023, 11, 14, 22, 13, 20, tzinfo=utc) + datetime.timedelta(microseconds=i * 123457000 + (i % 3) * 7) for i in range(n)]
decs = [None if i == 8 else decimal.Decimal(i * 37 - 400).scaleb(-2) for i in range(n)]
vecs = [None if i == 9 else [float(j) / (i + 1) - 0.25 for j in range(i % 4)] for i in range(n)]
structs = [None if i == 10 else {"a": i, "b": "x%d" % i} for i in range(n)]
t = pa.table({
    "s": pa.array(strs, pa.string()),
    "i": pa.array(ints, pa.int64()),
    "d": pa.array(dbls, pa.float64()),
    "b": pa.array(bools, pa.bool_()),
    "day": pa.array(dates, pa.date32()),
    "ts": pa.array(stamps, pa.timestamp("us", tz="UTC")),
    "dec": pa.array(decs, pa.decimal128(9, 2)),
    "vec": pa.array(vecs, pa.list_(pa.float32())),
    "st": pa.array(structs, pa.struct([("a", pa.int64()), ("b", pa.string())])),
})
pq.write_table(t, path, row_group_size=5)
back = pq.read_table(path)
def cell(typ, v):
    if v is None: return None
    if pa.types.is_string(typ): return ["string", v]
    if pa.types.is_integer(typ): return ["number", str(v)]
    if pa.types.is_floating(typ): return ["number", repr(v), v]
    if pa.types.is_boolean(typ): return ["bool", "true" if v else "false"]
    if pa.types.is_date(typ): return ["string", v.isoformat()]
    if pa.types.is_timestamp(typ): return ["string", str(v)]
    if pa.types.is_decimal(typ): return ["number", str(v)]
    if pa.types.is_list(typ): return ["json", json.dumps(v), v]
    if pa.types.is_struct(typ): return ["json", json.dumps(v, separators=(",", ":"), ensure_ascii=False)]
    raise Exception("type %s" % typ)
rows = []
cols = [(f.type, back.column(f.name).to_pylist()) for f in back.schema]
for r in range(back.num_rows):
    rows.append([cell(typ, vals[r]) for typ, vals in cols])
json.dump({"names": back.schema.names, "groups": pq.ParquetFile(path).num_row_groups, "rows": rows}, sys.stdout)
"""#

/// Reads a Parquet file with pyarrow and prints its columns as JSON lists (floats as float32 values).
private let readBackScript = #"""
import sys, json
import pyarrow.parquet as pq
t = pq.read_table(sys.argv[1])
out = {"names": t.schema.names, "types": [str(f.type) for f in t.schema],
       "columns": [t.column(n).to_pylist() for n in t.schema.names]}
json.dump(out, sys.stdout, default=str)
"""#

private struct Expected {
    var names: [String]
    var groups: Int
    var rows: [[[Any]?]]
}

private func writeFixture(_ path: String) throws -> Expected {
    let data = try PyarrowOracle.run(writeFixtureScript, [path])
    let obj = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let names = try #require(obj["names"] as? [String])
    let groups = try #require(obj["groups"] as? Int)
    let rawRows = try #require(obj["rows"] as? [[Any]])
    let rows = rawRows.map { row in row.map { $0 as? [Any] } }
    return Expected(names: names, groups: groups, rows: rows)
}

private func numbers(_ json: String) -> [Double]? {
    guard let a = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [Any] else { return nil }
    return a.compactMap { ($0 as? NSNumber)?.doubleValue }
}

/// Checks one cell against pyarrow's expectation.
private func check(_ kind: CellKind, _ text: String?, _ expected: [Any]?, row: Int, column: String) {
    guard let expected else {
        #expect(kind == .null && text == nil, "row \(row) column \(column): expected null")
        return
    }
    let ekind = expected[0] as? String
    let etext = expected[1] as? String
    #expect("\(kind)" == ekind, "row \(row) column \(column): kind \(kind), pyarrow \(ekind ?? "?")")
    if expected.count > 2, expected[2] is NSNumber {
        // A double: the shortest round-trip text equals Python's repr (also shortest round-trip).
        // (Parsed from the text: Foundation's JSON number parsing is not exact.)
        #expect(text.flatMap(Double.init) == etext.flatMap(Double.init), "row \(row) column \(column): \(text ?? "nil")")
        #expect(text == etext, "row \(row) column \(column): text \(text ?? "nil") vs repr \(etext ?? "nil")")
    } else if expected.count > 2, let list = expected[2] as? [Any] {
        // list<float>: equal as float32 values.
        let got = text.flatMap(numbers) ?? []
        let want = list.compactMap { ($0 as? NSNumber)?.doubleValue }
        #expect(got.map(Float.init) == want.map(Float.init), "row \(row) column \(column): \(text ?? "nil")")
    } else {
        #expect(text == etext, "row \(row) column \(column): \(text ?? "nil") vs \(etext ?? "nil")")
    }
}

@Suite struct ParquetTableTests {
    @Test func readsPyarrowFileWithAndWithoutProjection() throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let path = folder.path + "/fixture.parquet"
        let expected = try writeFixture(path)
        #expect(expected.groups == 5)

        let scan = try Table.scan(path: path)
        #expect(scan.format == .parquet)
        #expect(scan.rowCount == expected.rows.count)
        #expect(scan.schema.names == expected.names)
        #expect(scan.schema.columns.map(\.type) == [.string, .int64, .double, .bool, .string, .string, .string, .floatList, .json])
        #expect(scan.bytes > 0)

        for batchRows in [3, 5, 4096] {
            let all = try readAll(path, batchRows: batchRows)
            #expect(all.rows.count == expected.rows.count)
            #expect(all.lineNumbers == Array(1...expected.rows.count))
            #expect(all.batchSizes.allSatisfy { $0 <= batchRows })
            var next = 0
            for (first, size) in zip(all.firstRowIndexes, all.batchSizes) {
                #expect(first == next)
                next += size
            }
            for (r, row) in all.rows.enumerated() {
                for (c, name) in expected.names.enumerated() {
                    check(all.kinds[r][c], row[c], expected.rows[r][c], row: r, column: name)
                }
            }
        }

        let picked: Set<String> = ["st", "s", "ts"]
        let some = try readAll(path, projection: picked, batchRows: 4)
        let indexes = expected.names.indices.filter { picked.contains(expected.names[$0]) }
        #expect(some.rows.count == expected.rows.count)
        for (r, row) in some.rows.enumerated() {
            #expect(row.count == indexes.count)
            for (k, c) in indexes.enumerated() {
                check(some.kinds[r][k], row[k], expected.rows[r][c], row: r, column: expected.names[c])
            }
        }

        // A projection naming nothing still counts every row.
        let none = try readAll(path, projection: [], batchRows: 7)
        #expect(none.rows.count == expected.rows.count)
    }

    @Test func writesEveryColumnTypeForPyarrow() throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let path = folder.path + "/out.parquet"
        let schema = TableSchema(columns: [
            TableColumn(name: "s", type: .string), TableColumn(name: "i", type: .int64),
            TableColumn(name: "d", type: .double), TableColumn(name: "b", type: .bool),
            TableColumn(name: "j", type: .json), TableColumn(name: "v", type: .floatList),
        ])
        var s = ColumnData(), i = ColumnData(), d = ColumnData(), b = ColumnData(), j = ColumnData(), v = ColumnData()
        s.appendString("héllo, \"world\"\n"); s.appendNull(); s.appendString("")
        i.append(kind: .number, text: "-9223372036854775808"); i.append(kind: .number, text: "42"); i.appendNull()
        d.append(kind: .number, text: "0.1"); d.appendNull(); d.append(kind: .number, text: "-1.5e300")
        b.append(kind: .bool, text: "true"); b.append(kind: .bool, text: "false"); b.appendNull()
        j.append(kind: .json, text: #"{"a":[1,2],"b":null}"#); j.appendNull(); j.append(kind: .json, text: "[true]")
        v.append(kind: .json, text: "[0.5, -1.25, 3e2]"); v.append(kind: .json, text: "[]"); v.appendNull()

        let sink = try Table.openSink(path: path, schema: schema)
        try sink.append(RowBatch(schema: schema, columns: [s, i, d, b, j, v]))
        #expect(!FileManager.default.fileExists(atPath: path), "nothing at the final path before finish")
        try sink.finish()
        #expect(folder.files == ["out.parquet"])

        let data = try PyarrowOracle.run(readBackScript, [path])
        let obj = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(obj["names"] as? [String] == ["s", "i", "d", "b", "j", "v"])
        #expect(obj["types"] as? [String] == ["string", "int64", "double", "bool", "string", "list<element: float not null>"]
                || obj["types"] as? [String] == ["string", "int64", "double", "bool", "extension<arrow.json>", "list<element: float not null>"]
                || obj["types"] as? [String] == ["string", "int64", "double", "bool", "json", "list<element: float not null>"])
        let columns = try #require(obj["columns"] as? [[Any]])
        #expect(columns[0][0] as? String == "héllo, \"world\"\n")
        #expect(columns[0][1] is NSNull)
        #expect(columns[0][2] as? String == "")
        #expect((columns[1][0] as? NSNumber)?.int64Value == Int64.min)
        #expect((columns[1][1] as? NSNumber)?.int64Value == 42)
        #expect(columns[1][2] is NSNull)
        #expect((columns[2][0] as? NSNumber)?.doubleValue == 0.1)
        #expect(columns[2][1] is NSNull)
        #expect((columns[2][2] as? NSNumber)?.doubleValue == -1.5e300)
        #expect((columns[3][0] as? NSNumber)?.boolValue == true)
        #expect((columns[3][1] as? NSNumber)?.boolValue == false)
        #expect(columns[3][2] is NSNull)
        #expect(columns[4][0] as? String == #"{"a":[1,2],"b":null}"#)
        #expect(columns[4][1] is NSNull)
        #expect(columns[4][2] as? String == "[true]")
        #expect((columns[5][0] as? [NSNumber])?.map(\.floatValue) == [0.5, -1.25, 300])
        #expect((columns[5][1] as? [Any])?.isEmpty == true)
        #expect(columns[5][2] is NSNull)

        // And it reads back through the source with the same schema.
        let scan = try Table.scan(path: path)
        #expect(scan.schema.names == schema.names)
        #expect(scan.schema.columns.map(\.type) == schema.columns.map(\.type))
        #expect(scan.rowCount == 3)
    }

    @Test func csvToParquetToCSVRoundTrip() throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let csv = "id,text,note\n1,\"a, b\",\n2,\"\",\"line\nbreak\"\n3,\"say \"\"hi\"\"\",é\n4,x y,plain\n"
        let input = folder.write("in.csv", csv)
        let middle = folder.path + "/mid.parquet"
        let output = folder.path + "/out.csv"
        for (from, to) in [(input, middle), (middle, output)] {
            let source = try Table.openSource(path: from, batchRows: 2)
            let sink = try Table.openSink(path: to, schema: source.schema)
            while let batch = try source.nextBatch() { try sink.append(batch) }
            try sink.finish()
        }
        #expect(readText(output) == csv)
    }

    @Test func abandonLeavesNothing() throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let schema = TableSchema(names: ["a"])
        let sink = try Table.openSink(path: folder.path + "/x.parquet", schema: schema)
        try sink.append(RowBatch(schema: schema, columns: [ColumnData(strings: ["1", nil])]))
        #expect(folder.files.count == 1)
        sink.abandon()
        #expect(folder.files.isEmpty)
    }

    @Test func errorsNameTheFile() throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let missing = folder.path + "/missing.parquet"
        let e1 = try #require(tableError { _ = try Table.openSource(path: missing) })
        #expect(e1.code == .fileNotFound)
        #expect(e1.file == missing)
        let junk = folder.write("junk.parquet", "id,text\n1,2\n")
        let e2 = try #require(tableError { _ = try Table.scan(path: junk) })
        #expect(e2.code == .invalidParquet)
        #expect(e2.file == junk)
        let e3 = try #require(tableError { _ = try Table.openSource(path: junk, projection: ["x"]) })
        #expect(e3.file == junk)
    }
}
