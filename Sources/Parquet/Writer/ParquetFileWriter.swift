/// Writes a Parquet file row batch by row batch with bounded memory.
///
/// Rows are shredded into per-column pages as they arrive; a row group is flushed to the
/// output when its buffered size reaches `ParquetWriterOptions.rowGroupByteSize`, so memory
/// holds at most about one row group.
///
/// ```swift
/// let w = try ParquetFileWriter(path: "out.parquet", fields: [ParquetField("id", .int64, nullable: false),
///                                                            ParquetField("text", .string)])
/// try w.write(rows: [[.int64(1), .string("hello")], [.int64(2), .null]])
/// try w.close()
/// ```
public final class ParquetFileWriter {
    /// The schema being written.
    public let schema: ParquetSchema
    /// The options in effect.
    public let options: ParquetWriterOptions
    private let sink: OutputSink
    // Internal (not private) for the column-wise writes in ParquetFileWriter+Columns.swift.
    var writers: [ColumnWriter]
    let plan: [ShredNode]
    var marks: [ColumnWriter.Mark]
    private var rowGroups: [RowGroup] = []
    var bufferedRows = 0
    private var totalRows: Int64 = 0
    var closed = false

    /// Creates a writer for a file at `path` (replaced if it exists).
    public convenience init(path: String, fields: [ParquetField], options: ParquetWriterOptions = ParquetWriterOptions()) throws {
        try self.init(sink: OutputSink(path: path), fields: fields, options: options)
    }

    /// Creates a writer that collects the file in memory; read it with `bytes` after `close()`.
    public convenience init(fields: [ParquetField], options: ParquetWriterOptions = ParquetWriterOptions()) throws {
        try self.init(sink: OutputSink(), fields: fields, options: options)
    }

    /// Creates a writer from raw schema elements (root first), for layouts `ParquetField` cannot express.
    public convenience init(path: String? = nil, elements: [SchemaElement], options: ParquetWriterOptions = ParquetWriterOptions()) throws {
        let sink = try path.map { try OutputSink(path: $0) } ?? OutputSink()
        try self.init(sink: sink, schema: ParquetSchema(elements: elements), options: options)
    }

    private convenience init(sink: OutputSink, fields: [ParquetField], options: ParquetWriterOptions) throws {
        guard !fields.isEmpty else { throw ParquetError.invalid("a Parquet schema needs at least one field") }
        let names = fields.map(\.name)
        guard Set(names).count == names.count else { throw ParquetError.invalid("field names must be unique") }
        try self.init(sink: sink, schema: ParquetSchema(elements: ParquetField.schemaElements(fields)), options: options)
    }

    private init(sink: OutputSink, schema: ParquetSchema, options: ParquetWriterOptions) throws {
        guard PageCompression.isAvailable(options.compression) else {
            _ = try PageCompression.compress(options.compression, UnsafeRawBufferPointer(start: nil, count: 0))
            throw ParquetError(.codecUnavailable, "compression \(options.compression) is not available")
        }
        guard options.dataPageVersion == 1 || options.dataPageVersion == 2 else {
            throw ParquetError.invalid("dataPageVersion must be 1 or 2")
        }
        self.sink = sink
        self.schema = schema
        self.options = options
        writers = schema.columns.map { ColumnWriter(column: $0, options: options) }
        plan = schema.fields.map(ShredNode.init)
        marks = Array(repeating: ColumnWriter.Mark(), count: schema.columns.count)
        try sink.write([0x50, 0x41, 0x52, 0x31])
    }

    /// The file bytes, for a writer created without a path (after `close()`).
    public var bytes: [UInt8] { sink.memory }

    /// Appends rows; each row holds one value per top-level field, in schema order.
    public func write(rows: [[ParquetValue]]) throws {
        for row in rows { try write(row: row) }
    }

    /// Appends one row. A row that does not fit the schema is rejected with an error and
    /// leaves the writer usable.
    public func write(row: [ParquetValue]) throws {
        guard !closed else { throw ParquetError.invalid("the writer is closed") }
        guard row.count == plan.count else {
            throw ParquetError.invalid("a row has \(row.count) values but the schema has \(plan.count) fields")
        }
        for i in writers.indices { marks[i] = writers[i].mark }
        do {
            for i in 0..<plan.count {
                try RecordShredder.shred(plan[i], row[i], rep: 0, def: 0, into: &writers)
            }
        } catch {
            // Undo the columns this row already reached; the row is rejected, the file stays valid.
            for i in writers.indices { writers[i].rollback(to: marks[i]) }
            throw error
        }
        bufferedRows += 1
        var total = 0
        for i in writers.indices {
            if writers[i].pageIsFull { try writers[i].flushPage() }
            total += writers[i].chunkBytes
        }
        if total >= options.rowGroupByteSize || bufferedRows >= options.maxRowsPerRowGroup {
            try flushRowGroup()
        }
    }

    /// Writes the buffered rows as a row group now.
    public func flushRowGroup() throws {
        guard bufferedRows > 0 else { return }
        var chunks: [ColumnChunk] = []
        var uncompressed: Int64 = 0
        var compressed: Int64 = 0
        let start = sink.offset
        for i in writers.indices {
            let (parts, meta) = try writers[i].finishChunk(at: sink.offset)
            for p in parts { try sink.write(p) }
            chunks.append(ColumnChunk(fileOffset: 0, metaData: meta))
            uncompressed += meta.totalUncompressedSize
            compressed += meta.totalCompressedSize
        }
        var group = RowGroup(columns: chunks, totalByteSize: uncompressed, numRows: Int64(bufferedRows))
        group.fileOffset = Int64(start)
        group.totalCompressedSize = compressed
        group.ordinal = Int16(exactly: rowGroups.count)
        rowGroups.append(group)
        totalRows += Int64(bufferedRows)
        bufferedRows = 0
    }

    /// Flushes remaining rows, writes the footer and closes the output.
    public func close() throws {
        guard !closed else { return }
        try flushRowGroup()
        var meta = FileMetaData(version: 1, schema: schema.elements, numRows: totalRows, rowGroups: rowGroups)
        meta.createdBy = options.createdBy
        if !options.keyValueMetadata.isEmpty { meta.keyValueMetadata = options.keyValueMetadata }
        if options.writeStatistics { meta.columnOrderCount = schema.columns.count }
        let footer = meta.thriftBytes()
        try sink.write(footer)
        let n = UInt32(footer.count)
        try sink.write([UInt8(n & 0xFF), UInt8((n >> 8) & 0xFF), UInt8((n >> 16) & 0xFF), UInt8(n >> 24), 0x50, 0x41, 0x52, 0x31])
        try sink.close()
        closed = true
    }
}
