import Foundation
public import QuarryCore
import QuarryTable

/// What `quarry plan` shows: the jobs a run would submit, their sizes, tokens and cost. Nothing is
/// written and nothing is submitted.
public struct PlanReport: Sendable {
    /// One planned job.
    public struct Job: Sendable {
        public var seq: Int
        public var firstRow: Int
        public var records: Int
        public var bytes: Int
        /// Whether the records go through the real-time lane (fewer than the job minimum).
        public var realtime: Bool
    }

    public var name: String
    public var model: String
    public var modelFamily: String
    public var input: String
    public var output: String
    public var inputRows: Int
    public var coveredRows: Int
    public var columns: [String]
    public var templateColumns: [String]
    public var jobs: [Job]
    /// Input tokens estimated from the prompt text (about 4 bytes a token).
    public var estimatedInputTokens: Int
    /// The most output tokens the run can produce (rows × max_tokens; 0 for embeddings).
    public var maxOutputTokens: Int
    /// Batch cost of the estimated input tokens plus half the output maximum, when the price is known.
    public var estimatedCost: Double?
    /// Batch cost if every answer used max_tokens.
    public var maxCost: Double?
}

/// Computes a ``PlanReport`` by rendering every covered row (the same cuts the stager makes).
public enum RunPlanner {
    public static func plan(_ spec: RunSpec) throws(QuarryError) -> PlanReport {
        let checked = try CheckedInput.check(spec)
        let planner = ShardPlanner(minRecords: spec.limits.minRecordsPerJob, maxRecords: spec.limits.maxRecordsPerJob)
        let projection = RequestRenderer.neededColumns(template: checked.template, recordIdColumn: spec.recordIdColumn, schema: checked.schema)
        let source: any RowSource
        do { source = try Table.openSource(path: spec.input, projection: projection, schema: checked.schema) } catch {
            throw QuarryError(.invalidInput, error.description)
        }
        var renderer = RequestRenderer(template: checked.template, adapter: checked.model.adapter, params: spec.params,
                                       schema: checked.schema, recordIdColumn: spec.recordIdColumn, file: spec.input)
        var jobs: [PlanReport.Job] = []
        var current: PlanReport.Job?
        var target = 0
        var promptBytes = 0
        let covered = checked.coveredRows
        func close() {
            if let c = current { jobs.append(c) }
            current = nil
        }
        readLoop: while true {
            let batch: RowBatch?
            do { batch = try source.nextBatch() } catch { throw QuarryError(.invalidInput, error.description) }
            guard let batch else { break }
            for r in 0..<batch.rowCount {
                let row = batch.firstRowIndex + r
                if row >= covered { break readLoop }
                _ = try renderer.render(batch, row: r)
                promptBytes += renderer.lastPromptByteCount
                let size = renderer.line.bytes.count
                if let c = current, c.bytes + size > spec.limits.maxBytesPerJob, c.records > 0 { close() }
                if current == nil {
                    target = planner.nextShardSize(remaining: covered - row) ?? (covered - row)
                    current = PlanReport.Job(seq: jobs.count + 1, firstRow: row, records: 0, bytes: 0,
                                             realtime: target < spec.limits.minRecordsPerJob)
                }
                current!.records += 1
                current!.bytes += size
                if current!.records == target { close() }
            }
        }
        close()
        let kind = checked.model.adapter.kind
        let systemTokens = (spec.params.system?.utf8.count ?? 0) / 4
        let inputTokens = promptBytes / 4 + covered * systemTokens
        let maxOut = kind == .embedding ? 0 : covered * spec.params.maxTokens
        let prices = PriceTable.shipped
        return PlanReport(name: spec.name, model: spec.model, modelFamily: checked.model.adapter.family, input: spec.input, output: spec.output,
                          inputRows: checked.rowCount, coveredRows: covered, columns: checked.schema.names,
                          templateColumns: checked.template.columns, jobs: jobs, estimatedInputTokens: inputTokens, maxOutputTokens: maxOut,
                          estimatedCost: prices.batchCost(baseModel: checked.model.baseModelId, inputTokens: inputTokens, outputTokens: maxOut / 2),
                          maxCost: prices.batchCost(baseModel: checked.model.baseModelId, inputTokens: inputTokens, outputTokens: maxOut))
    }
}
