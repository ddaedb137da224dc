import Foundation
public import QuarryCore
import QuarryStore
public import QuarryTable

/// Joins every result back onto its input row, in input order, and writes the output dataset.
///
/// Reads the input a batch at a time and the results a base shard at a time (their index), so
/// memory is bounded by a batch and one shard's index. The output is written under a temporary
/// name and renamed when complete (``AssemblyOutput``).
struct Assembler {
    let spec: RunSpec
    let checked: CheckedInput
    let results: ResultStore
    let baseShards: [ShardRecord]

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
        var shardIndex = -1
        var index: [ResultStore.Entry] = []
        var shardStart = 0, shardEnd = 0
        let resultCount = checked.resultColumns.count
        var extra = [ColumnData](repeating: ColumnData(), count: resultCount)
        let embedding = checked.model.adapter.kind == .embedding

        do {
            readLoop: while let batch = try source.nextBatch() {
                for c in 0..<resultCount { extra[c].removeAll() }
                var rows = batch.rowCount
                if batch.firstRowIndex + rows > checked.coveredRows { rows = max(0, checked.coveredRows - batch.firstRowIndex) }
                for r in 0..<rows {
                    let row = batch.firstRowIndex + r
                    while row >= shardEnd {
                        shardIndex += 1
                        guard shardIndex < baseShards.count else {
                            throw QuarryError(.state, "row \(row) belongs to no staged shard", hint: "the state folder is incomplete; rerun `quarry run` to finish staging")
                        }
                        let s = baseShards[shardIndex]
                        shardStart = s.firstRow
                        shardEnd = s.firstRow + s.rowCount
                        index = results.loadIndex(baseShard: s.seq, rows: s.rowCount)
                    }
                    let result = try results.read(index[row - shardStart], adapter: checked.model.adapter)
                    Self.appendResult(result, embedding: embedding, into: &extra, counts: &counts)
                }
                var out = batch
                if rows < batch.rowCount {
                    out = RowBatch(schema: batch.schema, columns: batch.columns.map { col in
                        var c = ColumnData()
                        for i in 0..<rows { c.appendCell(from: col, at: i) }
                        return c
                    }, firstRowIndex: batch.firstRowIndex, lineNumbers: Array(batch.lineNumbers.prefix(rows)))
                }
                let joined = RowBatch(schema: outSchema, columns: out.columns + extra, firstRowIndex: batch.firstRowIndex)
                try output.append(joined)
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
        results.closeReaders()
        return counts
    }

    static func appendResult(_ result: RecordResult?, embedding: Bool, into extra: inout [ColumnData], counts: inout Counts) {
        guard let result else {
            extra[0].appendNull()
            extra[1].appendString("failed")
            extra[2].appendString("no result was recorded for this row (internal error; rerun to retry)")
            extra[3].append(kind: .number, text: "0")
            extra[4].append(kind: .number, text: "0")
            extra[5].appendNull()
            extra[6].append(kind: .number, text: "0")
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
        extra[3].append(kind: .number, text: String(result.inputTokens))
        extra[4].append(kind: .number, text: String(result.outputTokens))
        if let s = result.stopReason { extra[5].appendString(s) } else { extra[5].appendNull() }
        extra[6].append(kind: .number, text: String(result.attempts))
    }
}
