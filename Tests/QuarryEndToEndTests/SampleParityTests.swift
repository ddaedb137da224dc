import Foundation
import QuarryTesting
import Testing

/// The AWS sample's ways of working: its Step Functions input document run as is with `--templates`,
/// provider settings from flags or the environment, and its output layout (one Parquet file per job
/// plus the list of their paths), read back by pyarrow.
@Suite(.serialized) struct SampleParityTests {
    static let templates = """
        joke_about_topic: "Tell me a joke about {topic} in less than 50 words."
        sentiment_classifier: "Classify the sentiment of: {input_text}"

        """

    /// A Step Functions input document in the sample's keys (with a local input in place of `s3_uri`).
    static func document(rows: Int, extra: String = "") -> String {
        """
        {
          "input": "topics.csv",
          "job_name_prefix": "joke-generation",
          "model_id": "anthropic.claude-3-5-haiku-20241022-v1:0",
          "prompt_id": "joke_about_topic",
          "max_records_per_job": 40,
          "limits": {"min_records_per_job": 10},
          "emulator": {"job_seconds": 0.2},
          "poll_seconds": 0.05\(extra)
        }
        """
    }

    /// Runs pyarrow over the per-job folder: each listed file's row count and topics, in list order.
    func readPerJob(_ folder: String) throws -> (files: [[String: Any]], topics: [String], statuses: Set<String>) {
        let python = ProcessInfo.processInfo.environment["QUARRY_TEST_PYTHON"] ?? QuarryBinary.packageRoot + "/.venv-test/bin/python"
        let script = """
            import json, sys, pyarrow.parquet as pq
            listed = json.load(open(sys.argv[1] + '/outputs.json'))
            topics, statuses = [], set()
            for entry in listed:
                t = pq.read_table(entry['output_path'])
                entry['actual_rows'] = t.num_rows
                topics += t.column('topic').to_pylist()
                statuses |= set(t.column('status').to_pylist())
            print(json.dumps({'files': listed, 'topics': topics, 'statuses': sorted(statuses)}))
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = ["-c", script, folder]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "pyarrow: \(errors)")
        let summary = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        return (summary["files"] as! [[String: Any]], summary["topics"] as! [String], Set(summary["statuses"] as! [String]))
    }

    @Test func theSampleDocumentRunsAsIsAndWritesOneParquetFilePerJob() throws {
        let dir = TemporaryDirectory("sample-parity")
        defer { dir.remove() }
        dir.write("topics.csv", Fixtures.topicsCSV(rows: 130))
        dir.write("prompt_templates.yaml", Self.templates)
        dir.write("input.json", Self.document(rows: 130, extra: ",\n  \"output_layout\": \"per_job\""))

        let result = try QuarryBinary.run(["run", "input.json", "--templates", "prompt_templates.yaml", "--json"], in: dir.path)
        #expect(result.status == 0, "stderr: \(result.stderr.suffix(2000))")
        // 130 rows at most 40 a job: four balanced jobs, each its own file, listed in input order.
        let folder = dir.file("out/joke-generation")
        let (files, topics, statuses) = try readPerJob(folder)
        #expect(files.map { $0["output_path"] as? String } == (0..<4).map { folder + "/000\($0).snappy.parquet" })
        #expect(files.map { $0["rows"] as? Int } == [33, 33, 32, 32])
        #expect(files.map { $0["actual_rows"] as? Int } == files.map { $0["rows"] as? Int })
        #expect(files.allSatisfy { ($0["job_name"] as? String)?.hasPrefix("joke-generation-") == true })
        #expect(topics == (0..<130).map { "topic \($0)" })
        #expect(statuses == ["ok"])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.contains(".partial") }
        #expect(leftovers.isEmpty)

        // A rerun finds the finished run and leaves the files as they are.
        let again = try QuarryBinary.run(["run", "input.json", "--templates", "prompt_templates.yaml"], in: dir.path)
        #expect(again.status == 0, "stderr: \(again.stderr.suffix(2000))")
        #expect(try readPerJob(folder).topics == topics)
    }

    @Test func aPerJobOutputGivenAsAFileIsRefusedBeforeAnythingRuns() throws {
        let dir = TemporaryDirectory("sample-parity-bad")
        defer { dir.remove() }
        dir.write("topics.csv", Fixtures.topicsCSV(rows: 20))
        dir.write("prompt_templates.yaml", Self.templates)
        dir.write("input.json", Self.document(rows: 20, extra: ",\n  \"output_layout\": \"per_job\",\n  \"output\": \"out/all.parquet\""))
        let result = try QuarryBinary.run(["run", "input.json", "--templates", "prompt_templates.yaml"], in: dir.path)
        #expect(result.status == 1)
        #expect(result.stderr.contains("output_layout: per_job"))
        #expect(!FileManager.default.fileExists(atPath: dir.file(".quarry")))
    }

    @Test func providerFlagsRunTheSampleDocumentOnBedrock() throws {
        let dir = TemporaryDirectory("sample-parity-bedrock")
        defer { dir.remove() }
        let emulator = try EmulatorProcess(data: dir.file("emulator"), flags: ["--job-seconds", "0.2", "--min-records-per-job", "10"])
        defer { emulator.stop() }
        try emulator.createBucket("sample-bucket")
        dir.write("topics.csv", Fixtures.topicsCSV(rows: 50))
        dir.write("prompt_templates.yaml", Self.templates)
        dir.write("input.json", Self.document(rows: 50))

        // The bucket and role come from the environment, the rest from flags; the output path from a flag.
        var environment = emulator.clientEnvironment
        environment["QUARRY_BEDROCK_BUCKET"] = "sample-bucket"
        environment["QUARRY_BEDROCK_ROLE_ARN"] = "arn:aws:iam::123456789012:role/BedrockBatch"
        let result = try QuarryBinary.run(["run", "input.json", "--templates", "prompt_templates.yaml", "--provider", "bedrock",
                                           "--endpoint", emulator.endpoint, "--region", "us-east-1", "--output", "answers.csv"],
                                          in: dir.path, environment: environment)
        #expect(result.status == 0, "stderr: \(result.stderr.suffix(2000))")
        let rows = try Fixtures.readTable(dir.file("answers.csv"))
        #expect(rows.map { $0["topic"] ?? nil } == (0..<50).map { "topic \($0)" })
        #expect(rows.allSatisfy { $0["status"] == "ok" })
        // The jobs ran in the HTTP emulator, under the run's name.
        let names = try emulator.jobNames()
        #expect(!names.isEmpty && names.allSatisfy { $0.hasPrefix("joke-generation-") })
        #expect(!FileManager.default.fileExists(atPath: dir.file(".quarry/emulator")))

        // Without the bucket anywhere, `--provider bedrock` says what is missing.
        dir.write("input2.json", Self.document(rows: 50).replacingOccurrences(of: "joke-generation", with: "joke-two"))
        let missing = try QuarryBinary.run(["run", "input2.json", "--templates", "prompt_templates.yaml", "--provider", "bedrock"],
                                           in: dir.path, environment: emulator.clientEnvironment)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("bedrock"), "stderr: \(missing.stderr)")
    }
}
