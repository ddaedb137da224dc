/// Reads a folder of CSV or JSONL files as one table: the files in name order, one after another,
/// one file open at a time (an S3 prefix fetched into the cache, a dataset split into parts).
///
/// CSV files must all have the first file's header. JSONL files are read with one schema: the union
/// of every file's keys in first-seen order (from ``scan(path:format:)``). ``RowBatch/firstRowIndex``
/// counts rows across the folder; ``RowBatch/lineNumbers`` are lines of the file being read, and
/// errors name that file.
final class FolderSource: RowSource {
    let path: String
    let schema: TableSchema
    private let format: TableFormat
    private let files: [String]
    private let projection: Set<String>?
    private let batchRows: Int
    private let chunkSize: Int
    private var current: (any RowSource)?
    private var nextFile = 0
    private var rowsBefore = 0
    private var rowsInCurrent = 0

    init(path: String, format: TableFormat, projection: Set<String>?, batchRows: Int, expected: TableSchema?,
         chunkSize: Int) throws(TableError) {
        self.path = path
        self.format = format
        self.projection = projection
        self.batchRows = batchRows
        self.chunkSize = chunkSize
        files = try TableFolder.files(in: path, format: format)
        switch format {
        case .csv:
            let first = try CSVSource(path: files[0], projection: projection, batchRows: batchRows, expected: expected, chunkSize: chunkSize)
            schema = first.schema
            current = first
        case .jsonl:
            var schema: TableSchema
            if let expected { schema = expected } else { schema = try Self.scan(path: path, format: .jsonl).schema }
            self.schema = schema
            current = try JSONLSource(path: files[0], schema: schema, projection: projection, batchRows: batchRows, chunkSize: chunkSize)
        case .parquet:
            throw TableError(.unsupportedFormat, file: path, reason: "a Parquet folder is read by ParquetFolderSource")
        }
        nextFile = 1
    }

    func nextBatch() throws(TableError) -> RowBatch? {
        while let source = current {
            if var batch = try source.nextBatch() {
                rowsInCurrent += batch.rowCount
                batch.firstRowIndex += rowsBefore
                return batch
            }
            rowsBefore += rowsInCurrent
            rowsInCurrent = 0
            current = nil
            guard nextFile < files.count else { return nil }
            current = try open(files[nextFile])
            nextFile += 1
        }
        return nil
    }

    private func open(_ file: String) throws(TableError) -> any RowSource {
        switch format {
        case .csv:
            let source = try CSVSource(path: file, projection: projection, batchRows: batchRows, expected: nil, chunkSize: chunkSize)
            try Self.checkSameHeader(source.schema, as: schema, file: file, first: files[0])
            return source
        default:
            return try JSONLSource(path: file, schema: schema, projection: projection, batchRows: batchRows, chunkSize: chunkSize)
        }
    }

    /// Scans every file (all checks): rows and bytes summed; CSV headers must agree; JSONL schemas are merged.
    static func scan(path: String, format: TableFormat) throws(TableError) -> TableScan {
        let files = try TableFolder.files(in: path, format: format)
        var total = TableScan(format: format, schema: TableSchema(columns: []), rowCount: 0, bytes: 0)
        for (i, file) in files.enumerated() {
            let scan = try Table.scan(path: file)
            if i == 0 {
                total.schema = scan.schema
            } else if format == .csv {
                try checkSameHeader(scan.schema, as: total.schema, file: file, first: files[0])
            } else {
                total.schema = merge(total.schema, scan.schema)
            }
            total.rowCount += scan.rowCount
            total.bytes += scan.bytes
        }
        return total
    }

    /// The union of two JSONL schemas in first-seen order; a column typed differently becomes
    /// `double` when both are numbers, else `json` (cells keep their own kinds either way).
    static func merge(_ a: TableSchema, _ b: TableSchema) -> TableSchema {
        var columns = a.columns
        for column in b.columns {
            guard let i = columns.firstIndex(where: { $0.name == column.name }) else {
                columns.append(column)
                continue
            }
            let (x, y) = (columns[i].type, column.type)
            if x == y { continue }
            let numbers: Set<ColumnType> = [.int64, .double]
            columns[i] = TableColumn(name: column.name, type: numbers.contains(x) && numbers.contains(y) ? .double : .json)
        }
        return TableSchema(columns: columns)
    }

    private static func checkSameHeader(_ schema: TableSchema, as expected: TableSchema, file: String, first: String) throws(TableError) {
        guard schema.names != expected.names else { return }
        throw TableError(.unknownColumn, file: file,
                         reason: "its header (\(schema.names.joined(separator: ", "))) differs from that of \(first) (\(expected.names.joined(separator: ", ")))",
                         hint: "every CSV file of a folder input must have the same header")
    }
}
