/// A field of a schema to write: a name, a logical type and nullability.
///
/// ```swift
/// let schema: [ParquetField] = [
///     ParquetField("id", .int64, nullable: false),
///     ParquetField("text", .string),
///     ParquetField("embedding", .list(ParquetField("element", .float, nullable: false))),
/// ]
/// ```
public struct ParquetField: Sendable, Hashable {
    /// The kind of values a field holds.
    public indirect enum FieldType: Sendable, Hashable {
        case boolean
        case int8, int16, int32, int64
        case uint8, uint16, uint32, uint64
        case float, double
        /// UTF-8 text (BYTE_ARRAY, STRING).
        case string
        /// JSON text (BYTE_ARRAY, JSON).
        case json
        /// Enum text (BYTE_ARRAY, ENUM).
        case enumeration
        /// Raw bytes (BYTE_ARRAY).
        case binary
        /// Raw bytes of a fixed width (FIXED_LEN_BYTE_ARRAY).
        case fixedBinary(Int)
        /// 16-byte UUID (FIXED_LEN_BYTE_ARRAY(16), UUID).
        case uuid
        /// Days since the epoch (INT32, DATE).
        case date
        /// Time of day (INT32 for milliseconds, INT64 otherwise).
        case time(TimeUnit)
        /// Instant (INT64, TIMESTAMP).
        case timestamp(TimeUnit, isAdjustedToUTC: Bool)
        /// Legacy INT96 nanosecond timestamp.
        case int96Timestamp
        /// Exact decimal: INT32 up to 9 digits, INT64 up to 18, FIXED_LEN_BYTE_ARRAY beyond.
        case decimal(precision: Int32, scale: Int32)
        /// A list (3-level LIST layout: `<name> (LIST) { repeated group list { element } }`).
        case list(ParquetField)
        /// A map (`<name> (MAP) { repeated group key_value { key; value } }`); keys must be non-nullable.
        case map(key: ParquetField, value: ParquetField)
        /// A struct of named fields.
        case group([ParquetField])
    }

    public var name: String
    public var type: FieldType
    public var nullable: Bool

    /// Creates a field (nullable unless stated).
    public init(_ name: String, _ type: FieldType, nullable: Bool = true) {
        self.name = name
        self.type = type
        self.nullable = nullable
    }

    /// Flattens fields into footer schema elements (depth first, with a root named `schema`).
    public static func schemaElements(_ fields: [ParquetField]) throws -> [SchemaElement] {
        var root = SchemaElement(name: "schema")
        root.repetition = .required
        root.numChildren = Int32(fields.count)
        var out = [root]
        for f in fields { try f.append(to: &out, repetition: f.nullable ? .optional : .required) }
        return out
    }

    private static func leaf(_ name: String, _ rep: Repetition, _ type: PhysicalType) -> SchemaElement {
        var e = SchemaElement(name: name)
        e.type = type
        e.repetition = rep
        return e
    }

