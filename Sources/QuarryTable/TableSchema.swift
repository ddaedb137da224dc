/// The declared type of a column. Cells carry their own ``CellKind``; the column type says what a
/// typed format (Parquet) stores and what a reader may expect.
public enum ColumnType: String, Sendable, Hashable {
    /// UTF-8 text. Every CSV column is a string column.
    case string
    /// 64-bit integers.
    case int64
    /// Floating-point numbers.
    case double
    /// Booleans.
    case bool
    /// Any JSON value, kept as JSON text (objects, arrays, or a mix of kinds).
    case json
    /// A list of numbers (embedding vectors), written as a JSON array in text formats.
    case floatList
}

/// One column of a table: its name and type.
public struct TableColumn: Sendable, Hashable {
    /// The column's name (CSV header field, JSON key).
    public var name: String
    /// The column's type.
    public var type: ColumnType
    /// The column's original Parquet type when it was read from a Parquet file (nil otherwise).
    /// A Parquet sink writes the column with this type, so a Parquet-to-Parquet copy keeps it.
    public var parquetType: ParquetColumnType?

    /// Creates a column.
    public init(name: String, type: ColumnType = .string, parquetType: ParquetColumnType? = nil) {
        self.name = name
        self.type = type
        self.parquetType = parquetType
    }
}

/// The columns of a table, in order.
public struct TableSchema: Sendable, Hashable {
    /// The columns, in file order.
    public var columns: [TableColumn]

    /// Creates a schema.
    public init(columns: [TableColumn]) { self.columns = columns }

    /// Creates a schema of string columns with these names.
    public init(names: [String]) { self.columns = names.map { TableColumn(name: $0) } }

    /// The column names, in order.
    public var names: [String] { columns.map(\.name) }

    /// Number of columns.
    public var count: Int { columns.count }

    /// The position of the column named `name`, or nil.
    public func index(of name: String) -> Int? { columns.firstIndex { $0.name == name } }
}
