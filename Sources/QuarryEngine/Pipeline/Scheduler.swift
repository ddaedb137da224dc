import Foundation
import Logging
public import QuarryCore
import QuarryStore
import Synchronization

/// The submit–track–harvest–retry loop of one run.
///
/// Keeps up to `max_concurrent_jobs` jobs submitted or in progress and never more; submits with the
/// shard's idempotency token after recording it; polls with one List call per round; harvests each
/// job as soon as it ends; turns failed and missing records into retry shards, or sends them through
/// the real-time lane when too few remain for a batch job.
struct Scheduler: Sendable {
    let spec: RunSpec
    let env: EngineEnvironment
    let checked: CheckedInput
    let store: any JobStore
    let objects: any ObjectStore
    let backend: any BatchBackend
    let results: ResultStore
    let paths: RunPaths
    let stagingDone: Locked<Bool>
    let stagedRows: Locked<Int>
    let progress: @Sendable (RunProgress) -> Void
    let started: Double

    static let firstRetrySeq = 100_001
    static let firstRealtimeSegment = 200_001

    var logger: Logger { env.logger }

    /// Runs until every covered row has a final result; returns the run record.
    func run(runId: String) async throws -> RunRecord {
        guard var run = try store.run(id: runId) else { throw QuarryError(.state, "run \(runId) vanished from the store") }
        var quotaWaitUntil = 0.0
        var apiFailures = 0
        var lastList: [String: BatchJobInfo] = [:]
        while true {
            try Task.checkCancellation()
            if FileManager.default.fileExists(atPath: paths.cancelMarker) {
                throw QuarryError(.cancelled, "run \(runId) was cancelled by `quarry cancel`", hint: "run the same spec again to resume it")
            }
            let now = env.now()
            var shards = try store.shards(runId: runId)
            let staging = stagingDone.withLock { $0 }
            let minRecords = spec.limits.minRecordsPerJob

            // 1. Learn what the provider says about our jobs (one List call covers them all).
            if shards.contains(where: { $0.isActive }) {
                do {
                    let infos = try await backend.list(namePrefix: JobNaming.jobPrefix(runName: spec.name, runId: runId))
                    lastList = Dictionary(infos.map { ($0.jobName, $0) }, uniquingKeysWith: { a, _ in a })
                    apiFailures = 0
                } catch {
                    apiFailures += 1
                    try handleAPIError(error, failures: apiFailures, what: "ListModelInvocationJobs")
                    lastList = [:]
                }
                for i in shards.indices where shards[i].isActive {
                    if lastList[shards[i].jobName] == nil, apiFailures == 0, shards[i].status == .submitted, let arn = shards[i].jobArn {
                        // Listed jobs should include every job we created; ask for this one directly.
                        do {
                            let info = try await backend.describe(jobId: arn)
                            lastList[shards[i].jobName] = info
                        } catch let e as BackendError where e.kind == .notFound {
                            // The provider lost the job: treat it as ended with no output (its records are retried).
                            lastList[shards[i].jobName] = BatchJobInfo(jobId: arn, jobName: shards[i].jobName, status: "Failed",
                                                                       message: "the provider no longer knows this job")
                        } catch {}
                    }
                    guard let info = lastList[shards[i].jobName] else { continue }
                    var s = shards[i]
                    s.jobArn = s.jobArn ?? info.jobId
                    if s.status == .submitting { s.status = .submitted; s.submittedAt = s.submittedAt ?? now }
                    s.providerStatus = info.status
                    s.message = info.message
                    if info.isTerminal { s.status = .ended; s.endedAt = now }
                    if s != shards[i] {
                        try store.updateShard(s, now: now)
                        shards[i] = s
                    }
                }
            }

            // 2. Harvest every ended job.
            let baseShards = shards.filter { $0.kind == .base }.sorted { $0.firstRow < $1.firstRow }
            let harvester = Harvester(spec: spec, adapter: checked.model.adapter, paths: paths, store: store, objects: objects,
                                      backend: backend, results: results, baseShards: baseShards)
            let ended = shards.filter { $0.status == .ended }
            try await harvester.harvestAll(ended, run: &run, now: env.now) { shard, outcome in
                logger.info("job harvested", metadata: ["job.name": "\(shard.jobName)", "job.status": "\(shard.providerStatus ?? "")",
                                                         "ok": "\(outcome.ok)", "failed": "\(outcome.failed)", "retry": "\(outcome.retries.count)"])
                if let i = shards.firstIndex(where: { $0.seq == shard.seq }) { shards[i].status = .harvested }
            }

            // 3. Small shards (below the job minimum) go through the real-time lane.
            for i in shards.indices where shards[i].status == .staged && shards[i].rowCount < minRecords {
                try await answerSmallShard(&shards[i], run: &run)
            }

            // 4. Submit staged shards into free slots.
            var active = shards.filter(\.isActive).count
            if env.now() >= quotaWaitUntil {
                submitLoop: for i in shards.indices where (shards[i].status == .staged || (shards[i].status == .submitting && lastList[shards[i].jobName] == nil)) {
                    if shards[i].status == .staged && active >= spec.limits.maxConcurrentJobs { break }
                    var s = shards[i]
                    if s.status == .staged {
                        s.status = .submitting
                        try store.updateShard(s, now: env.now())
                        active += 1
                        CrashPoint.hit("submitting")
                    }
                    let request = BatchJobRequest(jobName: s.jobName, clientToken: s.clientToken, modelId: spec.model,
                                                  inputURI: objects.uri(forKey: s.objectKey),
                                                  outputURI: objects.uri(forKey: RunPaths.outputKey(runName: spec.name, runId: runId, seq: s.seq)))
                    do {
                        let arn = try await backend.submit(request)
                        CrashPoint.hit("submitted")
                        s.jobArn = arn
                        s.status = .submitted
                        s.submittedAt = env.now()
                        s.providerStatus = "Submitted"
                        try store.updateShard(s, now: env.now())
                        shards[i] = s
                        apiFailures = 0
                        logger.info("job submitted", metadata: ["job.name": "\(s.jobName)", "records": "\(s.rowCount)"])
                    } catch let error as BackendError where error.kind == .quotaExceeded {
                        // Not created: give the slot back and wait for a running job to end.
                        s.status = .staged
                        try store.updateShard(s, now: env.now())
                        active -= 1
                        quotaWaitUntil = env.now() + max(spec.pollSeconds, 0.05)
                        logger.debug("concurrent-job quota reached", metadata: ["active": "\(active)"])
                        break submitLoop
                    } catch {
                        apiFailures += 1
                        try handleAPIError(error, failures: apiFailures, what: "CreateModelInvocationJob")
                        shards[i] = s
                        break submitLoop
                    }
                }
            }

            // 5. Retries.
            let pending = try store.pendingRetries(runId: runId)
            if !pending.isEmpty {
                let busy = shards.contains { $0.status != .harvested }
                if pending.count >= minRecords {
                    try await stageRetryShards(pending, shards: shards, runId: runId)
                } else if staging && !busy {
                    try await answerPendingRetries(pending, run: &run)
                }
            }

            shards = try store.shards(runId: runId)
            let remaining = try store.pendingRetries(runId: runId).count
            progress(snapshot(run: run, phase: staging ? .running : .staging, shards: shards, retrying: remaining))
            if staging && remaining == 0 && shards.allSatisfy({ $0.status == .harvested }) && stagingDone.withLock({ $0 }) {
                run.stagingDone = true
                try store.updateRun(run)
                return run
            }
            // Repeated throttling or server errors back off exponentially (with jitter).
            let pause = apiFailures > 0 ? max(spec.pollSeconds, Backoff.delay(attempt: apiFailures, base: spec.pollSeconds, cap: 60)) : spec.pollSeconds
            try await env.sleep(pause)
        }
    }

