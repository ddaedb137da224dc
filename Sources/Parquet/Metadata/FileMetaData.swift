/// The file footer.
public struct FileMetaData: Sendable, Hashable {
    /// The version.
    public var version: Int32
    /// Depth-first flattened schema; element 0 is the root.
    public var schema: [SchemaElement]
    /// The num rows.
    public var numRows: Int64
    /// The row groups.
    public var rowGroups: [RowGroup]
    /// The key value metadata.
    public var keyValueMetadata: [KeyValue]?
    /// The created by.
    public var createdBy: String?
    /// Number of column orders written (one TYPE_ORDER per leaf when statistics are written).
    var columnOrderCount: Int = 0

    /// Creates a value from its parts.
    public init(version: Int32 = 1, schema: [SchemaElement], numRows: Int64, rowGroups: [RowGroup]) {
        self.version = version
        self.schema = schema
        self.numRows = numRows
        self.rowGroups = rowGroups
    }

    /// Decodes a footer from Thrift compact bytes.
    public init(thriftBytes bytes: [UInt8]) throws {
        var r = ThriftCompactReader(bytes: bytes)
        try self.init(thrift: &r)
    }

    init(thrift r: inout ThriftCompactReader) throws {
        var version: Int32 = 1
        var schema: [SchemaElement] = []
        var rows: Int64?
        var groups: [RowGroup] = []
        var kv: [KeyValue]?
        var createdBy: String?
        var orders = 0
        try r.readStruct { r, t, id in
            switch id {
            case 1: try ThriftCompactReader.check(t, 5, "version"); version = try r.readI32()
            case 2:
                try ThriftCompactReader.check(t, 9, "schema")
                schema = try r.readList(expecting: 12) { try SchemaElement(thrift: &$0) }
            case 3: try ThriftCompactReader.check(t, 6, "num_rows"); rows = try r.readI64()
            case 4:
                try ThriftCompactReader.check(t, 9, "row_groups")
                groups = try r.readList(expecting: 12) { try RowGroup(thrift: &$0) }
            case 5:
                try ThriftCompactReader.check(t, 9, "key_value_metadata")
                kv = try r.readList(expecting: 12) { try KeyValue(thrift: &$0) }
            case 6: try ThriftCompactReader.check(t, 8, "created_by"); createdBy = try r.readString()
            case 7:
                try ThriftCompactReader.check(t, 9, "column_orders")
                let (et, count) = try r.readListHeader()
                for _ in 0..<count { try r.skip(et) }
                orders = count
            case 8:
                throw ParquetError.unsupported("the file is encrypted (encryption_algorithm is set); encrypted Parquet is not supported")
            default: return false
            }
            return true
        }
        guard let rows else { throw ParquetError.corrupt("footer has no num_rows") }
        guard !schema.isEmpty else { throw ParquetError.corrupt("footer has an empty schema") }
        self.init(version: version, schema: schema, numRows: rows, rowGroups: groups)
        keyValueMetadata = kv
        self.createdBy = createdBy
        columnOrderCount = orders
    }

    /// Encodes the footer as Thrift compact bytes.
    public func thriftBytes() -> [UInt8] {
        var w = ThriftCompactWriter()
        w.structValue { w in
            w.i32(1, version)
            w.structList(2, schema) { w, e in e.write(&w) }
            w.i64(3, numRows)
            w.structList(4, rowGroups) { w, g in g.write(&w) }
            if let keyValueMetadata { w.structList(5, keyValueMetadata) { w, kv in kv.write(&w) } }
            w.string(6, createdBy)
            if columnOrderCount > 0 {
                w.listHeader(7, elementType: 12, count: columnOrderCount)
                for _ in 0..<columnOrderCount {
                    w.structValue { w in w.structField(1) { _ in } }
                }
            }
        }
        return w.bytes
    }
}
