import ArgumentParser
import Foundation
import QuarryCore
import QuarryEngine
import QuarryTesting

/// `quarry-bench`: measures the pipeline's stages on a generated SimpleCoT-shaped dataset
/// (five string columns, about 1.4 KB a row). Each stage runs in its own child process so its peak
/// memory (RSS) is its own. Build it in release mode: `swift build -c release --product quarry-bench`.
@main
struct QuarryBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarry-bench",
        abstract: "Benchmark Quarry's pipeline stages (rows per second and peak RSS).",
        subcommands: [All.self, Generate.self, Phase.self, Sign.self, S3Throughput.self, EndToEnd.self, HubEndToEnd.self, ParquetBench.self, ParquetPhase.self],
        defaultSubcommand: All.self)

    /// Runs `quarry-bench ARGS` in a child process (so its peak RSS is its own) and returns the JSON
    /// numbers it prints.
    static func child(_ args: [String]) throws -> [String: Double] {
        let me = CommandLine.arguments[0]
        let (status, data) = try Subprocess.run(me.hasPrefix("/") ? me : FileManager.default.currentDirectoryPath + "/" + me, args)
        guard status == 0, let obj = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ValidationError("quarry-bench \(args.joined(separator: " ")) failed (status \(status))")
        }
        return obj.compactMapValues { ($0 as? NSNumber)?.doubleValue }
    }
}

struct All: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Generate the dataset and run every stage, printing a report.")

    @Option(help: "Rows in the generated dataset.") var rows = 2_214_941
    @Option(help: "Rows for the embedding harvest (1,024-dim outputs are ~12 KB a record).") var embeddingRows = 250_000
    @Option(help: "Working folder (default: a new temporary folder).") var workdir: String?
    @Flag(help: "Keep the working folder.") var keep = false

    func run() throws {
        let dir = workdir ?? NSTemporaryDirectory() + "quarry-bench-\(UUID().uuidString.prefix(6))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { if !keep && workdir == nil { try? FileManager.default.removeItem(atPath: dir) } }
        let csv = dir + "/simplecot.csv"
        print("generating \(rows) rows into \(csv) …")
        let bytes = try DatasetGenerator.write(rows: rows, to: csv)
        print(String(format: "  %.2f GB, %.0f bytes a row", Double(bytes) / 1e9, Double(bytes) / Double(rows)))

        let textSpec = dir + "/text.yaml"
        try BenchSpecs.text(input: csv).write(toFile: textSpec, atomically: true, encoding: .utf8)
        let embSpec = dir + "/embed.yaml"
        try BenchSpecs.embedding(input: csv, rows: embeddingRows).write(toFile: embSpec, atomically: true, encoding: .utf8)

        var report: [(String, [String: Double])] = []
        // What the generator and the stand-in provider wrote goes to disk first: each stage starts
        // with no one else's dirty pages for the kernel to flush while it is timed.
        sync()
        let prep = try QuarryBench.child(["phase", "prepare", textSpec, "--state", dir + "/state-text"])
        report.append(("prepare (check + render + stage, Claude, 50,000/job)", prep))
        _ = try QuarryBench.child(["phase", "outputs", textSpec, "--state", dir + "/state-text", "--run-id", runId(prep), "--answer-bytes", "800"])
        sync()
        report.append(("harvest + assemble (text, 800-char answers)", try QuarryBench.child(["phase", "harvest", textSpec, "--state", dir + "/state-text", "--run-id", runId(prep)])))
        try? FileManager.default.removeItem(atPath: dir + "/state-text")

        let eprep = try QuarryBench.child(["phase", "prepare", embSpec, "--state", dir + "/state-embed"])
        _ = try QuarryBench.child(["phase", "outputs", embSpec, "--state", dir + "/state-embed", "--run-id", runId(eprep), "--dimensions", "1024"])
        sync()
        report.append(("harvest + assemble (embeddings, 1,024 dims)", try QuarryBench.child(["phase", "harvest", embSpec, "--state", dir + "/state-embed", "--run-id", runId(eprep)])))

        print("\nstage                                                records     seconds    rows/s      peak RSS")
        for (name, r) in report {
            print(name.padding(toLength: 52, withPad: " ", startingAt: 0)
                  + String(format: "%10.0f %10.2f %10.0f %10.0f MB", r["records"] ?? 0, r["seconds"] ?? 0, r["rate"] ?? 0, (r["rss_kb"] ?? 0) / 1024))
            for (k, v) in r.sorted(by: { $0.key < $1.key }) where k.hasSuffix("_seconds") || k.hasSuffix("_rate") {
                print("    " + k.padding(toLength: 26, withPad: " ", startingAt: 0) + String(format: "%12.2f", v))
            }
        }
    }

    func runId(_ r: [String: Double]) -> String { "bench" + String(Int(r["run_stamp"] ?? 0)) }
}

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write the SimpleCoT-shaped CSV.")
    @Option var rows = 2_214_941
    @Argument var output: String
    func run() throws { _ = try DatasetGenerator.write(rows: rows, to: output) }
}

