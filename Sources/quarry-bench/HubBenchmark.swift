import ArgumentParser
import Foundation
import QuarryTesting

#if canImport(Glibc)
import Glibc
#endif

/// `quarry-bench hub-e2e`: the scale check of a whole run as a user makes it. The SimpleCoT-shaped
/// dataset is written as seven Parquet files (Quarry's writer, Snappy) in the fake Hugging Face Hub's
/// layout (`refs/convert/parquet`, `default/train/0000.parquet`…); the fake Hub
/// (`scripts/fake_hub.py`) and `quarry emulator` (instant jobs, 100–50,000 records a job) run as
/// child processes; the release `quarry run --json` reads the split through `HF_ENDPOINT` into a
/// fresh `HF_HOME` and runs it with `provider: bedrock` against the emulator. Prints the phases quarry
/// reports (download, check, stage, jobs — which includes harvesting —, assemble), the wall time and
/// quarry's peak RSS (VmHWM, sampled every 50 ms from /proc while it runs), with the largest RSS seen
/// in each phase's time window.
struct HubEndToEnd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hub-e2e",
        abstract: "A whole `quarry run` of a Hub dataset (fake Hub, 7 Parquet files) through `quarry emulator`: phases and peak RSS.")

    @Option(help: "Rows in the generated dataset.") var rows = 2_214_941
    @Option(help: "Parquet files in the split.") var files = 7
    @Option(help: "Working folder (default: a new temporary folder). An existing dataset of the same size there is reused.") var workdir: String?
    @Option(help: "The quarry executable (default: `quarry` beside this one).") var quarry: String?
    @Option(help: "The output file (its extension sets the format).") var output = "out/simplecot.parquet"
    @Flag(help: "Keep the working folder.") var keep = false

    func run() throws {
        let me = CommandLine.arguments[0]
        let quarry = quarry ?? URL(fileURLWithPath: me.hasPrefix("/") ? me : FileManager.default.currentDirectoryPath + "/" + me)
            .deletingLastPathComponent().appendingPathComponent("quarry").path
        guard FileManager.default.isExecutableFile(atPath: quarry) else { throw ValidationError("no quarry executable at \(quarry) (--quarry)") }
        let dir = workdir ?? NSTemporaryDirectory() + "quarry-bench-hub-\(UUID().uuidString.prefix(6))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { if !keep && workdir == nil { try? FileManager.default.removeItem(atPath: dir) } }

        // The dataset, in the fake Hub's layout.
        let root = dir + "/hub"
        let train = root + "/acme/simplecot/files/default/train"
        let stamp = dir + "/hub/generated-\(rows)-\(files)"
        if !FileManager.default.fileExists(atPath: stamp) {
            try? FileManager.default.removeItem(atPath: root)
            try FileManager.default.createDirectory(atPath: train, withIntermediateDirectories: true)
            try Data("{}".utf8).write(to: URL(fileURLWithPath: root + "/acme/simplecot/dataset.json"))
            print("generating \(rows) rows as \(files) Parquet files in \(train) …")
            let t0 = Date()
            let bytes = try DatasetGenerator.writeParquet(rows: rows, files: files, folder: train)
            print(String(format: "  %.2f GB in %.1f s", Double(bytes) / 1e9, Date().timeIntervalSince(t0)))
            _ = FileManager.default.createFile(atPath: stamp, contents: nil)
        } else {
            print("reusing the dataset in \(train)")
        }

        print("starting the fake Hub (it hashes every file first) and quarry emulator …")
        let hub = try FakeHub.start(root: root)
        defer { hub.stop() }
        try? FileManager.default.removeItem(atPath: dir + "/emulator")
        let emulator = try EmulatorProcess(data: dir + "/emulator", flags: ["--job-seconds", "0", "--min-records-per-job", "100", "--max-records-per-job", "50000"],
                                           executable: quarry)
        defer { emulator.stop() }
        try emulator.createBucket("bench")

        // A fresh run: new HF cache, state and output.
        let run = dir + "/run"
        try? FileManager.default.removeItem(atPath: run)
        try FileManager.default.createDirectory(atPath: run, withIntermediateDirectories: true)
        let spec = """
            name: hub-scale
            input: {huggingface: acme/simplecot, split: train}
            model: anthropic.claude-3-haiku-20240307-v1:0
            template: "Answer the question below. Think step by step, then give the answer.\\n\\nQuestion: {source}"
            params: {max_tokens: 512}
            limits: {min_records_per_job: 100, max_records_per_job: 50000, max_concurrent_jobs: 20}
            provider: bedrock
            bedrock: {endpoint: "\(emulator.endpoint)", bucket: bench, role_arn: "arn:aws:iam::123456789012:role/Bench", region: us-east-1}
            output: \(output)
            poll_seconds: 0.2

            """
        try spec.write(toFile: run + "/spec.yaml", atomically: true, encoding: .utf8)
        let env = emulator.clientEnvironment.merging(["HF_ENDPOINT": hub.endpoint, "HF_HOME": run + "/hf", "HF_TOKEN": "", "HUGGING_FACE_HUB_TOKEN": "",
                                                      "HF_HUB_OFFLINE": "", "HF_HUB_CACHE": ""]) { $1 }
        let loadBefore = ParquetBench.loadAverage()
        print("running quarry (load average \(loadBefore)) …")
        let started = Date()
        let p = try QuarryBinary.start(["run", "spec.yaml", "--json"], in: run, environment: env, logDirectory: run, executable: quarry)
        var samples: [(t: Double, rss: Int)] = []
        var peak = 0
        while p.isRunning {
            let status = ProcStatus(pid: p.processIdentifier)
            if let hwm = status.kilobytes("VmHWM") { peak = max(peak, hwm) }
            if let rss = status.kilobytes("VmRSS") { samples.append((Date().timeIntervalSince(started), rss)) }
            usleep(50_000)
        }
        p.waitUntilExit()
        let wall = Date().timeIntervalSince(started)
        let loadAfter = ParquetBench.loadAverage()
        let stdout = (try? String(contentsOfFile: run + "/stdout.txt", encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOfFile: run + "/stderr.txt", encoding: .utf8)) ?? ""
        guard p.terminationStatus == 0,
              let report = try? JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any],
              let seconds = report["seconds"] as? [String: Double] else {
            throw ValidationError("quarry run failed (status \(p.terminationStatus)):\n\(stderr.suffix(4000))\n\(stdout.suffix(2000))")
        }
        let emulatorPeak = ProcStatus(pid: emulator.pid).kilobytes("VmHWM") ?? 0

        // Phases in the order they run (staging runs inside the jobs phase).
        let order = ["download", "check", "jobs", "assemble"]
        var windows: [(String, Double, Double)] = []
        var t = 0.0
        for name in order {
            let s = seconds[name] ?? 0
            windows.append((name, t, t + s))
            t += s
        }
        print("\nrows \(report["rows"] ?? "?"), ok \(report["rows_ok"] ?? "?"), failed \(report["rows_failed"] ?? "?"), jobs \(report["jobs"] ?? "?")")
        print("load average before \(loadBefore), after \(loadAfter)")
        print("\nphase        seconds   largest RSS seen in its window")
        for name in ["download", "check", "stage", "jobs", "assemble"] {
            var line = name.padding(toLength: 10, withPad: " ", startingAt: 0) + String(format: "%9.2f", seconds[name] ?? 0)
            if let w = windows.first(where: { $0.0 == name }) {
                let inWindow = samples.filter { $0.t >= w.1 && $0.t <= w.2 + 0.05 }.map(\.rss).max() ?? 0
                line += String(format: "   %6.0f MB", Double(inWindow) / 1024)
            } else {
                line += "   (inside jobs)"
            }
            print(line)
        }
        print(String(format: "total     %9.2f   (wall time of `quarry run`; phases sum to %.2f)", wall, t))
        print(String(format: "peak RSS of quarry: %.0f MB (VmHWM); quarry emulator: %.0f MB", Double(peak) / 1024, Double(emulatorPeak) / 1024))
        var out: [String: Double] = ["wall_seconds": wall, "rss_kb": Double(peak), "emulator_rss_kb": Double(emulatorPeak)]
        for (k, v) in seconds { out[k + "_seconds"] = v }
        if let r = report["rows_ok"] as? Int { out["rows_ok"] = Double(r) }
        print(String(decoding: try JSONSerialization.data(withJSONObject: out, options: [.sortedKeys]), as: UTF8.self))
        guard (report["rows_ok"] as? Int) == rows else { throw ValidationError("expected \(rows) rows ok") }
    }
}

/// Lines of `/proc/PID/status`.
struct ProcStatus {
    let text: String
    init(pid: Int32) { text = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? "" }
    func kilobytes(_ key: String) -> Int? {
        for line in text.split(separator: "\n") where line.hasPrefix(key + ":") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        }
        return nil
    }
}
