/// Column or page statistics. Values are PLAIN-encoded (no length prefix for byte arrays).
public struct Statistics: Sendable, Hashable {
    /// Deprecated signed-order maximum.
    public var max: [UInt8]?
    /// Deprecated signed-order minimum.
    public var min: [UInt8]?
    /// Number of null entries (absent is not zero).
    public var nullCount: Int64?
    /// The distinct count.
    public var distinctCount: Int64?
    /// Maximum under the column order.
    public var maxValue: [UInt8]?
    /// Minimum under the column order.
    public var minValue: [UInt8]?
    /// The is max value exact.
    public var isMaxValueExact: Bool?
    /// The is min value exact.
    public var isMinValueExact: Bool?

    /// Creates a value from its parts.
    public init() {}

    init(thrift r: inout ThriftCompactReader) throws {
        try r.readStruct { r, t, id in
            switch id {
            case 1: try ThriftCompactReader.check(t, 8, "max"); max = try r.readBinary()
            case 2: try ThriftCompactReader.check(t, 8, "min"); min = try r.readBinary()
            case 3: try ThriftCompactReader.check(t, 6, "null_count"); nullCount = try r.readI64()
            case 4: try ThriftCompactReader.check(t, 6, "distinct_count"); distinctCount = try r.readI64()
            case 5: try ThriftCompactReader.check(t, 8, "max_value"); maxValue = try r.readBinary()
            case 6: try ThriftCompactReader.check(t, 8, "min_value"); minValue = try r.readBinary()
            case 7: isMaxValueExact = try r.boolField(t)
            case 8: isMinValueExact = try r.boolField(t)
            default: return false
            }
            return true
        }
    }

    func write(_ w: inout ThriftCompactWriter) {
        w.binary(1, max)
        w.binary(2, min)
        w.i64(3, nullCount)
        w.i64(4, distinctCount)
        w.binary(5, maxValue)
        w.binary(6, minValue)
        w.bool(7, isMaxValueExact)
        w.bool(8, isMinValueExact)
    }
}

/// A key/value metadata entry.
public struct KeyValue: Sendable, Hashable {
    /// The key.
    public var key: String
    /// The value.
    public var value: String?

    /// Creates a value from its parts.
    public init(key: String, value: String?) {
        self.key = key
        self.value = value
    }

    init(thrift r: inout ThriftCompactReader) throws {
        var key: String?
        var value: String?
        try r.readStruct { r, t, id in
            switch id {
            case 1: try ThriftCompactReader.check(t, 8, "key"); key = try r.readString()
            case 2: try ThriftCompactReader.check(t, 8, "value"); value = try r.readString()
            default: return false
            }
            return true
        }
        self.key = key ?? ""
        self.value = value
    }

    func write(_ w: inout ThriftCompactWriter) {
        w.string(1, key)
        w.string(2, value)
    }
}
