import Foundation
import QuarryTesting
import Testing

/// The scale check in small (`quarry-bench hub-e2e` is the full-size one): a SimpleCoT-shaped split of
/// seven Parquet files on the fake Hub, run by the `quarry` binary with `provider: bedrock` through
/// `quarry emulator` with instant jobs.
@Suite struct HubScaleTests {
    static let rows = 20_000
    static let files = 7

    @Test func sevenParquetFilesFromTheHubRunThroughTheHTTPEmulatorWithEveryRowOnceInBoundedMemory() throws {
        let counts = (0..<Self.files).map { Self.rows / Self.files + ($0 < Self.rows % Self.files ? 1 : 0) }
        let root = try FakeHub.makeDatasets(#"{"datasets": [{"repo": "acme/scale", "splits": {"default/train": \#(counts)}}]}"#)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let hub = try FakeHub.start(root: root)
        defer { hub.stop() }
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let emulator = try EmulatorProcess(data: dir.file("emulator"),
                                           flags: ["--job-seconds", "0", "--min-records-per-job", "100", "--max-records-per-job", "50000"])
        defer { emulator.stop() }
        try emulator.createBucket("scale")
        dir.write("spec.yaml", """
            name: scale
            input: {huggingface: acme/scale, split: train}
            model: anthropic.claude-3-haiku-20240307-v1:0
            template: "Answer the question below.\\n\\nQuestion: {source}"
            limits: {min_records_per_job: 100, max_records_per_job: 2500, max_concurrent_jobs: 20}
            provider: bedrock
            bedrock: {endpoint: "\(emulator.endpoint)", bucket: scale, role_arn: "arn:aws:iam::123456789012:role/Scale", region: us-east-1}
            output: out/scale.jsonl
            poll_seconds: 0.05
            """)
        var env = emulator.clientEnvironment
        for (k, v) in ["HF_ENDPOINT": hub.endpoint, "HF_HOME": dir.file("hf"), "HF_TOKEN": "", "HUGGING_FACE_HUB_TOKEN": "",
                       "HF_HUB_OFFLINE": "", "HF_HUB_CACHE": ""] { env[k] = v }
        let result = try QuarryBinary.run(["run", "spec.yaml", "--json"], in: dir.path, environment: env)
        #expect(result.status == 0, "stderr: \(result.stderr)")

        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "stdout: \(result.stdout)")
        #expect(report["rows"] as? Int == Self.rows)
        #expect(report["rows_ok"] as? Int == Self.rows)
        #expect(report["jobs"] as? Int == 8)
        let seconds = try #require(report["seconds"] as? [String: Double])
        #expect(Set(seconds.keys) == ["download", "check", "stage", "jobs", "assemble"])
        // The seven files came from the CDN, each once.
        let downloads = hub.requests().filter { $0.server == "cdn" && $0.method == "GET" }
        #expect(downloads.count == Self.files)
        #expect(Set(downloads.map(\.path)).count == Self.files)
        #expect(try emulator.jobNames().count == 8)

        // Every row of the seven files exactly once, in order, answered.
        let lines = try String(contentsOfFile: dir.file("out/scale.jsonl"), encoding: .utf8).split(separator: "\n")
        let rows = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(rows.count == Self.rows)
        #expect(rows.map { $0["id"] as? Int } == (0..<Self.rows).map { $0 })
        #expect(rows.map { $0["source"] as? String } == (0..<Self.rows).map { "acme/scale default/train row \($0)" })
        #expect(rows.allSatisfy { $0["status"] as? String == "ok" && ($0["response"] as? String)?.isEmpty == false })

        // Bounded memory: about 70 MB here in a debug build (release at 2.2 million rows: docs/benchmarks.md).
        #expect(result.peakRSSKilobytes > 0)
        #expect(result.peakRSSKilobytes < 150 * 1024, "peak RSS \(result.peakRSSKilobytes / 1024) MB")
    }
}
