import Foundation
public import QuarryCore
import QuarryStore

/// Classifies a Bedrock per-record error: can another attempt help?
enum ErrorClass {
    static func isRetryable(code: Int?, message: String) -> Bool {
        if let code {
            if code == 429 || code >= 500 { return true }
            if code == 408 { return true }
            if code >= 400 && code < 500 { return false }
        }
        let m = message.lowercased()
        for word in ["throttl", "too many", "internal", "unavailable", "timeout", "timed out", "overloaded", "try again"] where m.contains(word) {
            return true
        }
        for word in ["validation", "too long", "malformed", "invalid", "bad request", "context"] where m.contains(word) {
            return false
        }
        return true
    }
}

/// Reads a finished job's outputs and turns every record of its shard into a result.
///
/// Every successful record is kept, from any terminal status. A record that the output does not
/// mention is *missing* and retried; error lines are retried or failed by their class.
struct Harvester: Sendable {
    let spec: RunSpec
    let adapter: any ModelAdapter
    let paths: RunPaths
    let store: any JobStore
    let objects: any ObjectStore
    let backend: any BatchBackend
    let results: ResultStore
    let baseShards: [ShardRecord]

    struct Outcome: Sendable {
        var ok = 0
        var failed = 0
        var retries: [RetryEntry] = []
        var inputTokens = 0
        var outputTokens = 0
    }

    /// A shard's results, written to its segment but not yet indexed or recorded.
    struct Collected: Sendable {
        var shard: ShardRecord
        var answered: [Int: ResultStore.Entry]
        var outcome: Outcome
    }

    /// Harvests one ended shard and records the outcome (one store transaction at the end).
    func harvest(_ shard: ShardRecord, run: inout RunRecord, now: Double) async throws(QuarryError) -> Outcome {
        let collected = try await collect(shard)
        try commit(collected, run: &run, now: now)
        return collected.outcome
    }

    /// Harvests ended shards, reading two at a time (on two cores while the other does the same) and
    /// recording each in turn as it is read; `done` is told of each shard recorded.
    func harvestAll(_ shards: [ShardRecord], run: inout RunRecord, now: @Sendable () -> Double,
                    done: (ShardRecord, Outcome) -> Void) async throws(QuarryError) {
        var pending = shards[...]
        do {
            try await withThrowingTaskGroup(of: Collected.self) { group in
                for _ in 0..<2 {
                    guard let shard = pending.popFirst() else { break }
                    group.addTask { try await collect(shard) }
                }
                while let collected = try await group.next() {
                    try commit(collected, run: &run, now: now())
                    done(collected.shard, collected.outcome)
                    if let shard = pending.popFirst() { group.addTask { try await collect(shard) } }
                }
            }
        } catch let error as QuarryError {
            throw error
        } catch {
            throw QuarryError(.cancelled, "harvesting was interrupted", hint: "run the same command again to resume")
        }
    }

