import Foundation
import QuarryTesting
import Testing

/// `quarry run` reading its input from S3 (`quarry emulator`'s S3, reached through the standard
/// `AWS_ENDPOINT_URL_S3`), with `provider: emulator`, as a user would; and the AWS sample's Step
/// Functions document with `s3_uri`, run as is.
@Suite struct S3InputEndToEndTests {
    static let bucket = "quarry-inputs"

    func environment(_ emulator: EmulatorProcess, home: String) -> [String: String] {
        var env = emulator.clientEnvironment
        env["AWS_ENDPOINT_URL_S3"] = emulator.endpoint
        env["AWS_REGION"] = "us-east-1"
        env["HOME"] = home
        return env
    }

    /// Puts an object straight into the emulator's store (it computes the ETag when asked).
    func put(_ emulator: EmulatorProcess, _ key: String, _ text: String) throws {
        let path = emulator.dataDirectory + "/objects/\(Self.bucket)/" + key
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test func aPrefixOfCSVObjectsRunsAndARerunFindsItFinished() throws {
        let dir = TemporaryDirectory("s3-e2e")
        defer { dir.remove() }
        let emulator = try EmulatorProcess(data: dir.file("emulator"))
        defer { emulator.stop() }
        try emulator.createBucket(Self.bucket)
        // Rows 0..<50 in part-0 and 50..<90 in part-1 (the multi-line notes stay within their rows).
        let csv = Fixtures.topicsCSV(rows: 90)
        let cut = csv.range(of: "topic 50,")!.lowerBound
        try put(emulator, "runs/in/part-1.csv", "topic,style,note\n" + csv[cut...])
        try put(emulator, "runs/in/part-0.csv", String(csv[..<cut]))
        try put(emulator, "runs/in/_SUCCESS", "")
        dir.write("spec.yaml", Fixtures.spec(input: "s3://\(Self.bucket)/runs/in/", min: 10, max: 40, jobSeconds: 0.2))
        let env = environment(emulator, home: dir.path)

        let result = try QuarryBinary.run(["run", "spec.yaml"], in: dir.path, environment: env)
        #expect(result.status == 0, "stderr: \(result.stderr.suffix(3000))")
        let rows = try Fixtures.readTable(dir.file("out/result.csv"))
        #expect(rows.map { $0["topic"] ?? nil } == (0..<90).map { "topic \($0)" })
        #expect(rows.allSatisfy { $0["status"] == "ok" && ($0["response"] ?? nil)?.contains("emulated") == true })
        #expect(!result.stderr.contains(EmulatorProcess.secretAccessKey) && !result.stdout.contains(EmulatorProcess.secretAccessKey))

        let again = try QuarryBinary.run(["run", "spec.yaml", "--json"], in: dir.path, environment: env)
        #expect(again.status == 0, "stderr: \(again.stderr.suffix(2000))")

        // A changed object under the prefix is a changed input: the finished run is not reused.
        try put(emulator, "runs/in/part-1.csv", "topic,style,note\ntopic 50,a pun,changed\n")
        let changed = try QuarryBinary.run(["run", "spec.yaml"], in: dir.path, environment: env)
        #expect(changed.status == 0, "stderr: \(changed.stderr.suffix(2000))")
        #expect(try Fixtures.readTable(dir.file("out/result.csv")).count == 51)
    }

    @Test func inspectReadsAnS3DatasetIntoTheCacheAndNamesItsLocation() throws {
        let dir = TemporaryDirectory("s3-inspect")
        defer { dir.remove() }
        let emulator = try EmulatorProcess(data: dir.file("emulator"))
        defer { emulator.stop() }
        try emulator.createBucket(Self.bucket)
        let csv = Fixtures.topicsCSV(rows: 30)
        let cut = csv.range(of: "topic 20,")!.lowerBound
        try put(emulator, "data/part-0.csv", String(csv[..<cut]))
        try put(emulator, "data/part-1.csv", "topic,style,note\n" + csv[cut...])
        let env = environment(emulator, home: dir.path)

        let shown = try QuarryBinary.run(["inspect", "s3://\(Self.bucket)/data/", "--rows", "2", "--json"], in: dir.path, environment: env)
        #expect(shown.status == 0, "stderr: \(shown.stderr.suffix(2000))")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        #expect(object["file"] as? String == "s3://\(Self.bucket)/data/")
        #expect(object["rows"] as? Int == 30)
        #expect((object["first_rows"] as? [[String: Any]])?.map { $0["topic"] as? String } == ["topic 0", "topic 1"])
        // Fetched into the state folder's input cache, where a run of the same input finds it.
        #expect(FileManager.default.fileExists(atPath: dir.file(".quarry/inputs")))
        #expect(!shown.stderr.contains(EmulatorProcess.secretAccessKey) && !shown.stdout.contains(EmulatorProcess.secretAccessKey))

        // A missing object is named as the user wrote it.
        let missing = try QuarryBinary.run(["inspect", "s3://\(Self.bucket)/data/nope.csv"], in: dir.path, environment: env)
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("s3://\(Self.bucket)/data/nope.csv"), "stderr: \(missing.stderr)")

        // `plan --state` fetches into that state folder's cache, as `run --state` reads it.
        dir.write("spec.yaml", Fixtures.spec(input: "s3://\(Self.bucket)/data/", min: 10, max: 40))
        let plan = try QuarryBinary.run(["plan", "spec.yaml", "--state", "elsewhere", "--json"], in: dir.path, environment: env)
        #expect(plan.status == 0, "stderr: \(plan.stderr.suffix(2000))")
        #expect(FileManager.default.fileExists(atPath: dir.file("elsewhere/inputs")))
    }

