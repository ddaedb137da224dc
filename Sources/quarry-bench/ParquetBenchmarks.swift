import ArgumentParser
import Foundation
import QuarryTesting
import QuarryTable

#if canImport(Glibc)
import Glibc
#endif

/// `quarry-bench parquet`: Quarry's Parquet reading and writing (through `QuarryTable`, as a run
/// uses them) against pyarrow on the same file in the same run.
///
/// The SimpleCoT-shaped table is written by pyarrow with its defaults (snappy, dictionary, row
/// groups of up to 1,048,576 rows). Each Quarry measurement runs in its own child process, so its
/// peak RSS is its own; pyarrow runs single-threaded (`use_threads=False`). Rates are megabytes
/// (10^6 bytes) of uncompressed column data: the UTF-8 bytes of the values read or written.
struct ParquetBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parquet",
        abstract: "Read and write a pyarrow-written SimpleCoT Parquet file with Quarry and with pyarrow (single-threaded).")

    @Option(help: "Rows in the generated dataset.") var rows = 2_214_941
    @Option(help: "An existing Parquet file to measure instead of generating one.") var parquet: String?
    @Option(help: "Python with pyarrow (default: $QUARRY_TEST_PYTHON, then .venv-test/bin/python).") var python: String?
    @Option(help: "Runs of each measurement; the fastest counts.") var repeats = 2
    @Option(help: "Working folder (default: a new temporary folder).") var workdir: String?
    @Flag(help: "Keep the working folder.") var keep = false

    func run() throws {
        let python = try Self.findPython(python)
        let dir = workdir ?? NSTemporaryDirectory() + "quarry-bench-pq-\(UUID().uuidString.prefix(6))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { if !keep && workdir == nil { try? FileManager.default.removeItem(atPath: dir) } }

        let file: String
        if let parquet {
            file = parquet
        } else {
            file = dir + "/simplecot.parquet"
            if !FileManager.default.fileExists(atPath: file) {
                let csv = dir + "/simplecot.csv"
                print("generating \(rows) rows into \(csv) …")
                _ = try DatasetGenerator.write(rows: rows, to: csv)
                print("writing \(file) with pyarrow (snappy, dictionary, default row groups) …")
                _ = try Self.runPython(python, Self.convertScript, [csv, file])
                try? FileManager.default.removeItem(atPath: csv)
            }
        }
        let layout = try Self.runPython(python, Self.layoutScript, [file])
        print(String(decoding: layout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        print("load average before: \(Self.loadAverage())")

        var quarry: [String: [String: Double]] = [:]
        for phase in ["read-source", "read-all", "write"] {
            var best: [String: Double]?
            for _ in 0..<max(1, repeats) {
                let r = try QuarryBench.child(["parquet-phase", phase, file, "--output", dir + "/quarry-out.parquet"])
                if best == nil || r["seconds"]! < best!["seconds"]! { best = r }
            }
            quarry[phase] = best
            try? FileManager.default.removeItem(atPath: dir + "/quarry-out.parquet")
        }
        let pyData = try Self.runPython(python, Self.pyarrowScript, [file, dir + "/pyarrow-out.parquet", String(max(1, repeats))])
        try? FileManager.default.removeItem(atPath: dir + "/pyarrow-out.parquet")
        guard let pyarrow = try JSONSerialization.jsonObject(with: pyData) as? [String: [String: Double]] else {
            throw ValidationError("the pyarrow measurement printed no numbers")
        }
        print("load average after: \(Self.loadAverage())")

        print("\n(MB/s: megabytes of column data per wall-clock second; CPU s: the process's CPU time for the same work)")
        print("measurement        data MB   Quarry s   MB/s   CPU s   peak RSS   pyarrow s   MB/s   CPU s   Quarry/pyarrow wall  CPU")
        for phase in ["read-source", "read-all", "write"] {
            let q = quarry[phase] ?? [:], p = pyarrow[phase] ?? [:]
            let mb = (q["bytes"] ?? 0) / 1e6
            print(phase.padding(toLength: 17, withPad: " ", startingAt: 0)
                  + String(format: "%9.0f %10.2f %6.0f %7.2f %7.0f MB %11.2f %6.0f %7.2f %14.2f %6.2f",
                           mb, q["seconds"] ?? 0, mb / (q["seconds"] ?? 1), q["cpu_seconds"] ?? 0, (q["rss_kb"] ?? 0) / 1024,
                           p["seconds"] ?? 0, (p["bytes"] ?? 0) / 1e6 / (p["seconds"] ?? 1), p["cpu_seconds"] ?? 0,
                           (q["seconds"] ?? 0) / (p["seconds"] ?? 1), (q["cpu_seconds"] ?? 0) / (p["cpu_seconds"] ?? 1)))
        }
    }

    static func loadAverage() -> String {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
    }

    static func findPython(_ given: String?) throws -> String {
        var candidates: [String] = []
        if let given { candidates.append(given) }
        if let env = ProcessInfo.processInfo.environment["QUARRY_TEST_PYTHON"], !env.isEmpty { candidates.append(env) }
        candidates.append(FileManager.default.currentDirectoryPath + "/.venv-test/bin/python")
        for c in candidates where FileManager.default.isExecutableFile(atPath: c) { return c }
        throw ValidationError("no Python with pyarrow: pass --python, set QUARRY_TEST_PYTHON, or run `bash scripts/test.sh` once to create .venv-test")
    }

    @discardableResult
    static func runPython(_ python: String, _ script: String, _ arguments: [String]) throws -> Data {
        let (status, output) = try Subprocess.run(python, ["-c", script] + arguments)
        guard status == 0 else { throw ValidationError("python failed (status \(status))") }
        return output
    }

    /// CSV → Parquet with pyarrow's defaults, streaming the CSV but writing one table so that the
    /// row groups are pyarrow's default size.
    static let convertScript = #"""
    import sys, pyarrow as pa, pyarrow.csv as csv, pyarrow.parquet as pq
    names = ["source", "target", "rationale", "task", "type"]
    t = csv.read_csv(sys.argv[1], read_options=csv.ReadOptions(block_size=64 << 20),
                     parse_options=csv.ParseOptions(newlines_in_values=True),
                     convert_options=csv.ConvertOptions(column_types={n: pa.string() for n in names}))
    pq.write_table(t, sys.argv[2])
    """#

    static let layoutScript = #"""
    import sys, os, pyarrow.parquet as pq
    m = pq.ParquetFile(sys.argv[1]).metadata
    c = m.row_group(0).column(0)
    print("%s: %d rows, %d row groups (first: %d rows), %.2f GB on disk, %s, created by %s" % (
        sys.argv[1], m.num_rows, m.num_row_groups, m.row_group(0).num_rows, os.path.getsize(sys.argv[1]) / 1e9,
        c.compression, m.created_by))
    """#

    /// pyarrow on the same file: best of N runs of each measurement, single-threaded.
    static let pyarrowScript = #"""
    import sys, time, json, pyarrow as pa, pyarrow.parquet as pq, pyarrow.compute as pc
    path, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    def data_bytes(t):
        return sum(pc.sum(pc.binary_length(t.column(c))).as_py() or 0 for c in t.column_names)
    res = {}
    def best(name, f):
        times, cpu = [], []
        for _ in range(n):
            t0, c0 = time.perf_counter(), time.process_time()
            r = f()
            times.append(time.perf_counter() - t0); cpu.append(time.process_time() - c0)
        res[name] = {"seconds": min(times), "cpu_seconds": min(cpu)}
        return r
    t = best("read-source", lambda: pq.read_table(path, columns=["source"], use_threads=False))
    res["read-source"]["bytes"] = data_bytes(t)
    del t
    t = best("read-all", lambda: pq.read_table(path, use_threads=False))
    res["read-all"]["bytes"] = data_bytes(t)
    best("write", lambda: pq.write_table(t, out))
    res["write"]["bytes"] = res["read-all"]["bytes"]
    json.dump(res, sys.stdout)
    """#
}

/// One Quarry measurement (run by `quarry-bench parquet` in a child process); prints JSON.
struct ParquetPhase: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "parquet-phase",
                                                    abstract: "Run one Parquet measurement and print its numbers as JSON (used by `parquet`).")
    @Argument var name: String
    @Argument var file: String
    @Option var output: String

    func run() throws {
        var out: [String: Double] = [:]
        let wallStart = Date()
        let cpuStart = Self.cpuSeconds()
        var timed = 0.0
        var timedCPU = 0.0
        var bytes = 0
        var rows = 0
        switch name {
        case "read-source", "read-all":
            let source = try Table.openSource(path: file, projection: name == "read-source" ? ["source"] : nil)
            while let batch = try source.nextBatch() {
                rows += batch.rowCount
                for c in batch.columns { bytes += c.bytes.count }
            }
            timed = Date().timeIntervalSince(wallStart)
            timedCPU = Self.cpuSeconds() - cpuStart
        case "write":
            // Only the time spent in the sink counts; reading the input is measured above.
            let source = try Table.openSource(path: file)
            let sink = try Table.openSink(path: output, schema: source.schema)
            while let batch = try source.nextBatch() {
                rows += batch.rowCount
                for c in batch.columns { bytes += c.bytes.count }
                let t0 = Date(), c0 = Self.cpuSeconds()
                try sink.append(batch)
                timed += Date().timeIntervalSince(t0)
                timedCPU += Self.cpuSeconds() - c0
            }
            let t0 = Date(), c0 = Self.cpuSeconds()
            try sink.finish()
            timed += Date().timeIntervalSince(t0)
            timedCPU += Self.cpuSeconds() - c0
        default:
            throw ValidationError("unknown phase \(name)")
        }
        out["seconds"] = timed
        out["cpu_seconds"] = timedCPU
        out["bytes"] = Double(bytes)
        out["rows"] = Double(rows)
        out["rss_kb"] = Double(PeakMemory.kilobytes())
        let data = try JSONSerialization.data(withJSONObject: out, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(Int32(truncatingIfNeeded: RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }
}
