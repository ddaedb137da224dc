import Foundation
public import QuarryCore
import QuarryStore
public import QuarryTable

/// Reads the input once, renders every covered row and writes the base shards to the object store.
///
/// Shards are cut by ``ShardPlanner`` (balanced within the record limits, closed early at the byte
/// cap) in a deterministic way, so a resumed run re-creates exactly the shards it has not staged yet.
struct Stager {
    let spec: RunSpec
    let checked: CheckedInput
    let runId: String
    let paths: RunPaths
    let store: any JobStore
    let objects: any ObjectStore
    let onShard: @Sendable (ShardRecord) -> Void

    func run() async throws(QuarryError) {
        var writer: (any ObjectWriter)?
        do {
            try await stage(&writer)
        } catch {
            // Nothing half-written may stay behind (an S3 multipart upload is aborted).
            await writer?.abort()
            throw error
        }
    }

    private func stage(_ writer: inout (any ObjectWriter)?) async throws(QuarryError) {
        let existing = try store.shards(runId: runId).filter { $0.kind == .base }.sorted { $0.seq < $1.seq }
        var nextRow = existing.last.map { $0.firstRow + $0.rowCount } ?? 0
        var seq = (existing.last?.seq ?? 0) + 1
        let covered = checked.coveredRows
        let planner = ShardPlanner(minRecords: spec.limits.minRecordsPerJob, maxRecords: spec.limits.maxRecordsPerJob)
        if nextRow >= covered { return }

        let projection = RequestRenderer.neededColumns(template: checked.template, recordIdColumn: spec.recordIdColumn, schema: checked.schema)
        let source: any RowSource
        do { source = try Table.openSource(path: spec.input, projection: projection, schema: checked.schema) } catch {
            throw QuarryError(.invalidInput, error.description)
        }
        var renderer = RequestRenderer(template: checked.template, adapter: checked.model.adapter, params: spec.params,
                                       schema: checked.schema, recordIdColumn: spec.recordIdColumn, file: spec.input)

        var sidecar = Sidecar()
        var seenIds = Set<String>()
        var target = 0
        var firstRow = nextRow
        let userIds = checked.schema.index(of: spec.recordIdColumn) != nil

        func close(_ writer: inout (any ObjectWriter)?) async throws(QuarryError) {
            guard let w = writer else { return }
            let key = RunPaths.inputKey(runName: spec.name, runId: runId, seq: seq)
            try sidecar.write(to: paths.sidecar(seq: seq))
            try await w.commit()
            CrashPoint.hit("staged")
            let shard = ShardRecord(runId: runId, seq: seq, kind: .base, firstRow: firstRow, rowCount: sidecar.rows.count, bytes: w.bytesWritten,
                                    objectKey: key, jobName: JobNaming.jobName(runName: spec.name, runId: runId, shard: seq),
                                    clientToken: JobNaming.clientToken(runId: runId, shard: seq))
            try store.recordStaged(shard)
            onShard(shard)
            writer = nil
            seq += 1
        }

        readLoop: while true {
            let batch: RowBatch?
            do { batch = try source.nextBatch() } catch { throw QuarryError(.invalidInput, error.description) }
            guard let batch else { break }
            if Task.isCancelled {
                throw QuarryError(.cancelled, "staging was interrupted", hint: "run the same command again to resume")
            }
            let end = batch.firstRowIndex + batch.rowCount
            if end <= nextRow { continue }
            for r in 0..<batch.rowCount {
                let row = batch.firstRowIndex + r
                if row < nextRow { continue }
                if row >= covered { break readLoop }
                let recordId = try renderer.render(batch, row: r)
                let line = renderer.line.bytes
                if let w = writer, w.bytesWritten + line.count > spec.limits.maxBytesPerJob, !sidecar.rows.isEmpty {
                    try await close(&writer)
                }
                if writer == nil {
                    target = planner.nextShardSize(remaining: covered - row) ?? (covered - row)
                    firstRow = row
                    sidecar = Sidecar()
                    seenIds.removeAll(keepingCapacity: true)
                    writer = try await objects.makeWriter(for: objects.uri(forKey: RunPaths.inputKey(runName: spec.name, runId: runId, seq: seq)))
                }
                if line.count > spec.limits.maxBytesPerJob {
                    throw QuarryError(.invalidInput, "\(spec.input) line \(batch.lineNumbers.indices.contains(r) ? batch.lineNumbers[r] : row + 2): the request is \(line.count) bytes, more than limits.max_bytes_per_job",
                                      hint: "raise limits.max_bytes_per_job or shorten the row")
                }
                if userIds {
                    guard seenIds.insert(recordId).inserted else {
                        throw QuarryError(.invalidInput, "\(spec.input) line \(batch.lineNumbers.indices.contains(r) ? batch.lineNumbers[r] : row + 2): record_id repeats an earlier row's id",
                                          hint: "record ids must be unique; fix the column or remove it to let Quarry number the rows")
                    }
                }
                try await writer!.write(line)
                sidecar.rows.append(row)
                sidecar.recordIds.append(recordId)
                nextRow = row + 1
                if sidecar.rows.count == target { try await close(&writer) }
            }
        }
        try await close(&writer)
    }
}
