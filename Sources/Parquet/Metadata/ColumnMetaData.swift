/// Per-column-chunk metadata.
public struct ColumnMetaData: Sendable, Hashable {
    /// The type.
    public var type: PhysicalType
    /// The encodings.
    public var encodings: [Encoding]
    /// The path in schema.
    public var pathInSchema: [String]
    /// The codec.
    public var codec: CompressionCodec
    /// Number of level entries (values including nulls and empty-list markers).
    public var numValues: Int64
    /// The total uncompressed size.
    public var totalUncompressedSize: Int64
    /// The total compressed size.
    public var totalCompressedSize: Int64
    /// The key value metadata.
    public var keyValueMetadata: [KeyValue]?
    /// The data page offset.
    public var dataPageOffset: Int64
    /// The index page offset.
    public var indexPageOffset: Int64?
    /// The dictionary page offset.
    public var dictionaryPageOffset: Int64?
    /// The statistics.
    public var statistics: Statistics?

    /// Creates a value from its parts.
    public init(type: PhysicalType, encodings: [Encoding], pathInSchema: [String], codec: CompressionCodec,
                numValues: Int64, totalUncompressedSize: Int64, totalCompressedSize: Int64, dataPageOffset: Int64) {
        self.type = type
        self.encodings = encodings
        self.pathInSchema = pathInSchema
        self.codec = codec
        self.numValues = numValues
        self.totalUncompressedSize = totalUncompressedSize
        self.totalCompressedSize = totalCompressedSize
        self.dataPageOffset = dataPageOffset
    }

    init(thrift r: inout ThriftCompactReader) throws {
        var type: PhysicalType?
        var encodings: [Encoding] = []
        var path: [String] = []
        var codec: CompressionCodec?
        var numValues: Int64?
        var tus: Int64 = 0, tcs: Int64?
        var kv: [KeyValue]?
        var dpo: Int64?
        var ipo: Int64?, dicto: Int64?
        var stats: Statistics?
        try r.readStruct { r, t, id in
            switch id {
            case 1:
                try ThriftCompactReader.check(t, 5, "type")
                let raw = try r.readI32()
                guard let p = PhysicalType(rawValue: raw) else { throw ParquetError.unsupported("unknown physical type \(raw)") }
                type = p
            case 2:
                try ThriftCompactReader.check(t, 9, "encodings")
                encodings = try r.readList(expecting: 5) { Encoding(rawValue: try $0.readI32()) }
            case 3:
                try ThriftCompactReader.check(t, 9, "path_in_schema")
                path = try r.readList(expecting: 8) { try $0.readString() }
            case 4: try ThriftCompactReader.check(t, 5, "codec"); codec = CompressionCodec(rawValue: try r.readI32())
            case 5: try ThriftCompactReader.check(t, 6, "num_values"); numValues = try r.readI64()
            case 6: try ThriftCompactReader.check(t, 6, "total_uncompressed_size"); tus = try r.readI64()
            case 7: try ThriftCompactReader.check(t, 6, "total_compressed_size"); tcs = try r.readI64()
            case 8:
                try ThriftCompactReader.check(t, 9, "key_value_metadata")
                kv = try r.readList(expecting: 12) { try KeyValue(thrift: &$0) }
            case 9: try ThriftCompactReader.check(t, 6, "data_page_offset"); dpo = try r.readI64()
            case 10: try ThriftCompactReader.check(t, 6, "index_page_offset"); ipo = try r.readI64()
            case 11: try ThriftCompactReader.check(t, 6, "dictionary_page_offset"); dicto = try r.readI64()
            case 12: try ThriftCompactReader.check(t, 12, "statistics"); stats = try Statistics(thrift: &r)
            default: return false
            }
            return true
        }
        guard let type, let codec, let numValues, let tcs, let dpo else {
            throw ParquetError.corrupt("column metadata is missing a required field (type, codec, num_values, sizes or data_page_offset)")
        }
        self.init(type: type, encodings: encodings, pathInSchema: path, codec: codec, numValues: numValues,
                  totalUncompressedSize: tus, totalCompressedSize: tcs, dataPageOffset: dpo)
        keyValueMetadata = kv
        indexPageOffset = ipo
        dictionaryPageOffset = dicto
        statistics = stats
    }

