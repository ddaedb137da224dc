extension RowSink {
    /// Checks that `batch` can be written with `schema`: same columns, every column fully present.
    func validate(_ batch: RowBatch) throws(TableError) {
        guard batch.columns.count == schema.columns.count, batch.schema.names == schema.names else {
            throw TableError(.invalidBatch, file: path,
                             reason: "the batch's columns (\(batch.schema.names.joined(separator: ", "))) differ from the output's (\(schema.names.joined(separator: ", ")))")
        }
        for (c, column) in batch.columns.enumerated() where column.count != batch.rowCount {
            throw TableError(.invalidBatch, file: path, column: c + 1, columnName: schema.columns[c].name,
                             reason: "the batch has \(column.count) cells in this column for \(batch.rowCount) rows",
                             hint: "write batches read with every column projected")
        }
    }
}

/// Output buffers are written to the file when they pass this size.
let sinkFlushThreshold = 128 << 10