    /// Throttling and transient failures are retried (with a growing pause); anything else ends the run.
    func handleAPIError(_ error: any Error, failures: Int, what: String) throws {
        if let e = error as? BackendError {
            if e.isRetryable {
                logger.debug("provider call will be retried", metadata: ["call": "\(what)", "error": "\(e.code)"])
                return
            }
            var hint: String?
            if e.kind == .accessDenied {
                hint = what == "CreateModelInvocationJob" && spec.provider == "bedrock"
                    ? "the caller needs bedrock:CreateModelInvocationJob and iam:PassRole on \(spec.bedrock?.roleArn ?? "the service role"); the role must trust bedrock.amazonaws.com and may read and write the bucket (docs/aws.md)"
                    : "check the credentials and the permissions they grant (docs/aws.md)"
            }
            throw QuarryError(.provider, "\(backend.name) refused \(what): \(e.description)", hint: hint)
        }
        throw error
    }

    // MARK: Retry shards

    /// Packs queued rows into new shards (balanced, within the limits) and stages them.
    func stageRetryShards(_ pending: [RetryEntry], shards: [ShardRecord], runId: String) async throws(QuarryError) {
        let planner = ShardPlanner(minRecords: spec.limits.minRecordsPerJob, maxRecords: spec.limits.maxRecordsPerJob)
        let plan = planner.plan(count: pending.count)
        var seq = max(Self.firstRetrySeq, (shards.filter { $0.kind == .retry }.map(\.seq).max() ?? 0) + 1)
        var offset = 0
        for size in plan.jobs {
            var chosen: [RetryEntry] = []
            var ids = Set<String>()
            while chosen.count < size && offset < pending.count {
                let e = pending[offset]
                offset += 1
                if ids.insert(e.recordId).inserted { chosen.append(e) }
            }
            guard chosen.count >= spec.limits.minRecordsPerJob else { return }
            let lines = try await StagedLines.collect(chosen, objects: objects, shards: shards)
            let key = RunPaths.inputKey(runName: spec.name, runId: runId, seq: seq)
            let writer = try await objects.makeWriter(for: objects.uri(forKey: key))
            var sidecar = Sidecar()
            do {
                for e in chosen {
                    guard let line = lines[e.row] else { continue }
                    try await writer.write(line + [0x0A])
                    sidecar.rows.append(e.row)
                    sidecar.recordIds.append(e.recordId)
                }
                try sidecar.write(to: paths.sidecar(seq: seq))
                try await writer.commit()
            } catch {
                await writer.abort()
                throw error
            }
            let shard = ShardRecord(runId: runId, seq: seq, kind: .retry, firstRow: chosen.first?.row ?? 0, rowCount: sidecar.rows.count,
                                    bytes: writer.bytesWritten, objectKey: key,
                                    jobName: JobNaming.jobName(runName: spec.name, runId: runId, shard: seq),
                                    clientToken: JobNaming.clientToken(runId: runId, shard: seq))
            try store.recordRetryShard(shard, rows: sidecar.rows)
            logger.info("retry shard staged", metadata: ["shard": "\(seq)", "records": "\(shard.rowCount)"])
            seq += 1
        }
    }

