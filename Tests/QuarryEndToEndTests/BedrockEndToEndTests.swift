import Foundation
import QuarryTesting
import Testing

/// `provider: bedrock` end to end: the real `quarry` binary against `quarry emulator` over HTTP
/// (S3 + Bedrock + Bedrock Runtime, SigV4 checked), with faults switched on.
@Suite(.serialized) struct BedrockEndToEndTests {
    static let rows = 150
    static let bucket = "quarry-batch"
    /// Every fault the emulator can inject, at rates the retries must ride through.
    static let faults = ["--job-seconds", "0.4", "--min-records-per-job", "10", "--throttle-rate", "0.08", "--s3-error-rate", "0.08",
                         "--drop-rate", "0.04", "--record-error-rate", "0.1", "--job-failure-rate", "0.25", "--max-concurrent-jobs", "2",
                         "--seed", "7"]

    static func spec(endpoint: String, bucket: String = bucket, extra: String = "") -> String {
        Fixtures.spec(min: 10, max: 30, concurrent: 4, extra: """
            provider: bedrock
            bedrock: {endpoint: "\(endpoint)", bucket: \(bucket), prefix: batch/, role_arn: "arn:aws:iam::123456789012:role/BedrockBatch", region: us-east-1, realtime_rate: 50}
            \(extra)
            """).replacingOccurrences(of: "emulator: {job_seconds: 0.3}\n", with: "")
    }

    func checkOutput(_ dir: TemporaryDirectory) throws {
        let rows = try Fixtures.readTable(dir.file("out/result.csv"))
        #expect(rows.count == Self.rows)
        #expect(rows.map { $0["topic"] ?? nil } == (0..<Self.rows).map { "topic \($0)" })
        #expect(rows.allSatisfy { $0["status"] == "ok" }, "\(rows.filter { $0["status"] != "ok" }.prefix(3))")
        #expect(rows.allSatisfy { ($0["response"] ?? nil)?.contains("emulated") == true })
    }

    @Test func aRunThroughTheHTTPEmulatorWithFaultsAnswersEveryRowOnce() throws {
        let dir = TemporaryDirectory("bedrock-e2e")
        defer { dir.remove() }
        let emulator = try EmulatorProcess(data: dir.file("emulator"), flags: Self.faults + ["--bucket", Self.bucket])
        defer { emulator.stop() }
        dir.write("data.csv", Fixtures.topicsCSV(rows: Self.rows))
        dir.write("spec.yaml", Self.spec(endpoint: emulator.endpoint))

        let result = try QuarryBinary.run(["run", "spec.yaml", "--verbose"], in: dir.path, environment: emulator.clientEnvironment)
        #expect(result.status == 0, "stderr: \(result.stderr.suffix(3000))")
        try checkOutput(dir)
        // The staged shards and the job outputs are in the emulator's S3, under the prefix.
        let objects = try FileManager.default.subpathsOfDirectory(atPath: dir.file("emulator/objects/\(Self.bucket)/batch/runs/test"))
        #expect(objects.contains { $0.hasSuffix("/input/shard-000001.jsonl") })
        #expect(objects.contains { $0.hasSuffix(".jsonl.out") })
        #expect(!objects.contains { $0.contains(".partial") })
        // The job quota was hit (2 allowed, 4 wanted) and waited out; no job was created twice.
        #expect(result.stderr.contains("concurrent-job quota reached"))
        // Throttling, S3 errors and dropped connections were met and retried by the AWS layer.
        #expect(result.stderr.contains("aws request retried"))
        let names = try emulator.jobNames()
        #expect(Set(names).count == names.count, "duplicate jobs: \(names)")
        #expect(!result.stderr.contains(EmulatorProcess.secretAccessKey) && !result.stdout.contains(EmulatorProcess.secretAccessKey))
        // Running it again finds the finished run.
        let again = try QuarryBinary.run(["run", "spec.yaml"], in: dir.path, environment: emulator.clientEnvironment)
        #expect(again.status == 0)
        #expect(try emulator.jobNames() == names)

        // The in-process shortcut (provider: emulator) gives the same answers for the same rows.
        dir.write("inproc.yaml", Fixtures.spec(output: "out/inproc.csv", min: 10, max: 30, concurrent: 4))
        let local = try QuarryBinary.run(["run", "inproc.yaml", "-q", "--state", dir.file(".quarry-inproc")], in: dir.path)
        #expect(local.status == 0, "stderr: \(local.stderr)")
        let viaHTTP = try Fixtures.readTable(dir.file("out/result.csv"))
        let inProcess = try Fixtures.readTable(dir.file("out/inproc.csv"))
        for column in ["topic", "response", "status", "input_tokens", "output_tokens", "stop_reason"] {
            #expect(viaHTTP.map { $0[column] ?? nil } == inProcess.map { $0[column] ?? nil }, "column \(column) differs")
        }
    }

