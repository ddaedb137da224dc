import Foundation
import QuarryTesting
import Testing

/// `quarry` reading a Hugging Face dataset split from the fake Hub (`HF_ENDPOINT`), as a user would.
@Suite struct HubEndToEndTests {
    static let token = "hf_e2eToken0123456789"
    static let datasets = #"""
        {"datasets": [
          {"repo": "acme/simplecot", "options": {"drop_after": 2000}, "splits": {"default/train": [40, 25, 35, 20], "default/test": [3]}},
          {"repo": "acme/gated", "options": {"gated": true, "token": "hf_e2eToken0123456789"}, "splits": {"default/train": [3]}}
        ]}
        """#

    func environment(_ hub: FakeHub, home: String, extra: [String: String] = [:]) -> [String: String] {
        var env = ["HF_ENDPOINT": hub.endpoint, "HF_HOME": home, "HF_TOKEN": "", "HUGGING_FACE_HUB_TOKEN": "", "HF_HUB_OFFLINE": "", "HF_HUB_CACHE": ""]
        for (k, v) in extra { env[k] = v }
        return env
    }

    @Test func aMultiFileSplitRunsWithEveryRowOnceAndTheRerunResumesFromTheCacheEvenOffline() throws {
        let root = try FakeHub.makeDatasets(Self.datasets)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let hub = try FakeHub.start(root: root)
        defer { hub.stop() }
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        dir.write("spec.yaml", """
            name: cot
            input: {huggingface: acme/simplecot, split: train, config: default, revision: main}
            model: anthropic.claude-3-5-haiku-20241022-v1:0
            template: "Question: {source}\\nAnswer:"
            limits: {min_records_per_job: 10, max_records_per_job: 30}
            emulator: {job_seconds: 0.2, record_error_rate: 0.05}
            output: out/cot.jsonl
            """)
        let env = environment(hub, home: dir.file("hf"))
        let result = try QuarryBinary.run(["run", "spec.yaml"], in: dir.path, environment: env)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("acme/simplecot default/train at "))
        #expect(result.stderr.contains("4 Parquet files"))

        let lines = try String(contentsOfFile: dir.file("out/cot.jsonl"), encoding: .utf8).split(separator: "\n")
        let rows = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        // Every row of the four files exactly once, in order, each answered.
        #expect(rows.map { $0["id"] as? Int } == (0..<120).map { $0 })
        #expect(rows.map { $0["source"] as? String } == (0..<120).map { "acme/simplecot default/train row \($0)" })
        #expect(rows.allSatisfy { $0["status"] as? String == "ok" })
        #expect(rows.allSatisfy { ($0["response"] as? String)?.contains("emulated") == true })
        // Downloads were cut once per file and resumed.
        #expect(hub.requests().filter { $0.server == "cdn" && $0.range != nil }.count == 4)

        // Again: nothing downloaded, the finished run found (same identity), no new job.
        let jobs = try EmulatorJobs.names(state: dir.file(".quarry"))
        hub.clearLog()
        let again = try QuarryBinary.run(["run", "spec.yaml"], in: dir.path, environment: env)
        #expect(again.status == 0, "stderr: \(again.stderr)")
        #expect(again.stderr.contains("all cached"))
        #expect(!hub.requests().contains { $0.server == "cdn" })
        #expect(try EmulatorJobs.names(state: dir.file(".quarry")) == jobs)

        // Offline, from the cache alone: not one request.
        hub.clearLog()
        let offline = try QuarryBinary.run(["run", "spec.yaml"], in: dir.path, environment: environment(hub, home: dir.file("hf"), extra: ["HF_HUB_OFFLINE": "1"]))
        #expect(offline.status == 0, "stderr: \(offline.stderr)")
        #expect(hub.requests().isEmpty)
        #expect(try EmulatorJobs.names(state: dir.file(".quarry")) == jobs)
    }

    @Test func anInterruptedRunResumesOnItsCommitAfterTheDatasetMoved() throws {
        let root = try FakeHub.makeDatasets(#"{"datasets": [{"repo": "acme/moving", "splits": {"default/train": [30, 30]}}]}"#)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        dir.write("spec.yaml", """
            name: moving
            input: {huggingface: acme/moving}
            model: anthropic.claude-3-5-haiku-20241022-v1:0
            template: "{source}"
            limits: {min_records_per_job: 10, max_records_per_job: 20, max_concurrent_jobs: 1}
            emulator: {job_seconds: 0.2}
            output: out/moving.csv
            """)
        var hub = try FakeHub.start(root: root)
        let crashed = try QuarryBinary.run(["run", "spec.yaml", "-q"], in: dir.path,
                                           environment: environment(hub, home: dir.file("hf"), extra: ["QUARRY_CRASH_AT": "submitted:1"]))
        hub.stop()
        #expect(crashed.signaled, "stderr: \(crashed.stderr)")

        // The dataset gets a third file: refs/convert/parquet moves to a new commit.
        let train = root + "/acme/moving/files/default/train"
        try FileManager.default.copyItem(atPath: train + "/0000.parquet", toPath: train + "/0002.parquet")
        hub = try FakeHub.start(root: root)
        defer { hub.stop() }
        let resumed = try QuarryBinary.run(["run", "spec.yaml"], in: dir.path, environment: environment(hub, home: dir.file("hf")))
        #expect(resumed.status == 0, "stderr: \(resumed.stderr)")
        #expect(resumed.stderr.contains("resuming the unfinished run `moving` on commit"))
        #expect(try Fixtures.readTable(dir.file("out/moving.csv")).map { $0["id"] ?? nil } == (0..<60).map { "\($0)" })

        // Starting over reads the new commit.
        let fresh = try QuarryBinary.run(["run", "spec.yaml", "--new-run"], in: dir.path, environment: environment(hub, home: dir.file("hf")))
        #expect(fresh.status == 0, "stderr: \(fresh.stderr)")
        #expect(try Fixtures.readTable(dir.file("out/moving.csv")).count == 90)
    }

    @Test func theSamplesDatasetIdPlansAndAGatedDatasetSaysToSetHFToken() throws {
        let root = try FakeHub.makeDatasets(Self.datasets)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let hub = try FakeHub.start(root: root)
        defer { hub.stop() }
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        dir.write("templates.yaml", "cot: \"Question: {source}\"\n")
        dir.write("sample.json", """
            {"job_name_prefix": "sample", "dataset_id": "acme/simplecot", "split": "test",
             "model_id": "anthropic.claude-3-haiku-20240307-v1:0", "prompt_id": "cot", "max_num_jobs": 3, "max_records_per_job": 1000}
            """)
        let plan = try QuarryBinary.run(["plan", "sample.json", "--templates", "templates.yaml", "--json"], in: dir.path, environment: environment(hub, home: dir.file("hf")))
        #expect(plan.status == 0, "stderr: \(plan.stderr)")
        #expect(plan.stdout.contains("\"input_rows\":3"), "stdout: \(plan.stdout)")

        dir.write("gated.yaml", """
            name: gated
            input: {huggingface: acme/gated}
            model: anthropic.claude-3-haiku-20240307-v1:0
            template: "{source}"
            """)
        let denied = try QuarryBinary.run(["run", "gated.yaml"], in: dir.path, environment: environment(hub, home: dir.file("hf")))
        #expect(denied.status == 1)
        #expect(denied.stderr.contains("is gated"))
        #expect(denied.stderr.contains("set HF_TOKEN"))
        #expect(!FileManager.default.fileExists(atPath: dir.file(".quarry/quarry.sqlite")))
        let wrong = "hf_notTheRightOne999"
        let refused = try QuarryBinary.run(["run", "gated.yaml"], in: dir.path, environment: environment(hub, home: dir.file("hf"), extra: ["HF_TOKEN": wrong]))
        #expect(refused.status == 1)
        #expect(!refused.stderr.contains(wrong))
        let allowed = try QuarryBinary.run(["run", "gated.yaml"], in: dir.path, environment: environment(hub, home: dir.file("hf"), extra: ["HF_TOKEN": Self.token]))
        #expect(allowed.status == 0, "stderr: \(allowed.stderr)")
        #expect(!allowed.stderr.contains(Self.token))
        #expect(hub.requests().filter { $0.server == "cdn" }.allSatisfy { !$0.auth })
    }
}
