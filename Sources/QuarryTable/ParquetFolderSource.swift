#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a folder of Parquet files (a Hugging Face split: `0000.parquet`, `0001.parquet`, ...) as one
/// table: the files in name order, one after another, one file open at a time.
///
/// Every file must have the same columns (names and types). ``RowBatch/firstRowIndex`` counts rows
/// across the whole folder and ``RowBatch/lineNumbers`` holds 1-based row numbers within the folder.
final class ParquetFolderSource: RowSource {
    let path: String
    let schema: TableSchema
    private let files: [String]
    private let projection: Set<String>?
    private let batchRows: Int
    private var current: ParquetSource?
    private var nextFile = 0
    private var rowsBefore = 0
    private var rowsInCurrent = 0

    init(path: String, projection: Set<String>?, batchRows: Int, expected: TableSchema?) throws(TableError) {
        self.path = path
        self.projection = projection
        self.batchRows = batchRows
        files = try Self.files(in: path)
        let first = try ParquetSource(path: files[0], projection: projection, batchRows: batchRows, expected: expected)
        schema = first.schema
        current = first
        nextFile = 1
    }

    func nextBatch() throws(TableError) -> RowBatch? {
        while let source = current {
            if var batch = try source.nextBatch() {
                rowsInCurrent += batch.rowCount
                batch.firstRowIndex += rowsBefore
                if rowsBefore > 0 { batch.lineNumbers = batch.lineNumbers.map { $0 + rowsBefore } }
                return batch
            }
            rowsBefore += rowsInCurrent
            rowsInCurrent = 0
            current = nil
            guard nextFile < files.count else { return nil }
            let next = try ParquetSource(path: files[nextFile], projection: projection, batchRows: batchRows, expected: nil)
            try Self.checkSameColumns(next.schema, as: schema, file: files[nextFile], first: files[0])
            current = next
            nextFile += 1
        }
        return nil
    }

    /// One pass over every file's footer: rows, bytes, and the shared schema.
    static func scan(path: String) throws(TableError) -> TableScan {
        let files = try files(in: path)
        var total = TableScan(format: .parquet, schema: TableSchema(columns: []), rowCount: 0, bytes: 0)
        for (i, file) in files.enumerated() {
            let scan = try Table.scanParquet(path: file)
            if i == 0 { total.schema = scan.schema } else { try checkSameColumns(scan.schema, as: total.schema, file: file, first: files[0]) }
            total.rowCount += scan.rowCount
            total.bytes += scan.bytes
        }
        return total
    }

    /// The `.parquet` files directly in `folder` (hidden files skipped), sorted by name.
    static func files(in folder: String) throws(TableError) -> [String] {
        try TableFolder.files(in: folder, format: .parquet)
    }

    /// Whether `path` is a folder (following symbolic links).
    static func isFolder(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    private static func checkSameColumns(_ schema: TableSchema, as expected: TableSchema, file: String, first: String) throws(TableError) {
        guard schema != expected else { return }
        let describe = { (s: TableSchema) in s.columns.map { "\($0.name): \($0.type.rawValue)" }.joined(separator: ", ") }
        throw TableError(.unknownColumn, file: file,
                         reason: "its columns (\(describe(schema))) differ from those of \(first) (\(describe(expected)))",
                         hint: "every Parquet file of a folder input must have the same columns")
    }
}