    /// Reads a shard's outputs into its segment (and raw links). Touches nothing shared with other
    /// shards, so shards can be collected concurrently.
    func collect(_ shard: ShardRecord) async throws(QuarryError) -> Collected {
        let sidecar = try Sidecar.read(from: paths.sidecar(seq: shard.seq))
        var rowOf: [String: Int] = [:]
        rowOf.reserveCapacity(sidecar.rows.count)
        for (row, id) in zip(sidecar.rows, sidecar.recordIds) { rowOf[id] = row }
        var priorAttempts: [Int: Int] = [:]
        if shard.kind == .retry {
            for e in try store.retryRows(runId: shard.runId, seq: shard.seq) { priorAttempts[e.row] = e.attempts }
        }
        var answered: [Int: ResultStore.Entry] = [:]
        answered.reserveCapacity(sidecar.rows.count)
        let segment = try results.makeSegmentWriter(id: UInt32(shard.seq))
        var outcome = Outcome()

        if let jobId = shard.jobArn {
            let outputURI = objects.uri(forKey: RunPaths.outputKey(runName: spec.name, runId: shard.runId, seq: shard.seq))
            let prefix = backend.outputPrefix(outputURI: outputURI, jobId: jobId)
            let outputs = try await objects.list(prefix: prefix).filter { $0.key.hasSuffix(".jsonl.out") }
            for (objectIndex, object) in outputs.enumerated() {
                // A local output is linked, not copied: its successful records stay where they are.
                var raw: UInt32?
                if let file = objects.localFile(object), let id = ResultStore.rawFileId(seq: shard.seq, object: objectIndex),
                   results.linkRaw(from: file, id: id) {
                    raw = id
                }
                let reader = try await objects.openReader(for: object)
                try await reader.forEachLine { (buffer: [UInt8], line: Range<Int>, lineOffset: Int) throws(QuarryError) in
                    // One pass over the line's members (the echoed modelInput is skipped once). A
                    // damaged line yields no modelOutput, and its record is retried.
                    var start = line.lowerBound
                    while start < line.upperBound, buffer[start] == 0x20 || buffer[start] == 0x09 { start += 1 }
                    let doc = JSONValue(validated: buffer, range: start..<line.upperBound)
                    guard doc.kind == .object else { return }
                    var recordId: String?
                    var modelOutput: JSONValue?
                    var errorValue: JSONValue?
                    doc.forEachMemberKey { key, value in
                        switch key {
                        case "recordId": recordId = value.string
                        case "modelOutput": modelOutput = value
                        case "error": errorValue = value
                        default: break
                        }
                        return true
                    }
                    guard let id = recordId, let row = rowOf[id] else { return }
                    if answered[row] != nil { return }
                    let attempts = (priorAttempts[row] ?? 0) + 1
                    var result: RecordResult
                    if let output = modelOutput, output.kind == .object {
                        do {
                            if let raw, let entry = ResultStore.Entry.raw(file: raw, offset: lineOffset + output.range.lowerBound - line.lowerBound,
                                                                         length: output.range.count, attempts: attempts) {
                                // The answer stays in the linked file; only its counts are needed now.
                                let r = try adapter.parseModelOutputCounts(output)
                                var counted = RecordResult(status: .ok, inputTokens: r.inputTokens, outputTokens: r.outputTokens, attempts: attempts)
                                _ = decide(&counted, row: row, recordId: id, shard: shard, outcome: &outcome)
                                answered[row] = entry
                                return
                            }
                            let r = try adapter.parseModelOutput(output)
                            result = RecordResult(status: .ok, text: r.text.map { Array($0.utf8) }, embeddingJSON: r.embeddingJSON,
                                                  inputTokens: r.inputTokens, outputTokens: r.outputTokens, stopReason: r.stopReason, attempts: attempts)
                        } catch {
                            result = RecordResult(status: .failed, error: "\(error)", attempts: attempts)
                        }
                    } else {
                        let err = errorValue
                        let code = err?["errorCode"]?.int
                        let message = err?["errorMessage"]?.string ?? "the output line has neither modelOutput nor error"
                        let text = code.map { "\($0): \(message)" } ?? message
                        result = RecordResult(status: ErrorClass.isRetryable(code: code, message: message) ? .retryable : .failed,
                                              error: text, attempts: attempts)
                    }
                    answered[row] = try segment.append(decide(&result, row: row, recordId: id, shard: shard, outcome: &outcome))
                }
            }
        }
        // Records the output does not mention.
        let status = shard.providerStatus ?? "unknown"
        for (row, id) in zip(sidecar.rows, sidecar.recordIds) where answered[row] == nil {
            var result = RecordResult(status: .retryable, error: "missing from the job output (job ended \(status)\(shard.message.map { ": " + $0 } ?? ""))",
                                      attempts: (priorAttempts[row] ?? 0) + 1)
            answered[row] = try segment.append(decide(&result, row: row, recordId: id, shard: shard, outcome: &outcome))
        }
        try segment.finish()
        CrashPoint.hit("harvest-segment")
        return Collected(shard: shard, answered: answered, outcome: outcome)
    }

    /// Points the rows at their new results and records the shard as harvested (one at a time).
    func commit(_ collected: Collected, run: inout RunRecord, now: Double) throws(QuarryError) {
        let (shard, answered, outcome) = (collected.shard, collected.answered, collected.outcome)
        try updateIndexes(answered)
        CrashPoint.hit("harvest-indexed")

        var done = shard
        done.status = .harvested
        done.successCount = answered.count - outcome.failed - outcome.retries.count
        done.errorCount = outcome.failed + outcome.retries.count
        done.inputTokens = outcome.inputTokens
        done.outputTokens = outcome.outputTokens
        run.rowsOK += outcome.ok
        run.rowsFailed += outcome.failed
        run.inputTokens += outcome.inputTokens
        run.outputTokens += outcome.outputTokens
        run.updatedAt = now
        try store.completeHarvest(done, retries: outcome.retries, run: run, now: now)
    }

    /// Settles a result: ok, queued for retry, or failed for good; returns it for the segment.
    func decide(_ result: inout RecordResult, row: Int, recordId: String, shard: ShardRecord, outcome: inout Outcome) -> RecordResult {
        outcome.inputTokens += result.inputTokens
        outcome.outputTokens += result.outputTokens
        switch result.status {
        case .ok: outcome.ok += 1
        case .failed: outcome.failed += 1
        case .retryable:
            if result.attempts < spec.retry.maxAttempts {
                outcome.retries.append(RetryEntry(row: row, recordId: recordId, sourceSeq: shard.seq, attempts: result.attempts))
            } else {
                result.status = .failed
                result.error = (result.error ?? "failed") + " (gave up after \(result.attempts) attempts)"
                outcome.failed += 1
            }
        }
        return result
    }

    /// Points each answered row's index entry at its new result.
    func updateIndexes(_ answered: [Int: ResultStore.Entry]) throws(QuarryError) {
        var byShard: [Int: [(Int, ResultStore.Entry)]] = [:]
        for (row, entry) in answered {
            guard let base = Self.baseShard(containing: row, in: baseShards) else { continue }
            byShard[base.seq, default: []].append((row - base.firstRow, entry))
        }
        for (seq, updates) in byShard {
            guard let base = baseShards.first(where: { $0.seq == seq }) else { continue }
            var index = results.loadIndex(baseShard: seq, rows: base.rowCount)
            for (offset, entry) in updates { index[offset] = entry }
            try results.saveIndex(index, baseShard: seq)
        }
    }

    /// The base shard whose row range holds `row` (shards sorted by first row).
    static func baseShard(containing row: Int, in shards: [ShardRecord]) -> ShardRecord? {
        var lo = 0, hi = shards.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let s = shards[mid]
            if row < s.firstRow { hi = mid - 1 } else if row >= s.firstRow + s.rowCount { lo = mid + 1 } else { return s }
        }
        return nil
    }
}
