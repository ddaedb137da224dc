/// One node of the flattened (depth-first) Parquet schema, as stored in the footer.
public struct SchemaElement: Sendable, Hashable {
    /// Physical type; nil for group nodes.
    public var type: PhysicalType?
    /// Raw physical type id when it is not a known `PhysicalType`.
    var unknownTypeID: Int32?
    /// Byte width of FIXED_LEN_BYTE_ARRAY values.
    public var typeLength: Int32?
    /// The repetition.
    public var repetition: Repetition?
    /// The name.
    public var name: String
    /// Number of children for group nodes (including the root).
    public var numChildren: Int32?
    /// The converted type.
    public var convertedType: ConvertedType?
    /// The scale.
    public var scale: Int32?
    /// The precision.
    public var precision: Int32?
    /// The field i d.
    public var fieldID: Int32?
    /// The logical type.
    public var logicalType: LogicalType?

    /// Creates a value from its parts.
    public init(name: String) { self.name = name }

    init(thrift r: inout ThriftCompactReader) throws {
        var name: String?
        var s = SchemaElement(name: "")
        try r.readStruct { r, t, id in
            switch id {
            case 1:
                try ThriftCompactReader.check(t, 5, "type")
                let raw = try r.readI32()
                if let p = PhysicalType(rawValue: raw) { s.type = p } else { s.unknownTypeID = raw }
            case 2: try ThriftCompactReader.check(t, 5, "type_length"); s.typeLength = try r.readI32()
            case 3:
                try ThriftCompactReader.check(t, 5, "repetition_type")
                let raw = try r.readI32()
                guard let rep = Repetition(rawValue: raw) else { throw ParquetError.corrupt("unknown repetition type \(raw)") }
                s.repetition = rep
            case 4: try ThriftCompactReader.check(t, 8, "name"); name = try r.readString()
            case 5: try ThriftCompactReader.check(t, 5, "num_children"); s.numChildren = try r.readI32()
            case 6: try ThriftCompactReader.check(t, 5, "converted_type"); s.convertedType = ConvertedType(rawValue: try r.readI32())
            case 7: try ThriftCompactReader.check(t, 5, "scale"); s.scale = try r.readI32()
            case 8: try ThriftCompactReader.check(t, 5, "precision"); s.precision = try r.readI32()
            case 9: try ThriftCompactReader.check(t, 5, "field_id"); s.fieldID = try r.readI32()
            case 10: try ThriftCompactReader.check(t, 12, "logicalType"); s.logicalType = try LogicalType(thrift: &r)
            default: return false
            }
            return true
        }
        guard let name else { throw ParquetError.corrupt("schema element without a name") }
        s.name = name
        self = s
    }

    func write(_ w: inout ThriftCompactWriter) {
        w.i32(1, type?.rawValue)
        w.i32(2, typeLength)
        w.i32(3, repetition?.rawValue)
        w.string(4, name)
        w.i32(5, numChildren)
        w.i32(6, convertedType?.rawValue)
        w.i32(7, scale)
        w.i32(8, precision)
        w.i32(9, fieldID)
        if let logicalType, logicalType != .other(0) {
            if case .other = logicalType {} else { w.structField(10) { w in logicalType.write(&w) } }
        }
    }
}