    @Test func theSamplesStepFunctionsDocumentWithS3UriRunsAsIs() throws {
        let dir = TemporaryDirectory("s3-sample")
        defer { dir.remove() }
        let emulator = try EmulatorProcess(data: dir.file("emulator"))
        defer { emulator.stop() }
        try emulator.createBucket(Self.bucket)
        try put(emulator, "inputs/jokes/topics.csv", "topic\n" + (0..<120).map { "topic \($0)\n" }.joined())
        dir.write("sample-input.json", """
            {"s3_uri": "s3://\(Self.bucket)/inputs/jokes/topics.csv", "job_name_prefix": "joke-generation",
             "model_id": "anthropic.claude-3-5-haiku-20241022-v1:0", "prompt_id": "joke_about_topic"}
            """)
        let templates = QuarryBinary.packageRoot + "/examples/aws-sample/prompt_templates.yaml"
        var env = environment(emulator, home: dir.path)
        env["QUARRY_PROVIDER"] = ""
        let result = try QuarryBinary.run(["run", "sample-input.json", "--templates", templates], in: dir.path, environment: env)
        #expect(result.status == 0, "stderr: \(result.stderr.suffix(3000))")
        let rows = try Fixtures.readTable(dir.file("out/joke-generation.parquet"))
        #expect(rows.map { $0["topic"] ?? nil } == (0..<120).map { "topic \($0)" })
        #expect(rows.allSatisfy { $0["status"] == "ok" })

        // A missing object is reported with its S3 name.
        dir.write("missing.json", """
            {"s3_uri": "s3://\(Self.bucket)/inputs/jokes/nope.csv", "job_name_prefix": "joke-generation",
             "model_id": "anthropic.claude-3-5-haiku-20241022-v1:0", "prompt_id": "joke_about_topic"}
            """)
        let missing = try QuarryBinary.run(["run", "missing.json", "--templates", templates], in: dir.path, environment: env)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("there is no object s3://\(Self.bucket)/inputs/jokes/nope.csv"), "\(missing.stderr)")
    }
}
