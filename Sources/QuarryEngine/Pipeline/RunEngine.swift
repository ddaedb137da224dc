import Foundation
import Logging
public import QuarryCore
import QuarryStore
import QuarryTable
import Synchronization

/// Drives one run from input to output: check, stage, submit and track, harvest, retry, assemble.
///
/// The job store is the single source of truth: every side effect has a name chosen and recorded
/// before it happens, so a crash at any point leaves a state that the next `run` resumes from.
public final class RunEngine: Sendable {
    let spec: RunSpec
    let env: EngineEnvironment

    /// Creates an engine for a spec.
    public init(spec: RunSpec, environment: EngineEnvironment) {
        self.spec = spec
        self.env = environment
    }

    /// Runs (or resumes) the spec's run to the end and writes the output.
    /// - Parameter newRun: start a new run even if one with this name exists.
    public func run(newRun: Bool = false, progress: @escaping @Sendable (RunProgress) -> Void = { _ in }) async throws -> RunReport {
        if spec.s3?.objects == nil, spec.s3 != nil {
            // An S3 input: resolved (ETags pinned) and its footers cached, then run over the local copy.
            let resolved = RunEngine(spec: try await prepareInput(.check), environment: env)
            do { return try await resolved.run(newRun: newRun, progress: progress) } catch let error as QuarryError {
                throw S3Input.presentable(error, spec: resolved.spec)
            }
        }
        let started = env.now()
        let checked = try CheckedInput.check(spec)
        let checkSeconds = env.now() - started
        let lock = try StateLock(directory: env.stateDirectory)
        defer { withExtendedLifetime(lock) {} }
        let store = try SQLiteJobStore(path: RunPaths.database(state: env.stateDirectory))

        if !newRun, let latest = try store.latestRun(named: spec.name), latest.status == .completed || latest.status == .completedWithFailures,
           latest.specHash == spec.identityHash, latest.inputFingerprint == checked.fingerprint, FileManager.default.fileExists(atPath: spec.outputMarker) {
            env.logger.info("run already complete", metadata: ["run.id": "\(latest.id)"])
            return report(latest, store: store)
        }
        let connection = try await ProviderConnection.open(spec: spec, environment: env)
        do {
            if let aws = connection.aws, let options = spec.bedrock {
                // Before a run is recorded or anything uploaded: credentials, bucket, permissions.
                try await BedrockPreflight.check(aws, options: options, spec: spec, runPrefix: RunPaths.runKeyPrefix(runName: spec.name, runId: "preflight"),
                                                 jobPrefix: spec.name + "-", identity: spec.identity)
            }
            var run = try openRun(store: store, checked: checked, newRun: newRun)
            let report = try await drive(&run, checked: checked, store: store, connection: connection,
                                         started: started, checkSeconds: checkSeconds, progress: progress)
            await connection.shutdown()
            return report
        } catch {
            await connection.shutdown()
            throw error
        }
    }

