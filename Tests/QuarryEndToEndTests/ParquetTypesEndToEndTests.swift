import Foundation
import QuarryTesting
import Testing

/// Writes the typed input with pyarrow.
private let writeInput = #"""
import sys, datetime, decimal
import pyarrow as pa, pyarrow.parquet as pq
n = 24
utc = datetime.timezone.utc
def nul(i, v): return None if i % 5 == 4 else v
t = pa.table({
    "topic": pa.array(["topic%d" % i for i in range(n)], pa.string()),
    "n": pa.array([nul(i, i * 1000 - 7) for i in range(n)], pa.int32()),
    "big": pa.array([nul(i, 2**62 + i) for i in range(n)], pa.int64()),
    "f": pa.array([nul(i, [0.1, 1e-07, 1e16, 1.5, 100.0][i % 5]) for i in range(n)], pa.float64()),
    "dec": pa.array([nul(i, decimal.Decimal(i * 37 - 400).scaleb(-2)) for i in range(n)], pa.decimal128(9, 2)),
    "day": pa.array([nul(i, datetime.date(2024, 1, 1) + datetime.timedelta(days=i * 40)) for i in range(n)], pa.date32()),
    "b": pa.array([nul(i, i % 2 == 0) for i in range(n)], pa.bool_()),
    "tags": pa.array([nul(i, ["t%d" % j for j in range(i % 3)]) for i in range(n)], pa.list_(pa.string())),
    "st": pa.array([nul(i, {"a": i, "b": "x%d" % i}) for i in range(n)], pa.struct([("a", pa.int32()), ("b", pa.string())])),
    "m": pa.array([nul(i, [("k", i)]) for i in range(n)], pa.map_(pa.string(), pa.int64())),
    "ts": pa.array([nul(i, datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=utc) + datetime.timedelta(microseconds=i * 250000)) for i in range(n)],
                   pa.timestamp("us", tz="UTC")),
})
pq.write_table(t, sys.argv[1], row_group_size=7)
"""#

/// Checks the output against the input with pyarrow and prints the problems found as JSON.
private let checkOutput = #"""
import sys, json, math
import pyarrow as pa, pyarrow.parquet as pq
inp, out = pq.ParquetFile(sys.argv[1]), pq.ParquetFile(sys.argv[2])
problems = []
def leaves(f):
    return {c.path: (c.physical_type, str(c.logical_type), c.max_definition_level, c.max_repetition_level) for c in f.schema}
li, lo = leaves(inp), leaves(out)
for p, v in li.items():
    if lo.get(p) != v: problems.append("leaf %s: %s in the input, %s in the output" % (p, v, lo.get(p)))
ti, to = inp.read(), out.read()
names = ti.schema.names
extra = {"response": "string", "status": "string", "error": "string", "input_tokens": "int64",
         "output_tokens": "int64", "stop_reason": "string", "attempts": "int64"}
if to.schema.names != names + list(extra):
    problems.append("columns: %s" % to.schema.names)
for name, typ in extra.items():
    if name in to.schema.names and str(to.schema.field(name).type) != typ:
        problems.append("%s is %s" % (name, to.schema.field(name).type))
for name in names:
    if str(ti.schema.field(name).type) != str(to.schema.field(name).type):
        problems.append("type %s: %s vs %s" % (name, ti.schema.field(name).type, to.schema.field(name).type))
    if ti.column(name).to_pylist() != to.column(name).to_pylist():
        problems.append("values %s differ" % name)
rows = to.to_pylist()
if any(r["status"] != "ok" for r in rows): problems.append("status: %s" % sorted({r["status"] for r in rows}))
if any(not r["input_tokens"] for r in rows): problems.append("input_tokens missing")
# The prompt as Python shows each value (booleans True/False, lists and structs as JSON, null as
# nothing); the emulator's answer quotes the prompt's first eight words.
def show(v):
    if v is None: return ""
    if isinstance(v, bool): return str(v)
    if isinstance(v, (list, dict)): return json.dumps(v, separators=(",", ":"))
    return str(v)
for i, (src, got) in enumerate(zip(ti.to_pylist(), rows)):
    prompt = "|".join(show(src[k]) for k in ["topic", "n", "big", "f", "dec", "day", "b", "tags", "st", "ts"])
    opening = " ".join(prompt.split()[:8])
    if ('Re: "%s"' % opening) not in (got["response"] or ""):
        problems.append("row %d: prompt %r, response %r" % (i, prompt, got["response"]))
json.dump({"problems": problems, "rows": len(rows)}, sys.stdout)
"""#

/// A Parquet input with typed columns runs to a Parquet output (the default) that keeps every
/// input column's type and values, checked by pyarrow.
@Suite(.serialized) struct ParquetTypesEndToEndTests {
    private func python(_ script: String, _ arguments: [String]) throws -> Data {
        let python = ProcessInfo.processInfo.environment["QUARRY_TEST_PYTHON"] ?? QuarryBinary.packageRoot + "/.venv-test/bin/python"
        let (status, output) = try Subprocess.run(python, ["-c", script] + arguments)
        #expect(status == 0, "python failed (is pyarrow installed in \(python)?)")
        return output
    }

    @Test func typedParquetInputKeepsItsTypesInTheDefaultParquetOutput() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        _ = try python(writeInput, [dir.file("typed.parquet")])
        // No `output:`: the default is out/<name>.parquet.
        dir.write("spec.yaml", """
            name: typed
            input: typed.parquet
            model: anthropic.claude-3-5-haiku-20241022-v1:0
            template: "{topic}|{n}|{big}|{f}|{dec}|{day}|{b}|{tags}|{st}|{ts}"
            limits: {min_records_per_job: 5, max_records_per_job: 10, max_concurrent_jobs: 4}
            emulator: {job_seconds: 0.3}
            poll_seconds: 0.05

            """)
        let result = try QuarryBinary.run(["run", "spec.yaml"], in: dir.path)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.file("out/typed.parquet")))
        let data = try python(checkOutput, [dir.file("typed.parquet"), dir.file("out/typed.parquet")])
        let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(report["rows"] as? Int == 24)
        let problems = report["problems"] as? [String] ?? ["no report"]
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }
}
