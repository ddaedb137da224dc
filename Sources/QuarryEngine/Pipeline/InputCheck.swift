import Foundation
public import QuarryCore
public import QuarryTable

/// Everything checked before any work: input readable and well-formed, template columns present,
/// output writable, result columns free. Every failure names the file, line or key and the fix.
public struct CheckedInput: Sendable {
    /// The input's schema.
    public var schema: TableSchema
    /// Rows in the input.
    public var rowCount: Int
    /// Rows the run covers after `max_records` and `max_jobs`.
    public var coveredRows: Int
    /// Input size in bytes.
    public var bytes: Int
    /// Size and modification time, to notice a changed input on resume.
    public var fingerprint: String
    /// The parsed template.
    public var template: PromptTemplate
    /// The resolved model.
    public var model: ResolvedModel
    /// The columns the run appends to each row.
    public var resultColumns: [TableColumn]

    /// Checks a spec's input and output.
    public static func check(_ spec: RunSpec) throws(QuarryError) -> CheckedInput {
        let model: ResolvedModel
        do { model = try ModelCatalog.resolve(spec.model) } catch { throw QuarryError(.unknownModel, error.description) }
        let template = try PromptTemplate(spec.template)

        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: spec.input, isDirectory: &isDir) else {
            if spec.s3 != nil {
                throw QuarryError(.invalidInput, "the S3 input \(spec.s3!.uri) has not been fetched", hint: "fetch it with S3Input.prepare before checking the spec")
            }
            if spec.huggingface != nil {
                throw QuarryError(.invalidInput, "the Hugging Face input \(spec.input) has not been fetched", hint: "fetch it with QuarryHub before checking the spec")
            }
            throw QuarryError(.invalidInput, "input \(spec.input) does not exist", hint: "check `input:` in the spec (paths are relative to the spec file)")
        }
        guard FileManager.default.isReadableFile(atPath: spec.input) else {
            throw QuarryError(.invalidInput, "input \(spec.input) is not readable", hint: "check its permissions")
        }
        try checkOutput(spec.outputMarker, input: spec.input)

        let scan: TableScan
        do { scan = try Table.scan(path: spec.input) } catch { throw QuarryError(.invalidInput, error.description) }
        let names = scan.schema.names
        try template.checkColumns(available: names, inputName: spec.input)

        let resultColumns = Self.resultColumns(kind: model.adapter.kind)
        let clashes = resultColumns.map(\.name).filter { names.contains($0) }
        if !clashes.isEmpty {
            throw QuarryError(.invalidInput, "\(spec.input) already has column\(clashes.count > 1 ? "s" : "") \(clashes.joined(separator: ", ")), which Quarry adds to the output",
                              hint: "rename or drop \(clashes.count > 1 ? "those columns" : "that column") in the input")
        }

        if scan.schema.index(of: spec.recordIdColumn) != nil {
            try checkRecordIds(spec, schema: scan.schema, rows: min(scan.rowCount, spec.limits.maxRecords ?? .max))
        }

        var covered = scan.rowCount
        if let m = spec.limits.maxRecords { covered = min(covered, m) }
        let planner = ShardPlanner(minRecords: spec.limits.minRecordsPerJob, maxRecords: spec.limits.maxRecordsPerJob, maxJobs: spec.limits.maxJobs)
        covered = planner.coveredRecords(total: covered)
        if covered == 0 {
            throw QuarryError(.invalidInput, "\(spec.input) has no data rows", hint: "add rows below the header")
        }
        if covered < spec.limits.minRecordsPerJob && !spec.retry.realtime {
            throw QuarryError(.invalidInput, "the run covers \(covered) rows, fewer than min_records_per_job (\(spec.limits.minRecordsPerJob)), and the real-time lane is off",
                              hint: "set `retry: {realtime: true}` to send them on demand, or lower limits.min_records_per_job if your provider quota allows")
        }
        let attrs = try? FileManager.default.attributesOfItem(atPath: spec.input)
        let size = isDir.boolValue ? scan.bytes : (attrs?[.size] as? NSNumber)?.intValue ?? scan.bytes
        let mtime = (attrs?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        // A Hub input is content-addressed by its commit: a re-downloaded cache is the same input.
        // An S3 input is identified by its objects' keys, sizes and ETags, not by the cache's files.
        let fingerprint = spec.s3?.fingerprint ?? spec.huggingface?.resolvedRevision.map { "hf/\($0)/\(size)" } ?? "\(size)/\(Int(mtime))"
        return CheckedInput(schema: scan.schema, rowCount: scan.rowCount, coveredRows: covered, bytes: size,
                            fingerprint: fingerprint, template: template, model: model, resultColumns: resultColumns)
    }