    /// SIGKILL right after CreateModelInvocationJob answered, before the job was recorded: the rerun
    /// finds the job by listing the run's name prefix (or gets it back by its client token).
    @Test(arguments: ["submitting:2", "submitted:2"])
    func aCrashAroundJobCreationLeavesNoOrphanOrDuplicate(_ point: String) throws {
        let dir = TemporaryDirectory("bedrock-crash")
        defer { dir.remove() }
        let emulator = try EmulatorProcess(data: dir.file("emulator"), flags: ["--job-seconds", "0.4", "--min-records-per-job", "10"])
        defer { emulator.stop() }
        try emulator.createBucket(Self.bucket)
        dir.write("data.csv", Fixtures.topicsCSV(rows: Self.rows))
        dir.write("spec.yaml", Self.spec(endpoint: emulator.endpoint))
        var env = emulator.clientEnvironment
        env["QUARRY_CRASH_AT"] = point
        let crashed = try QuarryBinary.run(["run", "spec.yaml", "-q"], in: dir.path, environment: env)
        #expect(crashed.signaled && crashed.status == SIGKILL, "the run did not reach \(point): \(crashed.status) \(crashed.stderr)")
        let before = try emulator.jobNames()
        #expect(before.count == (point.hasPrefix("submitted") ? 2 : 1), "jobs created before the crash: \(before)")

        let resumed = try QuarryBinary.run(["run", "spec.yaml", "--json"], in: dir.path, environment: emulator.clientEnvironment)
        #expect(resumed.status == 0, "stderr: \(resumed.stderr.suffix(3000))")
        try checkOutput(dir)
        let names = try emulator.jobNames()
        #expect(Set(names).count == names.count, "duplicate jobs: \(names)")
        #expect(names.count == Self.rows / 30, "one job per shard: \(names)")
        #expect(Set(before).isSubset(of: Set(names)))
    }

    /// `quarry cancel SPEC` stops the run's Bedrock jobs (StopModelInvocationJob over HTTP) and the
    /// running `quarry run` notices and exits with 130.
    @Test func cancelStopsTheRunsJobsOnBedrock() throws {
        let dir = TemporaryDirectory("bedrock-cancel")
        defer { dir.remove() }
        let emulator = try EmulatorProcess(data: dir.file("emulator"), flags: ["--job-seconds", "60", "--min-records-per-job", "10", "--bucket", Self.bucket])
        defer { emulator.stop() }
        dir.write("data.csv", Fixtures.topicsCSV(rows: Self.rows))
        dir.write("spec.yaml", Self.spec(endpoint: emulator.endpoint))
        let logs = TemporaryDirectory("logs")
        defer { logs.remove() }
        let run = try QuarryBinary.start(["run", "spec.yaml", "-q"], in: dir.path, environment: emulator.clientEnvironment, logDirectory: logs.path)
        let deadline = Date().addingTimeInterval(30)
        while try emulator.jobNames().count < 2 && Date() < deadline && run.isRunning { usleep(50_000) }
        usleep(300_000)  // let the run record its submissions
        let cancel = try QuarryBinary.run(["cancel", "spec.yaml", "--json"], in: dir.path, environment: emulator.clientEnvironment)
        #expect(cancel.status == 0, "stderr: \(cancel.stderr)")
        let stopped = (try JSONSerialization.jsonObject(with: Data(cancel.stdout.utf8)) as? [String: Any])?["stopped_jobs"] as? Int ?? 0
        #expect(stopped >= 2, "\(cancel.stdout)")
        let end = Date().addingTimeInterval(20)
        while run.isRunning && Date() < end { usleep(50_000) }
        if run.isRunning { kill(run.processIdentifier, SIGKILL) }
        run.waitUntilExit()
        #expect(run.terminationStatus == 130)
        #expect(!cancel.stderr.contains(EmulatorProcess.secretAccessKey) && !cancel.stdout.contains(EmulatorProcess.secretAccessKey))
    }

