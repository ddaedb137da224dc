import Foundation
public import QuarryCore
public import QuarryStore

/// `status` and `cancel`: reading and steering runs recorded in a state folder.
public enum RunControl {
    /// A run and its shards, for `quarry status RUN`.
    public struct Detail: Sendable {
        public var run: RunRecord
        public var shards: [ShardRecord]
        public var pendingRetries: Int
    }

    /// Opens the job store of a state folder (an error if there is none).
    public static func openStore(state: String) throws(QuarryError) -> SQLiteJobStore {
        let db = RunPaths.database(state: state)
        guard FileManager.default.fileExists(atPath: db) else {
            throw QuarryError(.notFound, "no Quarry state in \(state)", hint: "run `quarry run SPEC` first, or point --state at the folder it used")
        }
        return try SQLiteJobStore(path: db)
    }

    /// Every run, newest first.
    public static func runs(state: String) throws(QuarryError) -> [RunRecord] { try openStore(state: state).runs() }

    /// Finds a run by id, id prefix or name (the newest run of that name).
    public static func find(_ ref: String, store: any JobStore) throws(QuarryError) -> RunRecord {
        if let r = try store.run(id: ref) { return r }
        if let r = try store.latestRun(named: ref) { return r }
        let matches = try store.runs().filter { $0.id.hasPrefix(ref) }
        if matches.count == 1 { return matches[0] }
        let names = try store.runs().map(\.name)
        throw QuarryError(.notFound, "no run `\(ref)`", hint: Suggest.closest(to: ref, in: names).map { "did you mean `\($0)`?" } ?? "see `quarry status` for the runs")
    }

    /// One run's detail.
    public static func detail(_ ref: String, state: String) throws(QuarryError) -> Detail {
        let store = try openStore(state: state)
        let run = try find(ref, store: store)
        return Detail(run: run, shards: try store.shards(runId: run.id), pendingRetries: try store.pendingRetries(runId: run.id).count)
    }

    /// Stops a run's active jobs and marks it cancelled; `quarry run` resumes it later (stopped jobs'
    /// finished records are kept, the rest are retried).
    public static func cancel(_ ref: String, spec: RunSpec?, environment: EngineEnvironment) async throws -> (run: RunRecord, stopped: Int) {
        let store = try openStore(state: environment.stateDirectory)
        var run = try find(ref, store: store)
        let connection: ProviderConnection
        if let spec {
            connection = try await ProviderConnection.open(spec: spec, environment: environment)
        } else if run.specJSON.contains("\"provider\":\"bedrock\"") {
            throw QuarryError(.invalidSpec, "run \(run.id) runs on Bedrock; its connection settings are in the spec",
                              hint: "pass the spec file: quarry cancel SPEC")
        } else {
            let stub = RunSpec(name: run.name, input: "", model: "", template: "", output: run.outputPath, specDirectory: "")
            connection = try await ProviderConnection.open(spec: stub, environment: environment)
        }
        do {
            let stopped = try await stopJobs(of: &run, store: store, backend: connection.backend, environment: environment)
            await connection.shutdown()
            return (run, stopped)
        } catch {
            await connection.shutdown()
            throw error
        }
    }

    static func stopJobs(of run: inout RunRecord, store: SQLiteJobStore, backend: any BatchBackend, environment: EngineEnvironment) async throws -> Int {
        var stopped = 0
        for var shard in try store.shards(runId: run.id) where shard.isActive {
            guard let arn = shard.jobArn else { continue }
            do {
                try await backend.stop(jobId: arn)
                stopped += 1
                shard.providerStatus = "Stopping"
                try store.updateShard(shard, now: environment.now())
            } catch let e as BackendError where e.kind == .invalid || e.kind == .notFound {
                // Already ended: the next run harvests it.
            }
        }
        if run.status != .completed && run.status != .completedWithFailures {
            let paths = RunPaths(state: environment.stateDirectory, runId: run.id)
            try? FileManager.default.createDirectory(atPath: paths.runDirectory, withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: paths.cancelMarker, contents: nil)
            run.status = .cancelled
            run.updatedAt = environment.now()
            try store.updateRun(run)
        }
        return stopped
    }
}
