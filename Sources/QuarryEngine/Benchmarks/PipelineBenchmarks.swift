import Foundation
public import QuarryCore
import QuarryStore

/// Entry points for `quarry-bench`: the real pipeline stages (stager, harvester, assembler) run on
/// a prepared state folder, without a provider in the loop, so each stage can be timed alone.
public enum PipelineBenchmarks {
    /// What a stage did.
    public struct StageResult: Sendable {
        public var records: Int
        public var seconds: Double
        public var shards: Int
    }

    static func engineParts(_ spec: RunSpec, state: String) throws -> (SQLiteJobStore, LocalObjectStore) {
        (try SQLiteJobStore(path: RunPaths.database(state: state)), LocalObjectStore(root: RunPaths.objects(state: state)))
    }

    /// Checks the input (one full pass) and stages every shard, as `quarry run` does before submitting.
    public static func prepare(_ spec: RunSpec, state: String) async throws -> (runId: String, check: StageResult, stage: StageResult) {
        let t0 = Date()
        let checked = try CheckedInput.check(spec)
        let t1 = Date()
        let (store, objects) = try engineParts(spec, state: state)
        let runId = "bench" + String(Int(Date().timeIntervalSince1970))
        try store.createRun(RunRecord(id: runId, name: spec.name, specHash: spec.identityHash, specJSON: spec.identity,
                                      createdAt: Date().timeIntervalSince1970, inputRows: checked.rowCount, coveredRows: checked.coveredRows,
                                      inputFingerprint: checked.fingerprint, outputPath: spec.output))
        let paths = RunPaths(state: state, runId: runId)
        try await Stager(spec: spec, checked: checked, runId: runId, paths: paths, store: store, objects: objects, onShard: { _ in }).run()
        let t2 = Date()
        let shards = try store.shards(runId: runId).count
        return (runId,
                StageResult(records: checked.rowCount, seconds: t1.timeIntervalSince(t0), shards: 0),
                StageResult(records: checked.coveredRows, seconds: t2.timeIntervalSince(t1), shards: shards))
    }

    /// Writes Bedrock-shaped outputs for every staged shard (shuffled lines, `manifest.json.out`), as a
    /// provider would: text answers of `answerBytes` characters, or unit vectors of `dimensions` floats.
    public static func writeSyntheticOutputs(_ spec: RunSpec, state: String, runId: String, answerBytes: Int, dimensions: Int) async throws {
        let (store, objects) = try engineParts(spec, state: state)
        let adapter = try ModelCatalog.resolve(spec.model).adapter
        var answer = ""
        let words = ["alpha", "beta", "gamma", "delta", "answer", "because", "therefore", "the", "model", "reasoning"]
        var i = 0
        while answer.utf8.count < answerBytes { answer += words[i % words.count] + " "; i += 1 }
        var vector: [UInt8] = []
        if adapter.kind == .embedding {
            var w = JSONWriter()
            w.beginArray()
            let v = Float(1 / Double(dimensions).squareRoot())
            for d in 0..<dimensions { w.element(); w.float(d % 2 == 0 ? v : -v) }
            w.endArray()
            vector = w.bytes
        }
        var rng = SystemRandomNumberGenerator()
        for var shard in try store.shards(runId: runId) {
            let jobId = "bench" + JobNaming.pad(shard.seq, 7)
            var lines: [[UInt8]] = []
            let reader = try await objects.openReader(for: objects.uri(forKey: shard.objectKey))
            try await reader.forEachLine { (buffer: [UInt8], line: Range<Int>) throws(QuarryError) in
                guard let doc = try? JSONValue.parse(buffer, in: line), let id = doc["recordId"]?.string, let input = doc["modelInput"] else { return }
                var w = JSONWriter(capacity: line.count + answerBytes + 256)
                w.beginObject()
                w.key("recordId"); w.string(id)
                w.key("modelInput"); w.raw(input.rawBytes)
                w.key("modelOutput")
                let response = adapter.kind == .embedding
                    ? ModelResponse(embeddingJSON: vector, inputTokens: 100)
                    : ModelResponse(text: answer, inputTokens: 120, outputTokens: answerBytes / 4, stopReason: "end_turn")
                adapter.writeModelOutput(response, into: &w)
                w.endObject()
                w.newline()
                lines.append(w.bytes)
            }
            lines.shuffle(using: &rng)
            // Written through the page cache, as the emulator writes its outputs (Quarry's own
            // writers bypass it): the harvest finds them cached, as it does on the embedded default.
            let prefix = objects.uri(forKey: RunPaths.outputKey(runName: spec.name, runId: runId, seq: shard.seq)).appending(jobId + "/")
            let folder = objects.path(of: prefix)
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            var data = Data()
            for l in lines { data.append(contentsOf: l) }
            try data.write(to: URL(fileURLWithPath: folder + (shard.objectKey as NSString).lastPathComponent + ".out"))
            try Data("{\"totalRecordCount\":\(lines.count),\"processedRecordCount\":\(lines.count),\"successRecordCount\":\(lines.count),\"errorRecordCount\":0}".utf8)
                .write(to: URL(fileURLWithPath: folder + "manifest.json.out"))
            shard.jobArn = "arn:aws:bedrock:us-east-1:123456789012:model-invocation-job/" + jobId
            shard.status = .ended
            shard.providerStatus = "Completed"
            try store.updateShard(shard, now: Date().timeIntervalSince1970)
        }
    }

    /// Harvests every ended shard and assembles the output, timing each.
    public static func harvestAndAssemble(_ spec: RunSpec, state: String, runId: String) async throws -> (harvest: StageResult, assemble: StageResult) {
        let (store, objects) = try engineParts(spec, state: state)
        let checked = try CheckedInput.check(spec)
        let paths = RunPaths(state: state, runId: runId)
        let results = try ResultStore(directory: paths.results)
        let shards = try store.shards(runId: runId)
        let base = shards.filter { $0.kind == .base }.sorted { $0.firstRow < $1.firstRow }
        guard var run = try store.run(id: runId) else { throw QuarryError(.state, "no run \(runId)") }
        let backend = try EmulatorBackend(spec: spec, stateDirectory: state)
        let harvester = Harvester(spec: spec, adapter: checked.model.adapter, paths: paths, store: store, objects: objects,
                                  backend: backend, results: results, baseShards: base)
        let t0 = Date()
        var records = 0
        try await harvester.harvestAll(shards.filter { $0.status == .ended }, run: &run, now: { Date().timeIntervalSince1970 }) { _, outcome in
            records += outcome.ok + outcome.failed + outcome.retries.count
        }
        let t1 = Date()
        let counts = try Assembler(spec: spec, checked: checked, results: results, baseShards: base).run()
        let t2 = Date()
        return (StageResult(records: records, seconds: t1.timeIntervalSince(t0), shards: shards.count),
                StageResult(records: counts.ok + counts.failed, seconds: t2.timeIntervalSince(t1), shards: base.count))
    }
}