    @Test func preflightNamesTheProblemBeforeAnythingIsStagedAndNeverPrintsSecrets() throws {
        let dir = TemporaryDirectory("bedrock-preflight")
        defer { dir.remove() }
        let emulator = try EmulatorProcess(data: dir.file("emulator"), flags: ["--job-seconds", "0.3", "--min-records-per-job", "10"])
        defer { emulator.stop() }
        try emulator.createBucket(Self.bucket)
        dir.write("data.csv", Fixtures.topicsCSV(rows: 20))

        // An unknown bucket.
        dir.write("spec.yaml", Self.spec(endpoint: emulator.endpoint, bucket: "no-such-bucket"))
        let missing = try QuarryBinary.run(["run", "spec.yaml"], in: dir.path, environment: emulator.clientEnvironment)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("the bucket `no-such-bucket` does not exist (bedrock.bucket)"), "\(missing.stderr)")

        // A wrong secret, then an unknown access key: S3 refuses the signature.
        dir.write("spec.yaml", Self.spec(endpoint: emulator.endpoint))
        var env = emulator.clientEnvironment
        env["AWS_SECRET_ACCESS_KEY"] = "wrong-secret-Zq9/also-never-printed"
        let badSecret = try QuarryBinary.run(["run", "spec.yaml"], in: dir.path, environment: env)
        #expect(badSecret.status == 1)
        #expect(badSecret.stderr.contains("S3 refused the credentials (SignatureDoesNotMatch)"), "\(badSecret.stderr)")
        env["AWS_ACCESS_KEY_ID"] = "AKIDUNKNOWN"
        let badKey = try QuarryBinary.run(["run", "spec.yaml"], in: dir.path, environment: env)
        #expect(badKey.stderr.contains("S3 refused the credentials (InvalidAccessKeyId)"), "\(badKey.stderr)")

        // No credentials at all.
        env["AWS_ACCESS_KEY_ID"] = ""
        env["AWS_SECRET_ACCESS_KEY"] = ""
        env["AWS_SHARED_CREDENTIALS_FILE"] = dir.file("none")
        env["AWS_CONFIG_FILE"] = dir.file("none")
        let none = try QuarryBinary.run(["run", "spec.yaml"], in: dir.path, environment: env)
        #expect(none.status == 1)
        #expect(none.stderr.contains("no usable AWS credentials"), "\(none.stderr)")

        for result in [missing, badSecret, badKey, none] {
            for secret in [EmulatorProcess.secretAccessKey, "wrong-secret-Zq9/also-never-printed", "Signature="] {
                #expect(!result.stderr.contains(secret) && !result.stdout.contains(secret))
            }
        }
        // Nothing was staged and no run was recorded: fixing the setting and running again starts cleanly.
        let staged = try FileManager.default.subpathsOfDirectory(atPath: dir.file("emulator/objects/\(Self.bucket)")).filter { $0.hasSuffix(".jsonl") }
        #expect(staged.isEmpty, "\(staged)")
        let status = try QuarryBinary.run(["status", "--json"], in: dir.path)
        #expect(status.status != 0 || status.stdout.contains("\"runs\":[]"), "a run was recorded: \(status.stdout)")
        let fixed = try QuarryBinary.run(["run", "spec.yaml", "-q"], in: dir.path, environment: emulator.clientEnvironment)
        #expect(fixed.status == 0, "stderr: \(fixed.stderr)")
    }
}
