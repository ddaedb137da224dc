/// The decoded, projected columns of one row group.
public struct RowGroupData: Sendable {
    /// The file's schema.
    public let schema: ParquetSchema
    /// Number of rows in the row group.
    public let rowCount: Int
    /// Decoded leaf columns, in schema order.
    public let columns: [ColumnData]

    /// The decoded leaf column with the given dotted path, if it was read.
    public func column(_ dottedPath: String) -> ColumnData? {
        columns.first { $0.descriptor.dottedPath == dottedPath }
    }

    /// Top-level fields whose leaves were all read (the fields `rows()` returns).
    public var fields: [SchemaNode] {
        let read = Set(columns.map(\.descriptor.index))
        return schema.fields.filter { f in f.leafRange.allSatisfy { read.contains($0) } && !f.leafRange.isEmpty }
    }

    /// Values of each complete top-level field, one array per field (column-major).
    public func fieldValues() throws -> [[ParquetValue]] {
        // Every row contributes at least one entry to every leaf, so the levels bound the row count.
        for c in columns where c.entryCount < rowCount {
            throw ParquetError.corrupt("column '\(c.descriptor.dottedPath)' has \(c.entryCount) entries but the row group claims \(rowCount) rows")
        }
        var asm = RecordAssembler(schema: schema, columns: columns)
        var out: [[ParquetValue]] = []
        for f in fields {
            var vals: [ParquetValue] = []
            vals.reserveCapacity(rowCount)
            if f.isLeaf && f.repetition != .repeated {
                vals = try asm.readLeafColumn(f, rows: rowCount)
            } else {
                for _ in 0..<rowCount { vals.append(try asm.readField(f)) }
            }
            out.append(vals)
        }
        return out
    }

    /// Rows as arrays of values in the order of `fields`.
    public func rows() throws -> [[ParquetValue]] {
        let cols = try fieldValues()
        var out: [[ParquetValue]] = []
        out.reserveCapacity(rowCount)
        for r in 0..<rowCount { out.append(cols.map { $0[r] }) }
        return out
    }
}
