import Foundation
public import QuarryCore
import QuarryStore
public import QuarryTable

/// Joins every result back onto its input row, in input order, and writes the output dataset.
///
/// Reads the input a batch at a time and the results a base shard at a time (their index), so
/// memory is bounded by a batch and one shard's index; the result columns are built a chunk ahead on
/// another thread (``ResultColumns``). The output is written under a temporary
/// name and renamed when complete (``AssemblyOutput``).
struct Assembler {
    let spec: RunSpec
    let checked: CheckedInput
    let results: ResultStore
    let baseShards: [ShardRecord]
    /// Rows in a chunk of result columns (the input's batch size, so that they line up).
    var chunkRows = ResultColumns.maxRows
    /// The most result bytes read at once.
    var gatherBytes = ResultColumns.defaultGatherBytes

    struct Counts {
        var ok = 0
        var failed = 0
    }

    func run() throws(QuarryError) -> Counts {
        let outSchema = TableSchema(columns: checked.schema.columns + checked.resultColumns)
        let source: any RowSource
        do { source = try Table.openSource(path: spec.input, projection: nil, schema: checked.schema) } catch {
            throw QuarryError(.invalidInput, error.description)
        }
        let output = try AssemblyOutput(spec: spec, schema: outSchema, baseShards: baseShards)

        var counts = Counts()
        let resultColumns = ResultColumns(results: results, baseShards: baseShards, rows: checked.coveredRows,
                                          adapter: checked.model.adapter, columns: checked.resultColumns.count, chunkRows: chunkRows, gatherBytes: gatherBytes)
        defer { resultColumns.stop() }
        // The chunk of result columns being joined, and how many of its rows are used.
        var chunk: ResultColumns.Chunk?
        var used = 0

        do {
            readLoop: while let batch = try source.nextBatch() {
                var rows = batch.rowCount
                if batch.firstRowIndex + rows > checked.coveredRows { rows = max(0, checked.coveredRows - batch.firstRowIndex) }
                // Join the batch with as many chunks as its rows span: whole when they line up
                // (the usual case), else a piece of each.
                var done = 0
                while done < rows {
                    if chunk == nil || used == chunk!.rows {
                        guard let next = try resultColumns.next() else {
                            throw QuarryError(.state, "no results for row \(batch.firstRowIndex + done)", hint: "rerun `quarry run` to finish the run")
                        }
                        counts.ok += next.counts.ok
                        counts.failed += next.counts.failed
                        chunk = next
                        used = 0
                    }
                    let c = chunk!
                    let n = min(rows - done, c.rows - used)
                    let input = done == 0 && n == batch.rowCount ? batch : AssemblyOutput.rows(done..<(done + n), of: batch)
                    let extra = used == 0 && n == c.rows ? c.columns : AssemblyOutput.rows(used..<(used + n), of: c.columns)
                    try output.append(RowBatch(schema: outSchema, columns: input.columns + extra, firstRowIndex: batch.firstRowIndex + done))
                    done += n
                    used += n
                }
                CrashPoint.hit("assemble")
                if rows < batch.rowCount { break readLoop }
            }
            try output.finish()
            CrashPoint.hit("assembled")
        } catch let error as QuarryError {
            output.abandon()
            throw error
        } catch {
            output.abandon()
            throw QuarryError(.outputNotWritable, "\(error)")
        }
        resultColumns.stop()
        results.closeReaders()
        return counts
    }

    static func appendResult(_ result: RecordResult?, embedding: Bool, into extra: inout [ColumnData], counts: inout Counts) {
        guard let result else {
            extra[0].appendNull()
            extra[1].appendString("failed")
            extra[2].appendString("no result was recorded for this row (internal error; rerun to retry)")
            extra[3].appendInteger(0)
            extra[4].appendInteger(0)
            extra[5].appendNull()
            extra[6].appendInteger(0)
            counts.failed += 1
            return
        }
        if result.status == .ok {
            if embedding, let v = result.embeddingJSON {
                v.withUnsafeBufferPointer { extra[0].append(kind: .json, bytes: $0) }
            } else if let t = result.text {
                t.withUnsafeBufferPointer { extra[0].append(kind: .string, bytes: $0) }
            } else {
                extra[0].appendNull()
            }
            extra[1].appendString("ok")
            extra[2].appendNull()
            counts.ok += 1
        } else {
            extra[0].appendNull()
            extra[1].appendString("failed")
            extra[2].appendString(result.error ?? "failed")
            counts.failed += 1
        }
        extra[3].appendInteger(result.inputTokens)
        extra[4].appendInteger(result.outputTokens)
        if let s = result.stopReason { extra[5].appendString(s) } else { extra[5].appendNull() }
        extra[6].appendInteger(result.attempts)
    }
}