struct Phase: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run one stage and print its numbers as JSON (used by `all`).")
    @Argument var name: String
    @Argument var spec: String
    @Option var state: String
    @Option var runId: String?
    @Option var answerBytes = 800
    @Option var dimensions = 1024

    func run() async throws {
        let spec = try SpecParser.parse(path: self.spec)
        var out: [String: Double] = [:]
        switch name {
        case "prepare":
            let r = try await PipelineBenchmarks.prepare(spec, state: state)
            out["records"] = Double(r.stage.records)
            out["seconds"] = r.check.seconds + r.stage.seconds
            out["rate"] = Double(r.stage.records) / (r.check.seconds + r.stage.seconds)
            out["check_seconds"] = r.check.seconds
            out["stage_seconds"] = r.stage.seconds
            out["stage_rate"] = Double(r.stage.records) / r.stage.seconds
            out["shards"] = Double(r.stage.shards)
            out["run_stamp"] = Double(r.runId.dropFirst(5)) ?? 0
        case "outputs":
            try await PipelineBenchmarks.writeSyntheticOutputs(spec, state: state, runId: runId ?? "", answerBytes: answerBytes, dimensions: dimensions)
        case "harvest":
            let r = try await PipelineBenchmarks.harvestAndAssemble(spec, state: state, runId: runId ?? "")
            let seconds = r.harvest.seconds + r.assemble.seconds
            out["records"] = Double(r.assemble.records)
            out["seconds"] = seconds
            out["rate"] = Double(r.assemble.records) / seconds
            out["harvest_seconds"] = r.harvest.seconds
            out["assemble_seconds"] = r.assemble.seconds
            out["harvest_rate"] = Double(r.harvest.records) / r.harvest.seconds
            out["assemble_rate"] = Double(r.assemble.records) / r.assemble.seconds
        default:
            throw ValidationError("unknown phase \(name)")
        }
        out["rss_kb"] = Double(PeakMemory.kilobytes())
        let data = try JSONSerialization.data(withJSONObject: out, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }
}

/// Peak resident set size of this process (VmHWM).
enum PeakMemory {
    static func kilobytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
        }
        return 0
    }
}

enum BenchSpecs {
    static func text(input: String) -> String {
        """
        name: bench-text
        input: \(input)
        model: anthropic.claude-3-haiku-20240307-v1:0
        template: "Answer the question below. Think step by step, then give the answer.\\n\\nQuestion: {source}"
        params: {max_tokens: 512}
        limits: {min_records_per_job: 100, max_records_per_job: 50000}
        output: out/text.csv

        """
    }

    static func embedding(input: String, rows: Int) -> String {
        """
        name: bench-embed
        input: \(input)
        model: amazon.titan-embed-text-v2:0
        template: "{source}"
        params: {dimensions: 1024}
        limits: {min_records_per_job: 100, max_records_per_job: 50000, max_records: \(rows)}
        output: out/embed.csv

        """
    }
}
