import Foundation
@testable import QuarryTable
import Testing

/// Writes a pyarrow file with one column of every type a user's dataset may hold (flat and
/// nested, with nulls), and prints each flat cell as Python's `str()` shows it.
private let typedFixtureScript = #"""
import sys, json, datetime, decimal, math
import pyarrow as pa, pyarrow.parquet as pq
path = sys.argv[1]
n = 13
utc = datetime.timezone.utc
def nul(i, k, v): return None if i % k == k - 1 else v
d = decimal.Decimal
cols = {
  "i8": pa.array([nul(i, 5, [-128, 127, 0, 7][i % 4]) for i in range(n)], pa.int8()),
  "i32": pa.array([nul(i, 6, -2**31 + i * 99991) for i in range(n)], pa.int32()),
  "i64": pa.array([nul(i, 7, [2**63 - 1, -2**63, 42][i % 3]) for i in range(n)], pa.int64()),
  "u16": pa.array([nul(i, 4, 65535 - i) for i in range(n)], pa.uint16()),
  "u64": pa.array([nul(i, 4, 2**64 - 1 - i) for i in range(n)], pa.uint64()),
  "f32": pa.array([nul(i, 5, [0.1, 1e-07, 3.4e38, 16777216.0, -2.5][i % 5]) for i in range(n)], pa.float32()),
  "f64": pa.array([nul(i, 8, [0.1, 1e-07, 1e16, 1.5, 100.0, -0.0, float("nan"), float("inf"), 123456789012345678.0, 5e-324][i % 10]) for i in range(n)], pa.float64()),
  "b": pa.array([nul(i, 4, i % 2 == 0) for i in range(n)], pa.bool_()),
  "s": pa.array([nul(i, 3, "héllo, \"w\"\n%d" % i) for i in range(n)], pa.string()),
  "bin": pa.array([nul(i, 4, [b"\xff\x00\x01", b"plain", b""][i % 3]) for i in range(n)], pa.binary()),
  "fixed": pa.array([nul(i, 4, bytes([i, 255 - i, 7])) for i in range(n)], pa.binary(3)),
  "dec": pa.array([nul(i, 5, d(i * 37 - 400).scaleb(-2)) for i in range(n)], pa.decimal128(9, 2)),
  "dec38": pa.array([nul(i, 5, d("-12345678901234567890.0123456789") * (i + 1)) for i in range(n)], pa.decimal128(38, 10)),
  "day": pa.array([nul(i, 6, datetime.date(1969, 12, 25) + datetime.timedelta(days=i * 4000)) for i in range(n)], pa.date32()),
  "t_ms": pa.array([nul(i, 5, datetime.time(i, 59, 58, (i % 2) * 250000)) for i in range(n)], pa.time32("ms")),
  "t_ns": pa.array([nul(i, 5, (i * 3600 + 1) * 10**9 + i * 7) for i in range(n)], pa.time64("ns")),
  "ts_utc": pa.array([nul(i, 6, datetime.datetime(2023, 11, 14, 22, 13, 20, tzinfo=utc) + datetime.timedelta(microseconds=i * 123457000 + (i % 3) * 7)) for i in range(n)], pa.timestamp("us", tz="UTC")),
  "ts_ms": pa.array([nul(i, 6, datetime.datetime(1960, 1, 1) + datetime.timedelta(milliseconds=i * 86400123)) for i in range(n)], pa.timestamp("ms")),
  "ts_ns": pa.array([nul(i, 6, 1700000000 * 10**9 + i * 1000000001) for i in range(n)], pa.timestamp("ns")),
  "li": pa.array([nul(i, 4, [j if j % 3 else None for j in range(i % 4)]) for i in range(n)], pa.list_(pa.int64())),
  "ls": pa.array([nul(i, 5, ["a\"%d" % j for j in range(i % 3)]) for i in range(n)], pa.list_(pa.string())),
  "lli": pa.array([nul(i, 5, [[i, None], [], None] if i % 2 else []) for i in range(n)], pa.list_(pa.list_(pa.int32()))),
  "st": pa.array([nul(i, 4, {"a": i, "b": None if i % 3 == 0 else "x%d" % i, "c": [0.5 * i, -1.0]}) for i in range(n)],
                 pa.struct([("a", pa.int32()), ("b", pa.string()), ("c", pa.list_(pa.float64()))])),
  "m": pa.array([nul(i, 4, [("k%d" % j, j * i) for j in range(i % 3)]) for i in range(n)], pa.map_(pa.string(), pa.int64())),
  "lst": pa.array([nul(i, 5, [{"x": datetime.date(2000, 1, 1 + j), "y": d("1.5") * j}]) for i, j in zip(range(n), range(n))],
                  pa.list_(pa.struct([("x", pa.date32()), ("y", pa.decimal128(5, 1))]))),
}
if len(sys.argv) > 2:   # one row group of many small pages
    pq.write_table(pa.table(cols), path, data_page_size=64, write_batch_size=2)
