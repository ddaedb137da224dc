/// Conversion of `ParquetValue`s to the column's physical representation.
extension ColumnWriter {
    private func mismatch(_ v: ParquetValue, _ expected: String) -> ParquetError {
        ParquetError.invalid("column '\(column.dottedPath)' expects \(expected) but got a \(Self.kindName(v)) value")
    }

    static func kindName(_ v: ParquetValue) -> String {
        switch v {
        case .null: "null"
        case .bool: "bool"
        case .int32: "int32"
        case .int64: "int64"
        case .uint64: "uint64"
        case .float: "float"
        case .double: "double"
        case .bytes: "bytes"
        case .string: "string"
        case .date: "date"
        case .time: "time"
        case .timestamp: "timestamp"
        case .decimal: "decimal"
        case .uuid: "uuid"
        case .list: "list"
        case .map: "map"
        case .group: "group"
        }
    }

    private func integer(_ v: ParquetValue) -> Int64? {
        switch v {
        case .int32(let x): Int64(x)
        case .int64(let x): x
        case .uint64(let x): Int64(exactly: x)
        case .bool(let b): b ? 1 : 0
        default: nil
        }
    }

    static func convert(_ v: Int64, from: TimeUnit, to: TimeUnit) -> Int64 {
        if from == to { return v }
        let f = from.perSecond, t = to.perSecond
        return t > f ? v &* (t / f) : v / (f / t)
    }

    /// Appends a present value with its levels.
    mutating func append(_ v: ParquetValue, rep: Int, def: Int) throws {
        switch column.physicalType {
        case .boolean:
            guard case .bool(let b) = v else { throw mismatch(v, "a bool") }
            values.bools.append(b)
            stats.add(int: b ? 1 : 0)
        case .int32:
            let x: Int64
            switch (kind, v) {
            case (.date, .date(let d)): x = Int64(d)
            case (.time(let u), .time(let t, let tu)): x = Self.convert(t, from: tu, to: u)
            case (.decimal(let scale, let precision), _):
                guard let d = decimal(v, scale: scale, precision: precision)?.unscaledInt64, let y = Int32(exactly: d) else {
                    throw mismatch(v, "a decimal(\(precision), \(scale))")
                }
                x = Int64(y)
            case (.uint32, _):
                guard let i = integer(v), i >= 0, i <= Int64(UInt32.max) else { throw mismatch(v, "an unsigned integer") }
                x = Int64(Int32(bitPattern: UInt32(i)))
            default:
                guard let i = integer(v), let y = Int32(exactly: i) else { throw mismatch(v, "a 32-bit integer") }
                x = Int64(y)
            }
            if case .integer(let width, true)? = column.element.logicalType, width < 32 {
                let lim = Int64(1) << Int64(width - 1)
                guard x >= -lim && x < lim else { throw mismatch(v, "an int\(width)") }
            }
            if case .integer(let width, false)? = column.element.logicalType, width < 32 {
                let u = Int64(UInt32(bitPattern: Int32(truncatingIfNeeded: x)))
                guard u < Int64(1) << Int64(width) else { throw mismatch(v, "a uint\(width)") }
            }
            values.i32.append(Int32(truncatingIfNeeded: x))
            stats.add(int: x)
        case .int64:
            let x: Int64
            switch (kind, v) {
            case (.timestamp(let u, _), .timestamp(let t, let tu, _)): x = Self.convert(t, from: tu, to: u)
            case (.time(let u), .time(let t, let tu)): x = Self.convert(t, from: tu, to: u)
            case (.decimal(let scale, let precision), _):
                guard let d = decimal(v, scale: scale, precision: precision)?.unscaledInt64 else {
                    throw mismatch(v, "a decimal(\(precision), \(scale))")
                }
                x = d
            case (.uint64, .uint64(let u)): x = Int64(bitPattern: u)
            case (.uint64, _):
                guard let i = integer(v), i >= 0 else { throw mismatch(v, "an unsigned integer") }
                x = i
            default:
                guard let i = integer(v) else { throw mismatch(v, "a 64-bit integer") }
                x = i
            }
            values.i64.append(x)
            stats.add(int: x)
        case .int96:
            guard case .timestamp(let t, let unit, _) = v else { throw mismatch(v, "a timestamp") }
            let nanos = Self.convert(t, from: unit, to: .nanoseconds)
            let perDay: Int64 = 86_400_000_000_000
            var days = nanos / perDay
            var rem = nanos % perDay
            if rem < 0 { rem += perDay; days -= 1 }
            values.i96.append(Int96(nanosOfDay: UInt64(rem), julianDay: UInt32(truncatingIfNeeded: days + 2_440_588)))
        case .float:
            let f: Float
            switch v {
            case .float(let x): f = x
            case .double(let x): f = Float(x)
            default:
                guard let i = integer(v) else { throw mismatch(v, "a float") }
                f = Float(i)
            }
            values.f32.append(f)
            stats.add(double: Double(f))
        case .double:
            let d: Double
            switch v {
            case .double(let x): d = x
            case .float(let x): d = Double(x)
            default:
                guard let i = integer(v) else { throw mismatch(v, "a double") }
                d = Double(i)
            }
            values.f64.append(d)
            stats.add(double: d)
        case .byteArray, .fixedLenByteArray:
            switch (kind, v) {
            case (.decimal(let scale, let precision), _):
                guard let d = decimal(v, scale: scale, precision: precision) else { throw mismatch(v, "a decimal(\(precision), \(scale))") }
                let bytes: [UInt8]
                if column.physicalType == .fixedLenByteArray {
                    guard let b = d.bigEndianBytes(width: column.typeLength) else { throw mismatch(v, "a decimal(\(precision), \(scale))") }
                    bytes = b
                } else {
                    bytes = d.unscaled
                }
                try bytes.withUnsafeBytes { try appendBytes($0) }
            case (_, .string(let s)):
                var s = s
                try s.withUTF8 { try appendBytes(UnsafeRawBufferPointer($0)) }
            case (_, .bytes(let b)), (_, .uuid(let b)):
                try b.withUnsafeBytes { try appendBytes($0) }
            default:
                throw mismatch(v, column.physicalType == .byteArray ? "a string or bytes" : "bytes")
            }
        }
        appendLevels(rep: rep, def: def)
    }

    private func decimal(_ v: ParquetValue, scale: Int32, precision: Int32) -> ParquetDecimal? {
        switch v {
        case .decimal(let d):
            if d.scale == scale { return d }
            return ParquetDecimal(d.description, scale: scale, precision: precision)
        case .string(let s): return ParquetDecimal(s, scale: scale, precision: precision)
        case .int32, .int64:
            guard let i = integer(v) else { return nil }
            return ParquetDecimal(String(i), scale: scale, precision: precision)
        default: return nil
        }
    }
}