    func write(_ w: inout ThriftCompactWriter) {
        w.i32(1, type.rawValue)
        w.i32List(2, encodings.map(\.rawValue))
        w.stringList(3, pathInSchema)
        w.i32(4, codec.rawValue)
        w.i64(5, numValues)
        w.i64(6, totalUncompressedSize)
        w.i64(7, totalCompressedSize)
        if let keyValueMetadata { w.structList(8, keyValueMetadata) { w, kv in kv.write(&w) } }
        w.i64(9, dataPageOffset)
        w.i64(10, indexPageOffset)
        w.i64(11, dictionaryPageOffset)
        if let statistics { w.structField(12) { w in statistics.write(&w) } }
    }
}

/// One column's chunk within a row group.
public struct ColumnChunk: Sendable, Hashable {
    /// External file path (unsupported by this reader when set).
    public var filePath: String?
    /// The file offset.
    public var fileOffset: Int64
    /// The meta data.
    public var metaData: ColumnMetaData?

    /// Creates a value from its parts.
    public init(fileOffset: Int64 = 0, metaData: ColumnMetaData?) {
        self.fileOffset = fileOffset
        self.metaData = metaData
    }

    init(thrift r: inout ThriftCompactReader) throws {
        var path: String?
        var off: Int64 = 0
        var md: ColumnMetaData?
        try r.readStruct { r, t, id in
            switch id {
            case 1: try ThriftCompactReader.check(t, 8, "file_path"); path = try r.readString()
            case 2: try ThriftCompactReader.check(t, 6, "file_offset"); off = try r.readI64()
            case 3: try ThriftCompactReader.check(t, 12, "meta_data"); md = try ColumnMetaData(thrift: &r)
            default: return false
            }
            return true
        }
        self.init(fileOffset: off, metaData: md)
        filePath = path
    }

    func write(_ w: inout ThriftCompactWriter) {
        w.string(1, filePath)
        w.i64(2, fileOffset)
        if let metaData { w.structField(3) { w in metaData.write(&w) } }
    }
}

/// A horizontal slice of rows: one column chunk per leaf column.
public struct RowGroup: Sendable, Hashable {
    /// The columns.
    public var columns: [ColumnChunk]
    /// Total uncompressed size of the chunks.
    public var totalByteSize: Int64
    /// The num rows.
    public var numRows: Int64
    /// The file offset.
    public var fileOffset: Int64?
    /// The total compressed size.
    public var totalCompressedSize: Int64?
    /// The ordinal.
    public var ordinal: Int16?

    /// Creates a value from its parts.
    public init(columns: [ColumnChunk], totalByteSize: Int64, numRows: Int64) {
        self.columns = columns
        self.totalByteSize = totalByteSize
        self.numRows = numRows
    }

    init(thrift r: inout ThriftCompactReader) throws {
        var cols: [ColumnChunk] = []
        var tbs: Int64 = 0
        var rows: Int64?
        var fo: Int64?, tcs: Int64?, ord: Int16?
        try r.readStruct { r, t, id in
            switch id {
            case 1:
                try ThriftCompactReader.check(t, 9, "columns")
                cols = try r.readList(expecting: 12) { try ColumnChunk(thrift: &$0) }
            case 2: try ThriftCompactReader.check(t, 6, "total_byte_size"); tbs = try r.readI64()
            case 3: try ThriftCompactReader.check(t, 6, "num_rows"); rows = try r.readI64()
            case 5: try ThriftCompactReader.check(t, 6, "file_offset"); fo = try r.readI64()
            case 6: try ThriftCompactReader.check(t, 6, "total_compressed_size"); tcs = try r.readI64()
            case 7: try ThriftCompactReader.check(t, 4, "ordinal"); ord = try r.readI16()
            default: return false
            }
            return true
        }
        guard let rows else { throw ParquetError.corrupt("row group without num_rows") }
        self.init(columns: cols, totalByteSize: tbs, numRows: rows)
        fileOffset = fo
        totalCompressedSize = tcs
        ordinal = ord
    }

    func write(_ w: inout ThriftCompactWriter) {
        w.structList(1, columns) { w, c in c.write(&w) }
        w.i64(2, totalByteSize)
        w.i64(3, numRows)
        w.i64(5, fileOffset)
        w.i64(6, totalCompressedSize)
        if let ordinal { w.fieldHeader(7, 4); w.writeZigzag(Int64(ordinal)) }
    }
}
