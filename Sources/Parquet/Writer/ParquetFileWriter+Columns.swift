/// The values of one top-level field for ``ParquetFileWriter/write(columns:rowCount:)``.
public enum ParquetColumnBatch: Sendable {
    /// One value per row, of any type the field accepts (shredded like ``ParquetFileWriter/write(row:)``).
    case values([ParquetValue])
    /// Byte strings for a flat BYTE_ARRAY field (string, JSON, enum or binary): value `i` is
    /// `data[ends[i - 1] ..< ends[i]]` (from 0 for the first), and a row whose `nulls[i]` is true is
    /// null (its range should be empty). `nulls` may be empty when no row is null.
    ///
    /// This is the fast path for text: no `ParquetValue` or `String` is made per row.
    case byteArrays(data: [UInt8], ends: [Int], nulls: [Bool])
}

extension ParquetFileWriter {
    /// Appends `rowCount` rows given column by column: one ``ParquetColumnBatch`` per top-level
    /// field, in schema order, each with `rowCount` entries.
    ///
    /// The whole batch is checked before anything is kept: a value that does not fit its field
    /// throws `ParquetError(.invalidArgument)` and the writer stays usable, as if the batch had
    /// not been given. Pages of ``ParquetColumnBatch/values(_:)`` columns close at batch
    /// boundaries (so a page holds at least one batch's values of that column).
    public func write(columns: [ParquetColumnBatch], rowCount: Int) throws {
        guard !closed else { throw ParquetError.invalid("the writer is closed") }
        guard columns.count == plan.count else {
            throw ParquetError.invalid("a batch has \(columns.count) columns but the schema has \(plan.count) fields")
        }
        guard rowCount > 0 else { return }
        // Check the shapes and the byte-array columns first: once they pass, they cannot fail.
        for (i, column) in columns.enumerated() {
            let node = plan[i]
            switch column {
            case .values(let values):
                guard values.count == rowCount else {
                    throw ParquetError.invalid("field '\(node.path)' has \(values.count) values for \(rowCount) rows")
                }
            case .byteArrays(let data, let ends, let nulls):
                guard case .leaf(let leaf) = node.kind, node.repetition != .repeated,
                      writers[leaf].column.physicalType == .byteArray else {
                    throw ParquetError.invalid("field '\(node.path)' is not a flat byte-array field")
                }
                guard ends.count == rowCount, nulls.isEmpty || nulls.count == rowCount else {
                    throw ParquetError.invalid("field '\(node.path)' has \(ends.count) values for \(rowCount) rows")
                }
                var previous = 0
                for e in ends {
                    guard e >= previous, e <= data.count else {
                        throw ParquetError.invalid("field '\(node.path)': value ends are not ascending within the data")
                    }
                    previous = e
                }
                if node.repetition == .required, nulls.contains(true) {
                    throw ParquetError.invalid("field '\(node.path)' is not nullable but got null")
                }
            }
        }
        for i in writers.indices { marks[i] = writers[i].mark }
        // Value columns: shredded without closing pages, so a rejected value can be rolled back.
        do {
            for (i, column) in columns.enumerated() {
                guard case .values(let values) = column else { continue }
                let node = plan[i]
                for v in values { try RecordShredder.shred(node, v, rep: 0, def: 0, into: &writers) }
            }
        } catch {
            for i in writers.indices { writers[i].rollback(to: marks[i]) }
            throw error
        }
        for (i, column) in columns.enumerated() {
            guard case .byteArrays(let data, let ends, let nulls) = column, case .leaf(let leaf) = plan[i].kind else { continue }
            try appendByteArrays(leaf: leaf, maxDef: plan[i].maxDef, data: data, ends: ends, nulls: nulls)
        }
        bufferedRows += rowCount
        var total = 0
        for i in writers.indices {
            if writers[i].pageIsFull { try writers[i].flushPage() }
            total += writers[i].chunkBytes
        }
        if total >= options.rowGroupByteSize || bufferedRows >= options.maxRowsPerRowGroup {
            try flushRowGroup()
        }
    }

    /// Appends checked byte strings to one flat leaf, closing pages as they fill.
    private func appendByteArrays(leaf: Int, maxDef: Int, data: [UInt8], ends: [Int], nulls: [Bool]) throws {
        try data.withUnsafeBytes { raw in
            try ends.withUnsafeBufferPointer { ends in
                var start = 0
                for r in 0..<ends.count {
                    let end = ends[r]
                    if !nulls.isEmpty && nulls[r] {
                        writers[leaf].appendNull(rep: 0, def: 0)
                    } else {
                        try writers[leaf].appendBytes(UnsafeRawBufferPointer(rebasing: raw[start..<end]))
                        writers[leaf].appendLevels(rep: 0, def: maxDef)
                    }
                    start = end
                    // Checking every value is cheap next to copying it; a page closes near its size.
                    if r & 63 == 63, writers[leaf].pageIsFull { try writers[leaf].flushPage() }
                }
            }
        }
    }
}
