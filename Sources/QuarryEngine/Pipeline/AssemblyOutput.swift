import Foundation
import QuarryCore
import QuarryStore
import QuarryTable

/// Where the assembler's joined rows go: one dataset (the default), or the AWS sample's layout of one
/// Parquet file per job plus `outputs.json`, the list of those files in input order.
///
/// Every file is written under a temporary name and renamed when complete; with the per-job layout the
/// list is written last, so its presence (``RunSpec/outputMarker``) means the whole output is there.
final class AssemblyOutput {
    let spec: RunSpec
    let schema: TableSchema
    let baseShards: [ShardRecord]
    private var sink: (any RowSink)?
    /// Per-job layout: the shard whose file is open, and the row after its last.
    private var shardIndex = -1
    private var shardEnd = 0
    private var files: [(path: String, shard: ShardRecord)] = []

    static let listName = "outputs.json"

    init(spec: RunSpec, schema: TableSchema, baseShards: [ShardRecord]) throws(QuarryError) {
        self.spec = spec
        self.schema = schema
        self.baseShards = baseShards
        let folder = spec.outputLayout == .single ? (spec.output as NSString).deletingLastPathComponent : spec.output
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
            throw QuarryError(.outputNotWritable, "cannot create the output folder \(folder): \(error.localizedDescription)")
        }
        Self.removeLeftovers(in: folder, of: spec.outputLayout == .single ? (spec.output as NSString).lastPathComponent : nil)
        if spec.outputLayout == .single { sink = try open(spec.output) }
    }

    /// The per-job file of the `index`-th job (in input order): `0000.snappy.parquet`, as the sample names them.
    static func fileName(index: Int) -> String { JobNaming.pad(index, 4) + ".snappy.parquet" }

    /// Temporary files of an assembly that a crash interrupted (all of them in a per-job folder).
    private static func removeLeftovers(in folder: String, of base: String?) {
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: folder)) ?? [] {
            let ours = base.map { name.hasPrefix($0 + ".partial") || name.hasPrefix("." + $0 + ".partial") } ?? name.contains(".partial")
            if ours { try? fm.removeItem(atPath: folder + "/" + name) }
        }
    }

    /// What a Parquet output records of the run that wrote it.
    var metadata: [String: String] {
        var m = ["quarry.run_name": spec.name, "quarry.spec_hash": spec.identityHash, "quarry.model": spec.model]
        if let runId = baseShards.first?.runId { m["quarry.run_id"] = runId }
        return m
    }

    private func open(_ path: String) throws(QuarryError) -> any RowSink {
        do { return try Table.openSink(path: path, schema: schema, metadata: metadata) } catch {
            throw QuarryError(.outputNotWritable, error.description)
        }
    }

    /// Appends joined rows (consecutive input rows, in order).
    func append(_ batch: RowBatch) throws(QuarryError) {
        do {
            guard spec.outputLayout == .perJob else { try sink!.append(batch); return }
            var start = 0
            while start < batch.rowCount {
                while batch.firstRowIndex + start >= shardEnd { try openNextJobFile() }
                let end = min(batch.rowCount, shardEnd - batch.firstRowIndex)
                try sink!.append(start == 0 && end == batch.rowCount ? batch : Self.rows(start..<end, of: batch))
                start = end
            }
        } catch let error as QuarryError {
            throw error
        } catch {
            throw QuarryError(.outputNotWritable, "\(error)")
        }
    }

    private func openNextJobFile() throws(QuarryError) {
        try finishFile()
        shardIndex += 1
        guard shardIndex < baseShards.count else {
            throw QuarryError(.state, "row \(shardEnd) belongs to no staged shard", hint: "the state folder is incomplete; rerun `quarry run` to finish staging")
        }
        let shard = baseShards[shardIndex]
        shardEnd = shard.firstRow + shard.rowCount
        let path = spec.output + "/" + Self.fileName(index: shardIndex)
        sink = try open(path)
        files.append((path, shard))
    }

    private func finishFile() throws(QuarryError) {
        guard let sink else { return }
        do { try sink.finish() } catch { throw QuarryError(.outputNotWritable, error.description) }
        self.sink = nil
    }

    /// Finishes the output: renames the last file into place and, per job, writes the list.
    func finish() throws(QuarryError) {
        try finishFile()
        guard spec.outputLayout == .perJob else { return }
        // Files of an earlier assembly with more jobs (another spec under the same output folder).
        let fm = FileManager.default
        let kept = Set(files.map { ($0.path as NSString).lastPathComponent })
        for name in (try? fm.contentsOfDirectory(atPath: spec.output)) ?? [] where name.hasSuffix(".snappy.parquet") && !kept.contains(name) {
            try? fm.removeItem(atPath: spec.output + "/" + name)
        }
        var w = JSONWriter()
        w.beginArray()
        for f in files {
            w.element()
            w.beginObject()
            w.key("output_path"); w.string(f.path)
            w.key("job_name"); w.string(f.shard.jobName)
            w.key("first_row"); w.int(f.shard.firstRow)
            w.key("rows"); w.int(f.shard.rowCount)
            w.endObject()
        }
        w.endArray()
        var bytes = w.bytes
        bytes.append(0x0A)
        try AtomicFile.write(bytes, to: spec.outputMarker)
    }

    /// Discards the file being written (finished per-job files stay; the list is not written).
    func abandon() {
        sink?.abandon()
        sink = nil
    }

    /// Rows `range` of `batch`, copied.
    static func rows(_ range: Range<Int>, of batch: RowBatch) -> RowBatch {
        RowBatch(schema: batch.schema, columns: rows(range, of: batch.columns), firstRowIndex: batch.firstRowIndex + range.lowerBound)
    }

    /// Cells `range` of each column, copied.
    static func rows(_ range: Range<Int>, of columns: [ColumnData]) -> [ColumnData] {
        columns.map { column -> ColumnData in
            var c = ColumnData()
            for i in range { c.appendCell(from: column, at: i) }
            return c
        }
    }
}
