/// A single value of a Parquet column, with its logical type applied.
///
/// Rows are assembled from column levels into these values: lists, maps and groups nest.
public indirect enum ParquetValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int32(Int32)
    case int64(Int64)
    /// UINT_64 values (smaller unsigned types are widened into `int32`/`int64`).
    case uint64(UInt64)
    case float(Float)
    case double(Double)
    /// Raw bytes (BYTE_ARRAY or FIXED_LEN_BYTE_ARRAY without a textual annotation).
    case bytes([UInt8])
    /// Text (STRING/UTF8, ENUM, JSON annotations).
    case string(String)
    /// Days since 1970-01-01.
    case date(Int32)
    /// Time of day in `unit` since midnight.
    case time(Int64, unit: TimeUnit)
    /// Instant in `unit` since 1970-01-01T00:00:00 (UTC when `isAdjustedToUTC`).
    case timestamp(Int64, unit: TimeUnit, isAdjustedToUTC: Bool)
    case decimal(ParquetDecimal)
    /// A 16-byte UUID.
    case uuid([UInt8])
    case list([ParquetValue])
    case map([MapEntry])
    /// A struct: named fields in schema order.
    case group([NamedValue])

    /// One key/value pair of a map.
    public struct MapEntry: Sendable, Hashable {
        public var key: ParquetValue
        public var value: ParquetValue
        public init(key: ParquetValue, value: ParquetValue) {
            self.key = key
            self.value = value
        }
    }

    /// One field of a group.
    public struct NamedValue: Sendable, Hashable {
        public var name: String
        public var value: ParquetValue
        public init(name: String, value: ParquetValue) {
            self.name = name
            self.value = value
        }
    }

    /// Whether this is `.null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The field named `name` of a group value.
    public subscript(field name: String) -> ParquetValue? {
        guard case .group(let fields) = self else { return nil }
        return fields.first { $0.name == name }?.value
    }
}