    // MARK: Real-time lane

    func realtimeLane() -> RealtimeLane {
        RealtimeLane(spec: spec, adapter: checked.model.adapter, backend: backend, sleep: env.sleep)
    }

    /// Answers a first-pass shard that is below the job minimum, one request at a time.
    func answerSmallShard(_ shard: inout ShardRecord, run: inout RunRecord) async throws {
        let sidecar = try Sidecar.read(from: paths.sidecar(seq: shard.seq))
        let entries = zip(sidecar.rows, sidecar.recordIds).map { RetryEntry(row: $0, recordId: $1, sourceSeq: shard.seq, attempts: 0) }
        guard spec.retry.realtime else {
            let failures = entries.map { (RealtimeLane.Request(row: $0.row, recordId: $0.recordId, body: [], priorAttempts: 0),
                                          RecordResult(status: .failed, error: "fewer rows than limits.min_records_per_job remain and the real-time lane is off (retry.realtime)", attempts: 0)) }
            try record(failures, segment: UInt32(shard.seq), run: &run)
            shard.status = .harvested
            shard.providerStatus = "not sent"
            shard.errorCount = failures.count
            try store.completeHarvest(shard, retries: [], run: run, now: env.now())
            return
        }
        let answers = try await realtimeLane().answer(try await requests(for: entries, shards: [shard]))
        let counts = try record(answers, segment: UInt32(shard.seq), run: &run)
        shard.status = .harvested
        shard.providerStatus = "realtime"
        shard.successCount = counts.ok
        shard.errorCount = counts.failed
        try store.completeHarvest(shard, retries: [], run: run, now: env.now())
        logger.info("small shard answered in real time", metadata: ["shard": "\(shard.seq)", "records": "\(shard.rowCount)"])
    }

    /// Answers the last few queued rows through the real-time lane (or fails them when it is off).
    func answerPendingRetries(_ pending: [RetryEntry], run: inout RunRecord) async throws {
        let shards = try store.shards(runId: run.id)
        let segment = nextRealtimeSegment()
        let answers: [(RealtimeLane.Request, RecordResult)]
        if spec.retry.realtime {
            answers = try await realtimeLane().answer(try await requests(for: pending, shards: shards))
        } else {
            answers = pending.map { (RealtimeLane.Request(row: $0.row, recordId: $0.recordId, body: [], priorAttempts: $0.attempts),
                                     RecordResult(status: .failed, error: "failed \($0.attempts) time(s); too few rows left for a batch job and the real-time lane is off (retry.realtime)",
                                                  attempts: $0.attempts)) }
        }
        try record(answers, segment: segment, run: &run)
        try store.resolveRetries(runId: run.id, rows: pending.map(\.row), run: run)
        logger.info("retries answered in real time", metadata: ["records": "\(pending.count)"])
    }

