/// Converts physical values of one leaf column to `ParquetValue`s using its logical type.
struct LeafConverter {
    enum Kind {
        case bool, int32, int64, int96, float, double
        case uint32, uint64
        case string, bytes, uuid, float16
        case date
        case time(TimeUnit)
        case timestamp(TimeUnit, Bool)
        case decimal(scale: Int32, precision: Int32)
    }

    let kind: Kind

    init(_ c: ColumnDescriptor) {
        let e = c.element
        let logical = e.logicalType
        let converted = e.convertedType
        switch c.physicalType {
        case .boolean: kind = .bool
        case .int96: kind = .int96
        case .float: kind = .float
        case .double: kind = .double
        case .int32, .int64:
            let is32 = c.physicalType == .int32
            switch logical {
            case .date?: kind = .date
            case .time(_, let unit)?: kind = .time(unit)
            case .timestamp(let utc, let unit)?: kind = .timestamp(unit, utc)
            case .decimal(let s, let p)?: kind = .decimal(scale: s, precision: p)
            case .integer(_, false)?: kind = is32 ? .uint32 : .uint64
            default:
                switch converted {
                case .date?: kind = .date
                case .timeMillis?: kind = .time(.milliseconds)
                case .timeMicros?: kind = .time(.microseconds)
                case .timestampMillis?: kind = .timestamp(.milliseconds, true)
                case .timestampMicros?: kind = .timestamp(.microseconds, true)
                case .decimal?: kind = .decimal(scale: e.scale ?? 0, precision: e.precision ?? 0)
                case .uint8?, .uint16?, .uint32?: kind = is32 ? .uint32 : .uint64
                case .uint64?: kind = .uint64
                default: kind = is32 ? .int32 : .int64
                }
            }
        case .byteArray, .fixedLenByteArray:
            switch logical {
            case .string?, .enumeration?, .json?: kind = .string
            case .decimal(let s, let p)?: kind = .decimal(scale: s, precision: p)
            case .uuid?: kind = c.typeLength == 16 ? .uuid : .bytes
            case .float16?: kind = c.typeLength == 2 ? .float16 : .bytes
            case .bson?: kind = .bytes
            default:
                switch converted {
                case .utf8?, .enumeration?, .json?: kind = .string
                case .decimal?: kind = .decimal(scale: e.scale ?? 0, precision: e.precision ?? 0)
                default: kind = .bytes
                }
            }
        }
    }

    /// The value at index `i` of `values` (index validated by the caller).
    func value(_ values: ColumnValues, _ i: Int) -> ParquetValue {
        switch values {
        case .boolean(let a): return .bool(a[i])
        case .int32(let a):
            let v = a[i]
            switch kind {
            case .date: return .date(v)
            case .time(let u): return .time(Int64(v), unit: u)
            case .timestamp(let u, let utc): return .timestamp(Int64(v), unit: u, isAdjustedToUTC: utc)
            case .decimal(let s, let p): return .decimal(ParquetDecimal(unscaled: Int64(v), scale: s, precision: p))
            case .uint32: return .int64(Int64(UInt32(bitPattern: v)))
            case .uint64: return .uint64(UInt64(UInt32(bitPattern: v)))
            default: return .int32(v)
            }
        case .int64(let a):
            let v = a[i]
            switch kind {
            case .time(let u): return .time(v, unit: u)
            case .timestamp(let u, let utc): return .timestamp(v, unit: u, isAdjustedToUTC: utc)
            case .decimal(let s, let p): return .decimal(ParquetDecimal(unscaled: v, scale: s, precision: p))
            case .uint64, .uint32: return .uint64(UInt64(bitPattern: v))
            case .date: return .date(Int32(truncatingIfNeeded: v))
            default: return .int64(v)
            }
        case .int96(let a): return .timestamp(a[i].nanosecondsSinceEpoch, unit: .nanoseconds, isAdjustedToUTC: false)
        case .float(let a): return .float(a[i])
        case .double(let a): return .double(a[i])
        case .byteArray(let b), .fixedLenByteArray(let b):
            switch kind {
            case .string: return .string(b.string(at: i))
            case .decimal(let s, let p): return .decimal(ParquetDecimal(unscaledBigEndian: Array(b[i]), scale: s, precision: p))
            case .uuid: return .uuid(Array(b[i]))
            case .float16:
                let s = b[i]
                let bits = UInt16(s[s.startIndex]) | UInt16(s[s.startIndex + 1]) << 8
                return .float(Self.halfToFloat(bits))
            default: return .bytes(Array(b[i]))
            }
        }
    }

    static func halfToFloat(_ h: UInt16) -> Float {
        let sign = UInt32(h >> 15) << 31
        let exp = Int((h >> 10) & 0x1F)
        let mant = UInt32(h & 0x3FF)
        if exp == 0 {
            let v = Float(mant) * Float(sign != 0 ? -1 : 1) / 16_777_216  // 2^-24
            return v
        }
        if exp == 31 { return Float(bitPattern: sign | 0x7F80_0000 | mant << 13) }
        return Float(bitPattern: sign | UInt32(exp - 15 + 127) << 23 | mant << 13)
    }
}
