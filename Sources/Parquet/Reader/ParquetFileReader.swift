/// Reads a Parquet file: its footer, schema and row groups, column by column.
///
/// Memory stays bounded by one row group's projected columns: nothing is read until
/// `readRowGroup` is called, and only the requested column chunks are fetched.
///
/// ```swift
/// let reader = try ParquetFileReader(path: "data.parquet")
/// for g in 0..<reader.rowGroups.count {
///     let group = try reader.readRowGroup(g, columns: ["text"])
///     let text = group.columns[0]          // levels + contiguous values
///     let rows = try group.rows()          // or a row-oriented view
/// }
/// ```
public final class ParquetFileReader: Sendable {
    /// Where the bytes come from.
    public let source: any RandomAccessSource
    /// The decoded footer.
    public let metadata: FileMetaData
    /// The schema tree and leaf columns.
    public let schema: ParquetSchema
    /// A name for error messages (the path, when read from a file).
    public let name: String
    /// Offset where the footer starts (no column chunk may extend past it).
    let footerStart: Int

    /// Largest footer accepted.
    public static let maxFooterSize = 256 << 20

    /// Opens a file by path.
    public convenience init(path: String) throws {
        try self.init(source: FileSource(path: path), name: path)
    }

    /// Reads a file held in memory.
    public convenience init(bytes: [UInt8], name: String = "<memory>") throws {
        try self.init(source: MemorySource(bytes), name: name)
    }

    /// Reads from any random-access source.
    public init(source: any RandomAccessSource, name: String = "<source>") throws {
        self.source = source
        self.name = name
        let size = source.size
        guard size >= 12 else {
            throw ParquetError(.notParquet, "\(name) is not a Parquet file: only \(size) bytes (a Parquet file has at least 12)")
        }
        let head = try source.read(at: 0, count: 4)
        let tail = try source.read(at: size - 8, count: 8)
        guard head == [0x50, 0x41, 0x52, 0x31] else {
            throw ParquetError(.notParquet, "\(name) is not a Parquet file: it does not start with PAR1")
        }
        if tail[4..<8] == [0x50, 0x41, 0x52, 0x45] {
            throw ParquetError(.unsupported, "\(name) has an encrypted footer (PARE), which is not supported")
        }
        guard tail[4..<8] == [0x50, 0x41, 0x52, 0x31] else {
            throw ParquetError(.notParquet, "\(name) is not a complete Parquet file: it does not end with PAR1 (truncated download?)")
        }
        let footerLen = Int(tail[0]) | Int(tail[1]) << 8 | Int(tail[2]) << 16 | Int(tail[3]) << 24
        guard footerLen > 0, footerLen <= size - 12, footerLen <= Self.maxFooterSize else {
            throw ParquetError(.corrupt, "\(name): footer length \(footerLen) does not fit in the \(size)-byte file")
        }
        footerStart = size - 8 - footerLen
        let footer = try source.read(at: footerStart, count: footerLen)
        do {
            metadata = try FileMetaData(thriftBytes: footer)
            schema = try ParquetSchema(elements: metadata.schema)
        } catch let e as ParquetError {
            throw e.adding(context: "\(name): footer")
        }
        for (g, group) in metadata.rowGroups.enumerated() {
            guard group.columns.count == schema.columns.count else {
                throw ParquetError.corrupt("\(name): row group \(g) has \(group.columns.count) column chunks but the schema has \(schema.columns.count) columns")
            }
            guard group.numRows >= 0 else { throw ParquetError.corrupt("\(name): row group \(g) has a negative row count") }
        }
    }

    /// Total number of rows (from the footer).
    public var rowCount: Int64 { metadata.numRows }
    /// Row group metadata.
    public var rowGroups: [RowGroup] { metadata.rowGroups }
    /// Application-defined key/value metadata.
    public var keyValueMetadata: [String: String] {
        var out: [String: String] = [:]
        for kv in metadata.keyValueMetadata ?? [] { out[kv.key] = kv.value ?? "" }
        return out
    }

    /// Reads one column chunk of one row group.
    public func readColumn(rowGroup g: Int, column c: Int) throws -> ColumnData {
        guard rowGroups.indices.contains(g) else { throw ParquetError.invalid("row group \(g) does not exist (\(rowGroups.count) row groups)") }
        guard schema.columns.indices.contains(c) else { throw ParquetError.invalid("column \(c) does not exist (\(schema.columns.count) columns)") }
        let descriptor = schema.columns[c]
        let context = "\(name): row group \(g), column '\(descriptor.dottedPath)'"
        do {
            let group = rowGroups[g]
            if let meta = group.columns[c].metaData, meta.numValues == 0 && group.numRows == 0, meta.type == descriptor.physicalType {
                let empty = ValueBuffers(type: descriptor.physicalType, width: descriptor.typeLength)
                return ColumnData(descriptor: descriptor, definitionLevels: [], repetitionLevels: [], values: empty.finish(), entryCount: 0)
            }
            let (meta, start, length, rows) = try chunkRange(rowGroup: g, column: c)
            let bytes = try source.read(at: start, count: length)
            let decoder = ColumnChunkDecoder(column: descriptor, meta: meta, rowCount: rows)
            return try decoder.decode(bytes)
        } catch let e as ParquetError {
            throw e.adding(context: context)
        }
    }

    /// The checked metadata, file range and row count of a column chunk.
    func chunkRange(rowGroup g: Int, column c: Int) throws -> (meta: ColumnMetaData, start: Int, length: Int, rows: Int) {
        let descriptor = schema.columns[c]
        let group = rowGroups[g]
        let chunk = group.columns[c]
        if chunk.filePath != nil { throw ParquetError.unsupported("column data in an external file is not supported") }
        guard let meta = chunk.metaData else { throw ParquetError.corrupt("column chunk has no metadata") }
        guard meta.type == descriptor.physicalType else {
            throw ParquetError.corrupt("chunk type \(meta.type) differs from the schema type \(descriptor.physicalType)")
        }
        var start = meta.dataPageOffset
        if let d = meta.dictionaryPageOffset, d > 0, d < start { start = d }
        let length = meta.totalCompressedSize
        if meta.numValues == 0 && group.numRows == 0 { return (meta, Int(clamping: max(4, start)), 0, 0) }
        guard start >= 4, length >= 0, start <= Int64(footerStart), length <= Int64(footerStart) - start else {
            throw ParquetError.corrupt("column chunk range (offset \(start), length \(length)) lies outside the data area")
        }
        guard group.numRows >= 0, group.numRows <= Int64(Int32.max) * 64 else { throw ParquetError.corrupt("row group claims \(group.numRows) rows") }
        return (meta, Int(start), Int(length), Int(group.numRows))
    }

    /// Reads the projected columns of one row group. `columns` names top-level fields (all
    /// their leaves) or dotted leaf paths; nil reads every column.
    public func readRowGroup(_ g: Int, columns: [String]? = nil) throws -> RowGroupData {
        let indices = try schema.leafIndices(for: columns)
        return try readRowGroup(g, columnIndices: indices)
    }

    /// Reads the given leaf columns (by index) of one row group.
    public func readRowGroup(_ g: Int, columnIndices: [Int]) throws -> RowGroupData {
        guard rowGroups.indices.contains(g) else { throw ParquetError.invalid("row group \(g) does not exist (\(rowGroups.count) row groups)") }
        var cols: [ColumnData] = []
        for c in columnIndices { cols.append(try readColumn(rowGroup: g, column: c)) }
        return RowGroupData(schema: schema, rowCount: Int(rowGroups[g].numRows), columns: cols)
    }
}