    func nextRealtimeSegment() -> UInt32 {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: results.directory)) ?? []
        let used = names.compactMap { name -> Int? in
            guard name.hasPrefix("seg-"), name.hasSuffix(".bin") else { return nil }
            return Int(name.dropFirst(4).dropLast(4))
        }.filter { $0 >= Self.firstRealtimeSegment }
        return UInt32((used.max() ?? (Self.firstRealtimeSegment - 1)) + 1)
    }

    func requests(for entries: [RetryEntry], shards: [ShardRecord]) async throws(QuarryError) -> [RealtimeLane.Request] {
        let lines = try await StagedLines.collect(entries, objects: objects, shards: shards)
        return entries.compactMap { e in
            guard let line = lines[e.row], let doc = try? JSONValue.parse(line), let input = doc["modelInput"] else { return nil }
            return RealtimeLane.Request(row: e.row, recordId: e.recordId, body: Array(input.rawBytes), priorAttempts: e.attempts)
        }
    }

    /// Writes real-time answers to a segment and the indexes; updates the run's totals (in memory).
    @discardableResult
    func record(_ answers: [(RealtimeLane.Request, RecordResult)], segment id: UInt32, run: inout RunRecord) throws(QuarryError) -> Assembler.Counts {
        let writer = try results.makeSegmentWriter(id: id)
        var entries: [Int: ResultStore.Entry] = [:]
        var counts = Assembler.Counts()
        for (request, result) in answers {
            entries[request.row] = try writer.append(result)
            if result.status == .ok { counts.ok += 1 } else { counts.failed += 1 }
            run.inputTokens += result.inputTokens
            run.outputTokens += result.outputTokens
        }
        try writer.finish()
        let baseShards = try store.shards(runId: run.id).filter { $0.kind == .base }.sorted { $0.firstRow < $1.firstRow }
        let harvester = Harvester(spec: spec, adapter: checked.model.adapter, paths: paths, store: store, objects: objects,
                                  backend: backend, results: results, baseShards: baseShards)
        try harvester.updateIndexes(entries)
        run.rowsOK += counts.ok
        run.rowsFailed += counts.failed
        run.updatedAt = env.now()
        return counts
    }

    // MARK: Progress

    func snapshot(run: RunRecord, phase: RunProgress.Phase, shards: [ShardRecord]? = nil, retrying: Int = 0) -> RunProgress {
        var p = RunProgress(phase: phase, runId: run.id, rowsTotal: run.coveredRows)
        p.rowsOK = run.rowsOK
        p.rowsFailed = run.rowsFailed
        p.rowsDone = run.rowsOK + run.rowsFailed
        p.rowsStaged = stagingDone.withLock { $0 } ? run.coveredRows : stagedRows.withLock { $0 }
        p.rowsRetrying = retrying
        p.elapsed = env.now() - started
        for s in shards ?? [] {
            let key = s.status == .harvested ? "done" : (s.providerStatus ?? s.status.rawValue)
            p.jobsByStatus[key, default: 0] += 1
        }
        if p.rowsDone > 0, p.rowsDone < p.rowsTotal {
            p.eta = p.elapsed / Double(p.rowsDone) * Double(p.rowsTotal - p.rowsDone)
        }
        return p
    }
}

/// Finds the staged request lines of given rows in the shards that hold them.
enum StagedLines {
    static func collect(_ entries: [RetryEntry], objects: any ObjectStore, shards: [ShardRecord]) async throws(QuarryError) -> [Int: [UInt8]] {
        var wanted: [Int: [String: Int]] = [:]  // source seq -> record id -> row
        for e in entries { wanted[e.sourceSeq, default: [:]][e.recordId] = e.row }
        var out: [Int: [UInt8]] = [:]
        for (seq, ids) in wanted {
            guard let shard = shards.first(where: { $0.seq == seq }) else {
                throw QuarryError(.state, "shard \(seq) is missing from the job store", hint: "the state folder was damaged; rerun with --new-run")
            }
            let reader = try await objects.openReader(for: objects.uri(forKey: shard.objectKey))
            try await reader.forEachLine { (buffer: [UInt8], line: Range<Int>) throws(QuarryError) in
                guard let doc = try? JSONValue.parse(buffer, in: line), let id = doc["recordId"]?.string, let row = ids[id] else { return }
                out[row] = Array(buffer[line])
            }
        }
        return out
    }
}
