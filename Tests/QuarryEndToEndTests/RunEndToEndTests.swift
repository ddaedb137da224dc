import Foundation
import QuarryTesting
import Testing

/// Drives the real `quarry` binary on real files, as a user would.
@Suite(.serialized) struct RunEndToEndTests {
    @Test func runWritesEveryRowOnceInInputOrderAndResumeIsANoOp() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        dir.write("data.csv", Fixtures.topicsCSV(rows: 130))
        dir.write("spec.yaml", Fixtures.spec(emulator: "record_error_rate: 0.1, throttle_rate: 0.1"))

        let result = try QuarryBinary.run(["run", "spec.yaml", "--json"], in: dir.path)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let rows = try Fixtures.readTable(dir.file("out/result.csv"))
        #expect(rows.count == 130)
        #expect(rows.map { $0["topic"] ?? nil } == (0..<130).map { "topic \($0)" })
        #expect(rows.allSatisfy { $0["status"] == "ok" })
        #expect(rows.allSatisfy { ($0["response"] ?? nil)?.contains("emulated") == true })
        // Multi-line, quoted input cells survive the round trip.
        #expect(rows[0]["note"] == "line one\nline \"two\", with comma")
        #expect(result.stdout.contains("\"rows_ok\":130"))

        // Running it again finds the finished run: nothing new is submitted.
        let jobsBefore = try EmulatorJobs.names(state: dir.file(".quarry"))
        let again = try QuarryBinary.run(["run", "spec.yaml"], in: dir.path)
        #expect(again.status == 0)
        #expect(try EmulatorJobs.names(state: dir.file(".quarry")) == jobsBefore)
    }

    @Test func permanentFailuresEndWithTheirOwnExitCodeAndReasons() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        dir.write("data.csv", Fixtures.topicsCSV(rows: 60))
        dir.write("spec.yaml", Fixtures.spec(emulator: "permanent_error_rate: 0.2"))
        let result = try QuarryBinary.run(["run", "spec.yaml"], in: dir.path)
        #expect(result.status == 3, "stderr: \(result.stderr)")
        let rows = try Fixtures.readTable(dir.file("out/result.csv"))
        #expect(rows.count == 60)
        let failed = rows.filter { $0["status"] == "failed" }
        #expect(!failed.isEmpty)
        #expect(failed.allSatisfy { ($0["error"] ?? nil)?.contains("400") == true })
        // Permanent errors are not retried.
        #expect(failed.allSatisfy { $0["attempts"] == "1" })
    }

    @Test func embeddingsFromJSONLKeepTypesAndVectors() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        dir.write("texts.jsonl", Fixtures.textsJSONL(rows: 45))
        dir.write("spec.yaml", Fixtures.spec(input: "texts.jsonl", output: "out/vectors.jsonl", model: "us.amazon.titan-embed-text-v2:0",
                                             template: nil, extra: "params: {dimensions: 256}\n"))
        let result = try QuarryBinary.run(["run", "spec.yaml"], in: dir.path)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let lines = try String(contentsOfFile: dir.file("out/vectors.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 45)
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as! [String: Any]
        #expect(first["n"] as? Int == 0)
        #expect((first["tags"] as? [Any])?.count == 2)
        let vector = first["embedding"] as! [Double]
        #expect(vector.count == 256)
        #expect(abs(vector.reduce(0) { $0 + $1 * $1 } - 1) < 1e-3)
    }

    @Test func parquetOutputIsReadByPyarrow() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        dir.write("texts.jsonl", Fixtures.textsJSONL(rows: 30))
        dir.write("spec.yaml", Fixtures.spec(input: "texts.jsonl", output: "out/vectors.parquet", model: "amazon.titan-embed-text-v2:0",
                                             template: nil, extra: "params: {dimensions: 256}\n"))
        let result = try QuarryBinary.run(["run", "spec.yaml"], in: dir.path)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let python = ProcessInfo.processInfo.environment["QUARRY_TEST_PYTHON"] ?? QuarryBinary.packageRoot + "/.venv-test/bin/python"
        let script = "import pyarrow.parquet as pq, json, sys; t = pq.read_table(sys.argv[1]); d = t.to_pylist(); m = pq.read_metadata(sys.argv[1]).metadata; print(json.dumps({'rows': t.num_rows, 'n': [r['n'] for r in d], 'dims': sorted({len(r['embedding']) for r in d}), 'status': sorted({r['status'] for r in d}), 'type': str(t.schema.field('embedding').type), 'meta': {k.decode(): v.decode() for k, v in m.items() if k.startswith(b'quarry.')}}))"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = ["-c", script, dir.file("out/vectors.parquet")]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "pyarrow could not read the output (is pyarrow installed in \(python)?)")
        let summary = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        #expect(summary["rows"] as? Int == 30)
        #expect(summary["n"] as? [Int] == Array(0..<30))
        #expect(summary["dims"] as? [Int] == [256])
        #expect(summary["status"] as? [String] == ["ok"])
        #expect((summary["type"] as? String)?.contains("list<") == true)
        // The footer records which run wrote the file.
        let meta = summary["meta"] as? [String: String] ?? [:]
        #expect(meta["quarry.run_name"] == "test")
        #expect(meta["quarry.model"] == "amazon.titan-embed-text-v2:0")
        #expect(meta["quarry.spec_hash"]?.count == 64)
        #expect(meta["quarry.run_id"]?.count == 12)

        let inspect = try QuarryBinary.run(["inspect", "out/vectors.parquet", "--rows", "1"], in: dir.path)
        #expect(inspect.status == 0, "stderr: \(inspect.stderr)")
        #expect(inspect.stdout.contains("30 rows"))
        #expect(inspect.stdout.contains("row groups: 1"))
        #expect(inspect.stdout.contains("embedding.list.element: SNAPPY"))
    }

    @Test func planPrintsBalancedJobsAndSubmitsNothing() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        dir.write("data.csv", Fixtures.topicsCSV(rows: 101))
        dir.write("spec.yaml", Fixtures.spec(min: 10, max: 40))
        let result = try QuarryBinary.run(["plan", "spec.yaml", "--json"], in: dir.path)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let plan = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        let jobs = plan["jobs"] as! [[String: Any]]
        #expect(jobs.map { $0["records"] as! Int } == [34, 34, 33])
        #expect(jobs.allSatisfy { ($0["bytes"] as! Int) > 0 })
        #expect(!FileManager.default.fileExists(atPath: dir.file(".quarry")))
        #expect(!FileManager.default.fileExists(atPath: dir.file("out")))
    }

    @Test func statusListsRunsAndJobs() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        dir.write("data.csv", Fixtures.topicsCSV(rows: 50))
        dir.write("spec.yaml", Fixtures.spec())
        #expect(try QuarryBinary.run(["run", "spec.yaml", "--quiet"], in: dir.path).status == 0)
        let list = try QuarryBinary.run(["status", "--json"], in: dir.path)
        #expect(list.status == 0, "stderr: \(list.stderr)")
        let runs = (try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as! [String: Any])["runs"] as! [[String: Any]]
        #expect(runs.count == 1)
        #expect(runs[0]["status"] as? String == "completed")
        let detail = try QuarryBinary.run(["status", "test", "--json"], in: dir.path)
        let jobs = (try JSONSerialization.jsonObject(with: Data(detail.stdout.utf8)) as! [String: Any])["jobs"] as! [[String: Any]]
        #expect(jobs.count == 2)
        #expect(jobs.allSatisfy { $0["provider_status"] as? String == "Completed" && $0["state"] as? String == "harvested" })
        let text = try QuarryBinary.run(["status"], in: dir.path)
        #expect(text.stdout.contains("completed"))
    }

    @Test func cancelStopsJobsAndRunResumes() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        dir.write("data.csv", Fixtures.topicsCSV(rows: 80))
        dir.write("spec.yaml", Fixtures.spec(jobSeconds: 30))
        let logs = TemporaryDirectory("logs")
        defer { logs.remove() }
        let running = try QuarryBinary.start(["run", "spec.yaml"], in: dir.path, logDirectory: logs.path)
        // Wait until the jobs are submitted.
        let deadline = Date().addingTimeInterval(30)
        while (try? EmulatorJobs.names(state: dir.file(".quarry")).count) ?? 0 < 2 && Date() < deadline { usleep(50_000) }
        let cancel = try QuarryBinary.run(["cancel", "spec.yaml"], in: dir.path)
        #expect(cancel.status == 0, "stderr: \(cancel.stderr)")
        #expect(cancel.stdout.contains("asked 2 job(s) to stop"))
        running.waitUntilExit()
        #expect(running.terminationStatus == 130)
        #expect(!FileManager.default.fileExists(atPath: dir.file("out/result.csv")))
        // Resume with fast jobs: stopped jobs' records are retried, every row ends once.
        dir.write("spec.yaml", Fixtures.spec(jobSeconds: 30).replacingOccurrences(of: "job_seconds: 30.0", with: "job_seconds: 0.3"))
        let resumed = try QuarryBinary.run(["run", "spec.yaml"], in: dir.path)
        #expect(resumed.status == 0, "stderr: \(resumed.stderr)")
        let rows = try Fixtures.readTable(dir.file("out/result.csv"))
        #expect(rows.count == 80)
        #expect(rows.allSatisfy { $0["status"] == "ok" })
    }
}