else:
    pq.write_table(pa.table(cols), path, row_group_size=5)
t = pq.read_table(path)
def text(typ, v):
    if v is None: return None
    if pa.types.is_boolean(typ): return "true" if v else "false"
    if pa.types.is_float32(typ): return None   # Python widens float32 to double; checked separately
    if pa.types.is_binary(typ) or pa.types.is_fixed_size_binary(typ):
        try: return v.decode("utf-8")
        except UnicodeDecodeError: return None  # a bytes cell, checked separately
    if pa.types.is_time64(typ) and typ.unit == "ns": return None  # Python's time has microseconds only
    if pa.types.is_timestamp(typ) and typ.unit == "ns": return None
    if pa.types.is_nested(typ): return None
    return str(v)
json.dump({"names": t.schema.names,
           "texts": [[text(f.type, v) for v in (t.column(f.name).to_pylist() if not pa.types.is_temporal(f.type) or f.type.bit_width != 64 or f.type.unit != "ns" else [None] * n)] for f in t.schema]}, sys.stdout)
"""#

/// Compares two Parquet files with pyarrow: the leaf schema (physical type, logical type, levels) and
/// every value of the first file's columns; prints the differences as JSON.
private let compareScript = #"""
import sys, json, math
import pyarrow as pa, pyarrow.parquet as pq
a, b = pq.ParquetFile(sys.argv[1]), pq.ParquetFile(sys.argv[2])
def leaves(f):
    return {c.path: (c.physical_type, str(c.logical_type), c.converted_type, c.max_definition_level, c.max_repetition_level, c.length, c.precision, c.scale)
            for c in f.schema}
la, lb = leaves(a), leaves(b)
problems = []
for p, v in la.items():
    if lb.get(p) != v: problems.append("leaf %s: %s vs %s" % (p, v, lb.get(p)))
ta, tb = a.read(), b.read()
def canon(v):
    if isinstance(v, float): return "nan" if math.isnan(v) else repr(v)
    if isinstance(v, list): return [canon(x) for x in v]
    if isinstance(v, tuple): return [canon(x) for x in v]
    if isinstance(v, dict): return {k: canon(x) for k, x in v.items()}
    return repr(v)
for name in ta.schema.names:
    if str(ta.schema.field(name).type) != str(tb.schema.field(name).type):
        problems.append("type %s: %s vs %s" % (name, ta.schema.field(name).type, tb.schema.field(name).type))
    ca, cb = ta.column(name), tb.column(name)
    if pa.types.is_temporal(ca.type) and not pa.types.is_date(ca.type):
        it = pa.int32() if ca.type.bit_width == 32 else pa.int64()
        ca, cb = ca.cast(it), cb.cast(it)   # nanoseconds do not fit Python's datetime
    if canon(ca.to_pylist()) != canon(cb.to_pylist()):
        problems.append("values %s: %s vs %s" % (name, ca.to_pylist(), cb.to_pylist()))