    /// Stages, runs the jobs and assembles, over an open provider connection.
    func drive(_ run: inout RunRecord, checked: CheckedInput, store: SQLiteJobStore, connection: ProviderConnection,
               started: Double, checkSeconds: Double, progress: @escaping @Sendable (RunProgress) -> Void) async throws -> RunReport {
        let paths = RunPaths(state: env.stateDirectory, runId: run.id)
        if run.status == .completed || run.status == .completedWithFailures, FileManager.default.fileExists(atPath: spec.outputMarker) {
            env.logger.info("run already complete", metadata: ["run.id": "\(run.id)"])
            return report(run, store: store)
        }
        try? FileManager.default.removeItem(atPath: paths.cancelMarker)
        env.logger.info("run started", metadata: ["run.id": "\(run.id)", "rows": "\(checked.coveredRows)", "provider": "\(connection.backend.name)"])
        run.status = .running
        try store.updateRun(run)

        let objects = connection.objects
        let backend = connection.backend
        let results = try ResultStore(directory: paths.results)
        let stagingDone = Locked(run.stagingDone)
        let stagedRows = Locked(0)
        let prepareStart = env.now()

        let loop = Scheduler(spec: spec, env: env, checked: checked, store: store, objects: objects, backend: backend,
                             results: results, paths: paths, stagingDone: stagingDone, stagedRows: stagedRows, progress: progress,
                             started: started)
        let stager = Stager(spec: spec, checked: checked, runId: run.id, paths: paths, store: store, objects: objects,
                            onShard: { shard in stagedRows.withLock { $0 = shard.firstRow + shard.rowCount } })
        let runId = run.id
        let stagingSeconds = Locked(0.0)
        let now = env.now
        run = try await withThrowingTaskGroup(of: RunRecord?.self) { group in
            group.addTask {
                if !stagingDone.withLock({ $0 }) {
                    _ = try await self.prepareInput(.stage)
                    try await stager.run()
                    stagingDone.withLock { $0 = true }
                }
                stagingSeconds.withLock { $0 = now() - prepareStart }
                await self.prefetchInputForAssembly()
                return nil
            }
            group.addTask { try await loop.run(runId: runId) }
            var finished: RunRecord?
            do {
                while let r = try await group.next() { if let r { finished = r } }
            } catch {
                group.cancelAll()
                if error is CancellationError || (error as? QuarryError)?.code == .cancelled, var latest = try? store.run(id: runId) {
                    latest.status = .cancelled
                    latest.updatedAt = now()
                    try? store.updateRun(latest)
                }
                throw error
            }
            return finished!
        }
        run.phaseSeconds["check", default: 0] += checkSeconds
        run.phaseSeconds["stage", default: 0] += stagingSeconds.withLock { $0 }
        run.phaseSeconds["jobs", default: 0] += env.now() - prepareStart

        // Assemble.
        progress(loop.snapshot(run: run, phase: .assembling))
        run.status = .assembling
        try store.updateRun(run)
        let assembleStart = env.now()
        let baseShards = try store.shards(runId: run.id).filter { $0.kind == .base }.sorted { $0.firstRow < $1.firstRow }
        _ = try await prepareInput(.assemble)
        let counts = try Assembler(spec: spec, checked: checked, results: results, baseShards: baseShards).run()
        run.rowsOK = counts.ok
        run.rowsFailed = counts.failed
        run.phaseSeconds["assemble", default: 0] += env.now() - assembleStart
        run.status = counts.failed == 0 ? .completed : .completedWithFailures
        run.updatedAt = env.now()
        try store.updateRun(run)
        progress(loop.snapshot(run: run, phase: .done))
        env.logger.info("run finished", metadata: ["run.id": "\(run.id)", "ok": "\(counts.ok)", "failed": "\(counts.failed)"])
        return report(run, store: store)
    }

    /// Finds the run to resume, or creates one.
    func openRun(store: any JobStore, checked: CheckedInput, newRun: Bool) throws(QuarryError) -> RunRecord {
        if !newRun, let existing = try store.latestRun(named: spec.name) {
            if existing.specHash != spec.identityHash {
                throw QuarryError(.specChanged, "the spec of run `\(spec.name)` changed since run \(existing.id) started (input, model, template, params or limits differ)",
                                  hint: "restore the previous spec to resume, or pass --new-run to start a new run under the same name")
            }
            let complete = existing.status == .completed || existing.status == .completedWithFailures
            if existing.inputFingerprint == checked.fingerprint { return existing }
            if !complete {
                throw QuarryError(.specChanged, "the input \(spec.input) changed since run \(existing.id) started",
                                  hint: "restore the original file to resume, or pass --new-run to start over")
            }
            // A finished run over data that has since changed: start a new run.
        }
        let id = String(Hashing.sha256Hex("\(spec.name)/\(UUID().uuidString)").prefix(12))
        var run = RunRecord(id: id, name: spec.name, specHash: spec.identityHash, specJSON: spec.identity, createdAt: env.now(),
                            inputRows: checked.rowCount, coveredRows: checked.coveredRows, inputFingerprint: checked.fingerprint,
                            outputPath: spec.output)
        run.status = .running
        try store.createRun(run)
        return run
    }

    func report(_ run: RunRecord, store: any JobStore) -> RunReport {
        let shards = (try? store.shards(runId: run.id)) ?? []
        let base = (try? ModelCatalog.resolve(spec.model).baseModelId) ?? spec.model
        return RunReport(runId: run.id, name: run.name, status: run.status.rawValue, output: run.outputPath, rows: run.coveredRows,
                         rowsOK: run.rowsOK, rowsFailed: run.rowsFailed,
                         jobs: shards.filter { $0.jobArn != nil }.count,
                         realtimeRows: shards.filter { $0.providerStatus == "realtime" }.reduce(0) { $0 + $1.rowCount },
                         inputTokens: run.inputTokens, outputTokens: run.outputTokens,
                         estimatedCost: PriceTable.shipped.batchCost(baseModel: base, inputTokens: run.inputTokens, outputTokens: run.outputTokens),
                         phaseSeconds: run.phaseSeconds)
    }
}
