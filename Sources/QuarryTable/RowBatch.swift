/// A batch of consecutive rows, stored by column.
///
/// Every schema column has a ``ColumnData`` in ``columns``; a column left out of a source's projection
/// is present but empty (see ``isProjected(_:)``).
public struct RowBatch: Sendable {
    /// The table's columns.
    public var schema: TableSchema
    /// One entry per schema column, each with ``rowCount`` cells (or none when not projected).
    public var columns: [ColumnData]
    /// Number of rows in the batch.
    public var rowCount: Int
    /// 0-based index of the batch's first row in the whole table.
    public var firstRowIndex: Int
    /// 1-based line where each row starts in the source file (for messages); empty for built batches.
    public var lineNumbers: [Int]

    /// Creates a batch to write. Every column must have the same number of cells.
    public init(schema: TableSchema, columns: [ColumnData], firstRowIndex: Int = 0, lineNumbers: [Int] = []) {
        precondition(columns.count == schema.columns.count, "a batch needs one ColumnData per schema column")
        self.schema = schema
        self.columns = columns
        self.rowCount = columns.map(\.count).max() ?? 0
        self.firstRowIndex = firstRowIndex
        self.lineNumbers = lineNumbers
    }

    /// Creates a batch read from a file (columns outside the projection are empty).
    init(schema: TableSchema, columns: [ColumnData], rowCount: Int, firstRowIndex: Int, lineNumbers: [Int]) {
        self.schema = schema
        self.columns = columns
        self.rowCount = rowCount
        self.firstRowIndex = firstRowIndex
        self.lineNumbers = lineNumbers
    }

    /// Creates an empty batch with one empty column per schema column.
    public init(schema: TableSchema) {
        self.init(schema: schema, columns: Array(repeating: ColumnData(), count: schema.columns.count))
    }

    /// The first `n` rows (all of them when `n >= rowCount`), copying only what is kept.
    public func prefix(_ n: Int) -> RowBatch {
        guard n < rowCount else { return self }
        let n = max(0, n)
        let columns = self.columns.map { column -> ColumnData in
            guard column.count > n else { return column }
            var kept = ColumnData()
            let byteEnd = n == 0 ? 0 : column.ends[n - 1]
            kept.bytes = Array(column.bytes[..<byteEnd])
            kept.ends = Array(column.ends[..<n])
            kept.kinds = Array(column.kinds[..<n])
            return kept
        }
        return RowBatch(schema: schema, columns: columns, rowCount: n, firstRowIndex: firstRowIndex,
                        lineNumbers: Array(lineNumbers.prefix(n)))
    }

    /// Whether column `c` holds cell data (it was in the source's projection).
    public func isProjected(_ c: Int) -> Bool { columns[c].count == rowCount }

    /// The text of the cell at `row` (0-based within the batch) in the column named `name`, or nil
    /// when the cell is null or the column does not exist or was not projected.
    public func text(row: Int, column name: String) -> String? {
        guard let c = schema.index(of: name), isProjected(c) else { return nil }
        return columns[c].text(row)
    }
}