json.dump({"problems": problems, "extra": [n for n in tb.schema.names if n not in ta.schema.names], "rows": tb.num_rows}, sys.stdout)
"""#

private func copy(_ from: String, to: String, batchRows: Int, extra: [TableColumn] = []) throws {
    let source = try Table.openSource(path: from, batchRows: batchRows)
    let schema = TableSchema(columns: source.schema.columns + extra)
    let sink = try Table.openSink(path: to, schema: schema)
    while let batch = try source.nextBatch() {
        var columns = batch.columns
        for _ in extra { columns.append(ColumnData(strings: Array(repeating: "ok", count: batch.rowCount))) }
        try sink.append(RowBatch(schema: schema, columns: columns, firstRowIndex: batch.firstRowIndex))
    }
    try sink.finish()
}

@Suite struct TypedParquetTests {
    @Test func parquetCopyKeepsEveryTypeAndValue() throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let input = folder.path + "/typed.parquet"
        let paged = folder.path + "/paged.parquet"
        _ = try PyarrowOracle.run(typedFixtureScript, [input])
        _ = try PyarrowOracle.run(typedFixtureScript, [paged, "pages"])
        for (input, batchRows) in [(input, 2), (input, 4096), (paged, 3), (paged, 4096)] {
            let output = folder.path + "/copy-\(batchRows).parquet"
            try copy(input, to: output, batchRows: batchRows, extra: [TableColumn(name: "status")])
            let data = try PyarrowOracle.run(compareScript, [input, output])
            let obj = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let problems = obj["problems"] as? [String] ?? ["no answer"]
            #expect(problems.isEmpty, "batches of \(batchRows): \(problems.joined(separator: "\n"))")
            #expect(obj["extra"] as? [String] == ["status"])
            #expect(obj["rows"] as? Int == 13)
        }
    }

    @Test func cellsShowWhatPythonShows() throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let input = folder.path + "/typed.parquet"
        let data = try PyarrowOracle.run(typedFixtureScript, [input])
        let obj = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let names = try #require(obj["names"] as? [String])
        let texts = try #require(obj["texts"] as? [[Any]])
        let all = try readAll(input, batchRows: 4)
        var compared = 0
        for (c, name) in names.enumerated() {
            for (r, expected) in texts[c].enumerated() {
                guard let expected = expected as? String else { continue }
                #expect(all.rows[r][c] == expected, "row \(r) column \(name): \(all.rows[r][c] ?? "null") vs Python \(expected)")
                compared += 1
            }
        }
        #expect(compared > 100)
        let col = { (name: String) in names.firstIndex(of: name)! }
        // Python widens float32 to double (0.10000000149011612); cells keep the float's own digits.
        #expect(all.rows[0][col("f32")] == "0.1")
        #expect(all.rows[1][col("f32")] == "1e-07")
        #expect(all.kinds[6][col("f64")] == .string && all.rows[6][col("f64")] == "nan")
        #expect(all.rows[5][col("f64")] == "-0.0")
        #expect(all.kinds[0][col("dec")] == .number && all.rows[0][col("dec")] == "-4.00")
        #expect(all.rows[1][col("t_ns")] == "01:00:01.000000007")
        #expect(all.rows[0][col("ts_ns")] == "2023-11-14 22:13:20")
        #expect(all.rows[1][col("ts_ns")] == "2023-11-14 22:13:21.000000001")
        #expect(all.kinds[0][col("bin")] == .bytes && all.rows[0][col("bin")] == "/wAB")
        #expect(all.kinds[1][col("bin")] == .string && all.rows[1][col("bin")] == "plain")
        #expect(all.kinds[0][col("b")] == .bool)
        #expect(all.kinds[1][col("st")] == .json && all.rows[1][col("st")] == #"{"a":1,"b":"x1","c":[0.5,-1.0]}"#)
        #expect(all.rows[1][col("m")] == #"{"k0":0}"#)
        #expect(all.rows[2][col("lst")] == #"[{"x":"2000-01-03","y":3.0}]"#)
        #expect(all.kinds[3][col("i8")] == .number && all.rows[3][col("i8")] == "7")
    }

    @Test func textOutputsShowTypedValues() throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let input = folder.path + "/typed.parquet"
        _ = try PyarrowOracle.run(typedFixtureScript, [input])
        try copy(input, to: folder.path + "/out.jsonl", batchRows: 5)
        try copy(input, to: folder.path + "/out.csv", batchRows: 5)
        let lines = readText(folder.path + "/out.jsonl").split(separator: "\n")
        #expect(lines.count == 13)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(lines[0].contains(#""b":true,"#))
        #expect((first["i64"] as? NSNumber)?.int64Value == Int64.max)
        #expect(first["day"] as? String == "1969-12-25")
        #expect(first["ts_utc"] as? String == "2023-11-14 22:13:20+00:00")
        #expect(first["bin"] as? String == "/wAB")
        #expect((first["st"] as? [String: Any])?["a"] as? Int == 0)
        #expect((first["li"] as? [Any])?.isEmpty == true)
        let csv = readText(folder.path + "/out.csv")
        #expect(csv.hasPrefix("i8,i32,i64,u16,u64,f32,f64,b,s,bin,fixed,dec,dec38,day,t_ms,t_ns,ts_utc,ts_ms,ts_ns,li,ls,lli,st,m,lst\n"))
        #expect(csv.contains(",true,"))
        #expect(csv.contains(",1969-12-25,"))
        // A CSV copy reads back as text, and that text fits the typed columns again.
        let back = try readAll(folder.path + "/out.csv", batchRows: 100)
        #expect(back.rows.count == 13)
    }

    @Test func floatsFormatLikePython() {
        // Python: str(x) for each of these.
        let cases: [(Double, String)] = [
            (1.5, "1.5"), (0.1, "0.1"), (1e-07, "1e-07"), (1e16, "1e+16"), (1e15, "1000000000000000.0"),
            (100.0, "100.0"), (1e-05, "1e-05"), (0.0001, "0.0001"), (-0.0, "-0.0"), (.infinity, "inf"),
            (-.infinity, "-inf"), (.nan, "nan"), (1.7976931348623157e308, "1.7976931348623157e+308"),
            (123456789012345678.0, "1.2345678901234568e+17"), (2.5e15, "2500000000000000.0"),
        ]
        for (v, python) in cases { #expect(TypedCellText.double(v) == python) }
        #expect(TypedCellText.float(0.1) == "0.1")
        #expect(TypedCellText.float(16777216) == "16777216.0")
    }

    @Test func datesAndTimesFormatLikePython() {
        #expect(TypedCellText.date(days: 0) == "1970-01-01")
        #expect(TypedCellText.date(days: -1) == "1969-12-31")
        #expect(TypedCellText.date(days: 19_723) == "2024-01-01")
        #expect(TypedCellText.date(days: -719_162) == "0001-01-01")
        #expect(TypedCellText.time(3_723_000, perSecond: 1_000) == "01:02:03")
        #expect(TypedCellText.time(3_723_250, perSecond: 1_000) == "01:02:03.250000")
        #expect(TypedCellText.time(3_723_000_000_001, perSecond: 1_000_000_000) == "01:02:03.000000001")
        #expect(TypedCellText.timestamp(1_704_164_645_000_000, perSecond: 1_000_000, utc: false) == "2024-01-02 03:04:05")
        #expect(TypedCellText.timestamp(1_704_164_645_500_000, perSecond: 1_000_000, utc: true) == "2024-01-02 03:04:05.500000+00:00")
        #expect(TypedCellText.timestamp(-1, perSecond: 1_000, utc: false) == "1969-12-31 23:59:59.999000")
    }

    @Test func typedTextParsesBack() {
        for days: Int64 in [-719_162, -1, 0, 59, 19_723, 2_932_896] {
            #expect(TypedCellParser.date(Substring(TypedCellText.date(days: days))) == days)
        }
        #expect(TypedCellParser.date("2023-02-29") == nil)
        #expect(TypedCellParser.date("2023-2-28") == nil)
        for per: Int64 in [1_000, 1_000_000, 1_000_000_000] {
            for v: Int64 in [0, 1, -1, 1_704_164_645 * per + 7, -86_400 * per * 365 * 200 + 3] {
                for utc in [true, false] {
                    let text = TypedCellText.timestamp(v, perSecond: per, utc: utc)
                    #expect(TypedCellParser.timestamp(text, perSecond: per) == v, "\(text)")
                }
            }
        }
        #expect(TypedCellParser.timestamp("2023-11-14T22:13:20.123Z", perSecond: 1_000_000) == 1_700_000_000_123_000)
        #expect(TypedCellParser.timestamp("2023-11-14 22:13:20+02:00", perSecond: 1_000) == nil)
        #expect(TypedCellParser.time("23:59:59.999999999", perSecond: 1_000_000_000) == 86_399_999_999_999)
        #expect(TypedCellParser.time("23:59:59.1234", perSecond: 1_000) == nil)
        #expect(TypedCellParser.time("23:59:59.123000", perSecond: 1_000) == 86_399_123)
        #expect(TypedCellParser.floatingPoint("nan")?.isNaN == true)
        #expect(TypedCellParser.floatingPoint("-inf") == -.infinity)
        #expect(TypedCellParser.floatingPoint("1e-07") == 1e-07)
        #expect(TypedCellParser.floatingPoint("0x10") == nil || TypedCellParser.floatingPoint("0x10") == 16)
        #expect(Base64Text.decode("/wAB".utf8) == [0xFF, 0x00, 0x01])
        #expect(Base64Text.encode([0xFF, 0x00, 0x01, 0x02]) == "/wABAg==")
        #expect(Base64Text.decode(Base64Text.encode([0xFF, 0x00, 0x01, 0x02]).utf8) == [0xFF, 0x00, 0x01, 0x02])
        #expect(TypedCellParser.uuid(TypedCellText.uuid(Array(0..<16))) == Array(0..<16))
    }
}
