/// Opens table files for streaming reads and atomic writes.
///
///     let scan = try Table.scan(path: "data/topics.jsonl")
///     let source = try Table.openSource(path: "data/topics.jsonl", projection: ["prompt"], schema: scan.schema)
///     while let batch = try source.nextBatch() { ... }
public enum Table {
    /// The default number of rows per batch.
    public static let defaultBatchRows = 4096
    /// The default read size: 4 MiB.
    public static let defaultReadChunkBytes = 256 << 10

    /// Opens `path` for reading in batches of `batchRows` rows.
    ///
    /// - Parameters:
    ///   - projection: the columns to decode; others are tokenized and validated but get no cells.
    ///     nil means every column. Naming a column the table lacks is an error.
    ///   - schema: for JSONL, the schema from ``scan(path:)``; without it the file is scanned first
    ///     (one extra pass). For CSV, when given, the header must have these names.
    ///   - readChunkBytes: how much of the file is read at once (the buffer grows when one row is larger).
    public static func openSource(path: String, projection: Set<String>? = nil, batchRows: Int = defaultBatchRows,
                                  schema: TableSchema? = nil, readChunkBytes: Int = defaultReadChunkBytes) throws(TableError) -> any RowSource {
        let format = try format(of: path)
        if format != .parquet, ParquetFolderSource.isFolder(path) {
            return try FolderSource(path: path, format: format, projection: projection, batchRows: batchRows, expected: schema,
                                    chunkSize: readChunkBytes)
        }
        switch format {
        case .csv:
            return try CSVSource(path: path, projection: projection, batchRows: batchRows, expected: schema,
                                 chunkSize: readChunkBytes)
        case .jsonl:
            var schema = schema
            if schema == nil { schema = try scan(path: path).schema }
            return try JSONLSource(path: path, schema: schema, projection: projection, batchRows: batchRows,
                                   chunkSize: readChunkBytes)
        case .parquet:
            if ParquetFolderSource.isFolder(path) {
                return try ParquetFolderSource(path: path, projection: projection, batchRows: batchRows, expected: schema)
            }
            return try ParquetSource(path: path, projection: projection, batchRows: batchRows, expected: schema)
        }
    }

    /// Opens `path` for writing rows with `schema`. Nothing appears at `path` until
    /// ``RowSink/finish()`` succeeds. `metadata` goes into a Parquet file's footer (key/value
    /// metadata); CSV and JSONL have no place for it.
    public static func openSink(path: String, schema: TableSchema, metadata: [String: String] = [:]) throws(TableError) -> any RowSink {
        switch try format(of: path) {
        case .csv: return try CSVSink(path: path, schema: schema)
        case .jsonl: return try JSONLSink(path: path, schema: schema)
        case .parquet: return try ParquetSink(path: path, schema: schema, metadata: metadata)
        }
    }

    /// Reads the whole file once: counts rows, checks every row's syntax and encoding and, for
    /// JSONL, collects the schema. Throws the first problem, with up to 100 further ones in
    /// ``TableError/otherProblems`` and the count of the rest in ``TableError/unlistedProblemCount``
    /// (an unterminated quote ends the scan).
    public static func scan(path: String) throws(TableError) -> TableScan {
        let format = try format(of: path)
        if format != .parquet, ParquetFolderSource.isFolder(path) { return try FolderSource.scan(path: path, format: format) }
        switch format {
        case .csv:
            let source = try CSVSource(path: path, projection: [], batchRows: 1 << 16)
            source.problems = []
            source.validatesEveryField = true
            let rows = try drain(source) { (source.problems ?? [], source.problemCount) }
            return TableScan(format: .csv, schema: source.schema, rowCount: rows, bytes: source.bytesRead)
        case .jsonl:
            let source = try JSONLSource(path: path, schema: nil, projection: nil, batchRows: 1 << 16)
            source.problems = []
            let rows = try drain(source) { (source.problems ?? [], source.problemCount) }
            return TableScan(format: .jsonl, schema: source.discoveredSchema, rowCount: rows, bytes: source.bytesRead)
        case .parquet:
            return ParquetFolderSource.isFolder(path) ? try ParquetFolderSource.scan(path: path) : try scanParquet(path: path)
        }
    }

    /// Reads every batch; throws the first problem found with the others attached.
    private static func drain(_ source: some RowSource, problems: () -> ([TableError], Int)) throws(TableError) -> Int {
        var rows = 0
        var fatal: TableError?
        do {
            while let batch = try source.nextBatch() { rows += batch.rowCount }
        } catch {
            fatal = error
        }
        var (found, total) = problems()
        if let fatal {
            found.append(fatal)
            total += 1
        }
        guard !found.isEmpty else { return rows }
        var first = found.removeFirst()
        first.otherProblems = found
        first.unlistedProblemCount = total - 1 - found.count
        throw first
    }

    /// The format of `path`, or an error naming the supported extensions. A folder is read as one
    /// table made of its `.parquet`, `.csv` or `.jsonl` files (one format) in name order.
    public static func format(of path: String) throws(TableError) -> TableFormat {
        if ParquetFolderSource.isFolder(path) { return try TableFolder.format(of: path) }
        guard let format = TableFormat(path: path) else {
            if path.lowercased().hasSuffix(".json") {
                throw TableError(.unsupportedFormat, file: path, reason: "a .json file is one JSON document, not a table",
                                 hint: "write one JSON object per line and name the file .jsonl")
            }
            throw TableError(.unsupportedFormat, file: path, reason: "unknown table format",
                             hint: "use a file ending in .csv, .jsonl, .ndjson or .parquet")
        }
        return format
    }

    /// Which schema columns a projection selects (all when nil); unknown names are an error.
    static func projectionMask(schema: TableSchema, projection: Set<String>?, path: String) throws(TableError) -> [Bool] {
        guard let projection else { return Array(repeating: true, count: schema.columns.count) }
        let names = schema.names
        for name in projection.sorted() where !names.contains(name) {
            throw TableError(.unknownColumn, file: path, columnName: name, reason: "no such column",
                             hint: "the columns are: \(names.joined(separator: ", "))")
        }
        return names.map { projection.contains($0) }
    }
}
