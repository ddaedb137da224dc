/// What one pass over a table file found.
public struct TableScan: Sendable {
    /// The file's format.
    public var format: TableFormat
    /// The columns: a CSV file's header (all strings), or the union of a JSONL file's keys in
    /// first-seen order with inferred types.
    public var schema: TableSchema
    /// Number of rows (blank lines not counted).
    public var rowCount: Int
    /// Size of the file in bytes.
    public var bytes: Int

    /// Creates a scan result.
    public init(format: TableFormat, schema: TableSchema, rowCount: Int, bytes: Int) {
        self.format = format
        self.schema = schema
        self.rowCount = rowCount
        self.bytes = bytes
    }
}
