/// The unit of a TIME or TIMESTAMP value.
public enum TimeUnit: Sendable, Hashable {
    case milliseconds
    case microseconds
    case nanoseconds

    /// Units per second.
    public var perSecond: Int64 {
        switch self {
        case .milliseconds: 1_000
        case .microseconds: 1_000_000
        case .nanoseconds: 1_000_000_000
        }
    }
}

/// A Parquet logical type annotation (the `LogicalType` union).
public enum LogicalType: Sendable, Hashable {
    case string
    case map
    case list
    case enumeration
    case decimal(scale: Int32, precision: Int32)
    case date
    case time(isAdjustedToUTC: Bool, unit: TimeUnit)
    case timestamp(isAdjustedToUTC: Bool, unit: TimeUnit)
    case integer(bitWidth: Int8, isSigned: Bool)
    case unknown
    case json
    case bson
    case uuid
    case float16
    /// A member this library does not interpret (field id of the union member).
    case other(Int16)
}

extension TimeUnit {
    init(thrift r: inout ThriftCompactReader) throws {
        var unit: TimeUnit?
        try r.readStruct { r, type, id in
            switch id {
            case 1: unit = .milliseconds
            case 2: unit = .microseconds
            case 3: unit = .nanoseconds
            default: return false
            }
            try r.skip(type)
            return true
        }
        guard let unit else { throw ParquetError.corrupt("TimeUnit has no known member") }
        self = unit
    }

    func write(_ w: inout ThriftCompactWriter) {
        let id: Int16 = switch self {
        case .milliseconds: 1
        case .microseconds: 2
        case .nanoseconds: 3
        }
        w.structField(id) { _ in }
    }
}

extension LogicalType {
    init(thrift r: inout ThriftCompactReader) throws {
        var result: LogicalType?
        try r.readStruct { r, type, id in
            try ThriftCompactReader.check(type, 12, "LogicalType member")
            switch id {
            case 1: result = .string
            case 2: result = .map
            case 3: result = .list
            case 4: result = .enumeration
            case 6: result = .date
            case 11: result = .unknown
            case 12: result = .json
            case 13: result = .bson
            case 14: result = .uuid
            case 15: result = .float16
            case 5:
                var scale: Int32 = 0, precision: Int32 = 0
                try r.readStruct { r, t, fid in
                    switch fid {
                    case 1: try ThriftCompactReader.check(t, 5, "scale"); scale = try r.readI32()
                    case 2: try ThriftCompactReader.check(t, 5, "precision"); precision = try r.readI32()
                    default: return false
                    }
                    return true
                }
                result = .decimal(scale: scale, precision: precision)
                return true
            case 7, 8:
                var utc = false
                var unit = TimeUnit.milliseconds
                try r.readStruct { r, t, fid in
                    switch fid {
                    case 1: utc = try r.boolField(t)
                    case 2: try ThriftCompactReader.check(t, 12, "unit"); unit = try TimeUnit(thrift: &r)
                    default: return false
                    }
                    return true
                }
                result = id == 7 ? .time(isAdjustedToUTC: utc, unit: unit) : .timestamp(isAdjustedToUTC: utc, unit: unit)
                return true
            case 10:
                var width: Int8 = 64, signed = true
                try r.readStruct { r, t, fid in
                    switch fid {
                    case 1: try ThriftCompactReader.check(t, 3, "bitWidth"); width = try r.readI8()
                    case 2: signed = try r.boolField(t)
                    default: return false
                    }
                    return true
                }
                result = .integer(bitWidth: width, isSigned: signed)
                return true
            default:
                result = .other(id)
            }
            try r.skip(type)
            return true
        }
        self = result ?? .other(0)
    }

    func write(_ w: inout ThriftCompactWriter) {
        switch self {
        case .string: w.structField(1) { _ in }
        case .map: w.structField(2) { _ in }
        case .list: w.structField(3) { _ in }
        case .enumeration: w.structField(4) { _ in }
        case .decimal(let scale, let precision):
            w.structField(5) { w in w.i32(1, scale); w.i32(2, precision) }
        case .date: w.structField(6) { _ in }
        case .time(let utc, let unit):
            w.structField(7) { w in w.bool(1, utc); w.structField(2) { w in unit.write(&w) } }
        case .timestamp(let utc, let unit):
            w.structField(8) { w in w.bool(1, utc); w.structField(2) { w in unit.write(&w) } }
        case .integer(let width, let signed):
            w.structField(10) { w in w.i8(1, width); w.bool(2, signed) }
        case .unknown: w.structField(11) { _ in }
        case .json: w.structField(12) { _ in }
        case .bson: w.structField(13) { _ in }
        case .uuid: w.structField(14) { _ in }
        case .float16: w.structField(15) { _ in }
        case .other: break
        }
    }
}