    /// Caller-chosen record ids must be usable by Bedrock and unique, checked before any job exists.
    static func checkRecordIds(_ spec: RunSpec, schema: TableSchema, rows: Int) throws(QuarryError) {
        let source: any RowSource
        do { source = try Table.openSource(path: spec.input, projection: [spec.recordIdColumn], schema: schema) } catch {
            throw QuarryError(.invalidInput, error.description)
        }
        guard let c = schema.index(of: spec.recordIdColumn) else { return }
        var seen = Set<[UInt8]>()
        while true {
            let batch: RowBatch?
            do { batch = try source.nextBatch() } catch { throw QuarryError(.invalidInput, error.description) }
            guard let batch else { return }
            for r in 0..<batch.rowCount where batch.firstRowIndex + r < rows {
                let value = batch.columns[c].withCell(r) { (_: CellKind, cell: UnsafeBufferPointer<UInt8>) in Array(cell) }
                let line = r < batch.lineNumbers.count ? batch.lineNumbers[r] : batch.firstRowIndex + r + 2
                guard JobNaming.isValidRecordId(value) else {
                    throw QuarryError(.invalidInput, "\(spec.input) line \(line), column \(spec.recordIdColumn): the value is empty or not usable as a Bedrock record id",
                                      hint: "record ids must be 1 to 64 letters, digits, '-' or '_'; fix the value, or rename the column to let Quarry number the rows")
                }
                guard seen.insert(value).inserted else {
                    throw QuarryError(.invalidInput, "\(spec.input) line \(line), column \(spec.recordIdColumn): the id repeats an earlier row's id",
                                      hint: "record ids must be unique; fix the column, or rename it to let Quarry number the rows")
                }
            }
        }
    }

    /// The columns appended to every output row.
    public static func resultColumns(kind: ModelKind) -> [TableColumn] {
        [kind == .embedding ? TableColumn(name: "embedding", type: .floatList) : TableColumn(name: "response", type: .string),
         TableColumn(name: "status", type: .string), TableColumn(name: "error", type: .string),
         TableColumn(name: "input_tokens", type: .int64), TableColumn(name: "output_tokens", type: .int64),
         TableColumn(name: "stop_reason", type: .string), TableColumn(name: "attempts", type: .int64)]
    }

    /// Checks that the output can be written: not a folder, not the input, its folder creatable and writable.
    static func checkOutput(_ output: String, input: String) throws(QuarryError) {
        let fm = FileManager.default
        if URL(fileURLWithPath: output).standardizedFileURL == URL(fileURLWithPath: input).standardizedFileURL {
            throw QuarryError(.outputNotWritable, "the output path is the input file \(input)", hint: "choose another `output:` path")
        }
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: output, isDirectory: &isDir), isDir.boolValue {
            throw QuarryError(.outputNotWritable, "output \(output) is a folder", hint: "give a file path such as out/results.csv")
        }
        let folder = (output as NSString).deletingLastPathComponent
        var existing = folder
        while !fm.fileExists(atPath: existing, isDirectory: &isDir) { existing = (existing as NSString).deletingLastPathComponent }
        guard isDir.boolValue else {
            throw QuarryError(.outputNotWritable, "cannot create the output folder \(folder): \(existing) is a file", hint: "choose another `output:` path")
        }
        guard fm.isWritableFile(atPath: existing) else {
            throw QuarryError(.outputNotWritable, "cannot write the output \(output): \(existing) is not writable", hint: "choose another `output:` path or fix the folder's permissions")
        }
        if fm.fileExists(atPath: output), !fm.isWritableFile(atPath: output) {
            throw QuarryError(.outputNotWritable, "cannot replace the output \(output): it is not writable", hint: "fix its permissions or choose another path")
        }
    }
}