    private func append(to out: inout [SchemaElement], repetition rep: Repetition) throws {
        guard !name.isEmpty else { throw ParquetError.invalid("a field name is empty") }
        var e: SchemaElement
        switch type {
        case .boolean: e = Self.leaf(name, rep, .boolean)
        case .int8, .int16, .int32, .uint8, .uint16, .uint32:
            e = Self.leaf(name, rep, .int32)
            let (width, signed): (Int8, Bool) = switch type {
            case .int8: (8, true)
            case .int16: (16, true)
            case .int32: (32, true)
            case .uint8: (8, false)
            case .uint16: (16, false)
            default: (32, false)
            }
            if !(width == 32 && signed) {
                e.logicalType = .integer(bitWidth: width, isSigned: signed)
                e.convertedType = switch (width, signed) {
                case (8, true): .int8
                case (16, true): .int16
                case (8, false): .uint8
                case (16, false): .uint16
                default: .uint32
                }
            }
        case .int64: e = Self.leaf(name, rep, .int64)
        case .uint64:
            e = Self.leaf(name, rep, .int64)
            e.logicalType = .integer(bitWidth: 64, isSigned: false)
            e.convertedType = .uint64
        case .float: e = Self.leaf(name, rep, .float)
        case .double: e = Self.leaf(name, rep, .double)
        case .string:
            e = Self.leaf(name, rep, .byteArray)
            e.logicalType = .string
            e.convertedType = .utf8
        case .json:
            e = Self.leaf(name, rep, .byteArray)
            e.logicalType = .json
            e.convertedType = .json
        case .enumeration:
            e = Self.leaf(name, rep, .byteArray)
            e.logicalType = .enumeration
            e.convertedType = .enumeration
        case .binary: e = Self.leaf(name, rep, .byteArray)
        case .fixedBinary(let n):
            guard n > 0, n <= 1 << 24 else { throw ParquetError.invalid("field '\(name)': fixed width \(n) is out of range") }
            e = Self.leaf(name, rep, .fixedLenByteArray)
            e.typeLength = Int32(n)
        case .uuid:
            e = Self.leaf(name, rep, .fixedLenByteArray)
            e.typeLength = 16
            e.logicalType = .uuid
        case .date:
            e = Self.leaf(name, rep, .int32)
            e.logicalType = .date
            e.convertedType = .date
        case .time(let unit):
            e = Self.leaf(name, rep, unit == .milliseconds ? .int32 : .int64)
            e.logicalType = .time(isAdjustedToUTC: true, unit: unit)
            if unit == .milliseconds { e.convertedType = .timeMillis } else if unit == .microseconds { e.convertedType = .timeMicros }
        case .timestamp(let unit, let utc):
            e = Self.leaf(name, rep, .int64)
            e.logicalType = .timestamp(isAdjustedToUTC: utc, unit: unit)
            if utc {
                if unit == .milliseconds { e.convertedType = .timestampMillis } else if unit == .microseconds { e.convertedType = .timestampMicros }
            }
        case .int96Timestamp: e = Self.leaf(name, rep, .int96)
        case .decimal(let precision, let scale):
            guard precision > 0, precision <= 76, scale >= 0, scale <= precision else {
                throw ParquetError.invalid("field '\(name)': decimal(\(precision), \(scale)) is invalid")
            }
            if precision <= 9 {
                e = Self.leaf(name, rep, .int32)
            } else if precision <= 18 {
                e = Self.leaf(name, rep, .int64)
            } else {
                e = Self.leaf(name, rep, .fixedLenByteArray)
                e.typeLength = Int32(Self.decimalBytes(precision: Int(precision)))
            }
            e.logicalType = .decimal(scale: scale, precision: precision)
            e.convertedType = .decimal
            e.scale = scale
            e.precision = precision
        case .list(let element):
            var g = SchemaElement(name: name)
            g.repetition = rep
            g.numChildren = 1
            g.logicalType = .list
            g.convertedType = .list
            out.append(g)
            var l = SchemaElement(name: "list")
            l.repetition = .repeated
            l.numChildren = 1
            out.append(l)
            var el = element
            el.name = element.name.isEmpty ? "element" : element.name
            try el.append(to: &out, repetition: element.nullable ? .optional : .required)
            return
        case .map(let key, let value):
            var g = SchemaElement(name: name)
            g.repetition = rep
            g.numChildren = 1
            g.logicalType = .map
            g.convertedType = .map
            out.append(g)
            var kv = SchemaElement(name: "key_value")
            kv.repetition = .repeated
            kv.numChildren = 2
            out.append(kv)
            var k = key
            k.name = "key"
            try k.append(to: &out, repetition: .required)
            var v = value
            v.name = "value"
            try v.append(to: &out, repetition: value.nullable ? .optional : .required)
            return
        case .group(let children):
            guard !children.isEmpty else { throw ParquetError.invalid("group field '\(name)' has no children") }
            var g = SchemaElement(name: name)
            g.repetition = rep
            g.numChildren = Int32(children.count)
            out.append(g)
            for c in children { try c.append(to: &out, repetition: c.nullable ? .optional : .required) }
            return
        }
        out.append(e)
    }

    /// Smallest byte width that holds any unscaled value of `precision` digits.
    static func decimalBytes(precision: Int) -> Int {
        var bytes = 1
        while true {
            // Max positive value with `bytes` bytes is 2^(8*bytes-1) - 1; compare digit counts via log10.
            let digits = Double(8 * bytes - 1) * 0.30102999566398120
            if Int(digits) >= precision { return bytes }
            bytes += 1
        }
    }
}
