internal import Parquet

/// A problem converting a decoded Parquet column into cells (levels and values disagree).
struct LeafCellError: Error {
    var message: String
}

/// How a top-level Parquet column becomes cells: flat columns straight from the decoded buffers
/// (one case per kind of value), other columns from assembled `ParquetValue`s (`nested`).
enum LeafCellFormat {
    case bool
    /// Signed integers stored as INT32 or INT64.
    case int
    case uint32
    case uint64
    case float
    case double
    /// STRING, JSON and ENUM: UTF-8 text.
    case text
    /// BINARY and FIXED_LEN_BYTE_ARRAY without annotation: text when UTF-8, else bytes.
    case binary
    case uuid
    case date
    case time(perSecond: Int64)
    case timestamp(perSecond: Int64, utc: Bool)
    case int96
    case decimal(scale: Int32, precision: Int32)
    /// Nested or unusual fields: read through record assembly.
    case nested

    /// The flat format for a field type, or nil for nested types.
    init?(_ type: ParquetField.FieldType) {
        switch type {
        case .boolean: self = .bool
        case .int8, .int16, .int32, .int64: self = .int
        case .uint8, .uint16, .uint32: self = .uint32
        case .uint64: self = .uint64
        case .float: self = .float
        case .double: self = .double
        case .string, .json, .enumeration: self = .text
        case .binary, .fixedBinary: self = .binary
        case .uuid: self = .uuid
        case .date: self = .date
        case .time(let u): self = .time(perSecond: u.perSecond)
        case .timestamp(let u, let utc): self = .timestamp(perSecond: u.perSecond, utc: utc)
        case .int96Timestamp: self = .int96
        case .decimal(let p, let s): self = .decimal(scale: s, precision: p)
        case .list, .map, .group: return nil
        }
    }

    /// Appends the cells of `rows` (row indexes within the row group) of a flat column; `cursor` is
    /// the index of the next non-null value and advances past the values used.
    func appendCells(_ data: Parquet.ColumnData, rows: Range<Int>, cursor: inout Int,
                     to out: inout ColumnData) throws(LeafCellError) {
        let defs = data.definitionLevels
        let maxDef = UInt8(truncatingIfNeeded: data.descriptor.maxDefinitionLevel)
        let valueCount = data.values.count
        out.ends.reserveCapacity(out.ends.count + rows.count)
        out.kinds.reserveCapacity(out.kinds.count + rows.count)

        // Calls `body` with each present row's value index, appending nulls for the others.
        func each(_ body: (Int) -> Void) throws(LeafCellError) {
            for r in rows {
                if !defs.isEmpty && defs[r] != maxDef {
                    out.appendNull()
                    continue
                }
                guard cursor < valueCount else {
                    throw LeafCellError(message: "column '\(data.descriptor.dottedPath)' has fewer values than its levels say")
                }
                body(cursor)
                cursor += 1
            }
        }
        func mismatch() -> LeafCellError {
            LeafCellError(message: "column '\(data.descriptor.dottedPath)' holds values of an unexpected physical type")
        }

        switch (self, data.values) {
        case (.text, .byteArray(let b)), (.text, .fixedLenByteArray(let b)):
            try appendByteArrays(b, rows: rows, defs: defs, maxDef: maxDef, cursor: &cursor, binary: false, to: &out, path: data.descriptor.dottedPath)
        case (.binary, .byteArray(let b)), (.binary, .fixedLenByteArray(let b)):
            try appendByteArrays(b, rows: rows, defs: defs, maxDef: maxDef, cursor: &cursor, binary: true, to: &out, path: data.descriptor.dottedPath)
        case (.bool, .boolean(let a)):
            try each { out.append(kind: .bool, text: a[$0] ? "true" : "false") }
        case (.int, .int32(let a)):
            try each { out.append(kind: .number, text: String(a[$0])) }
        case (.int, .int64(let a)):
            try each { out.append(kind: .number, text: String(a[$0])) }
        case (.uint32, .int32(let a)):
            try each { out.append(kind: .number, text: String(UInt32(bitPattern: a[$0]))) }
        case (.uint64, .int64(let a)):
            try each { out.append(kind: .number, text: String(UInt64(bitPattern: a[$0]))) }
        case (.uint32, .int64(let a)):
            try each { out.append(kind: .number, text: String(UInt64(bitPattern: a[$0]))) }
        case (.float, .float(let a)):
            try each { let v = a[$0]; out.append(kind: v.isFinite ? .number : .string, text: TypedCellText.float(v)) }
        case (.double, .double(let a)):
            try each { let v = a[$0]; out.append(kind: v.isFinite ? .number : .string, text: TypedCellText.double(v)) }
        case (.date, .int32(let a)):
            try each { out.appendString(TypedCellText.date(days: Int64(a[$0]))) }
        case (.time(let per), .int32(let a)):
            try each { out.appendString(TypedCellText.time(Int64(a[$0]), perSecond: per)) }
        case (.time(let per), .int64(let a)):
            try each { out.appendString(TypedCellText.time(a[$0], perSecond: per)) }
        case (.timestamp(let per, let utc), .int64(let a)):
            try each { out.appendString(TypedCellText.timestamp(a[$0], perSecond: per, utc: utc)) }
        case (.int96, .int96(let a)):
            try each { out.appendString(TypedCellText.timestamp(a[$0].nanosecondsSinceEpoch, perSecond: 1_000_000_000, utc: false)) }
        case (.decimal(let s, let p), .int32(let a)):
            try each { out.append(kind: .number, text: ParquetDecimal(unscaled: Int64(a[$0]), scale: s, precision: p).description) }
        case (.decimal(let s, let p), .int64(let a)):
            try each { out.append(kind: .number, text: ParquetDecimal(unscaled: a[$0], scale: s, precision: p).description) }
        case (.decimal(let s, let p), .byteArray(let b)), (.decimal(let s, let p), .fixedLenByteArray(let b)):
            try each { out.append(kind: .number, text: ParquetDecimal(unscaledBigEndian: Array(b[$0]), scale: s, precision: p).description) }
        case (.uuid, .fixedLenByteArray(let b)):
            try each { out.appendString(TypedCellText.uuid(b[$0])) }
        default:
            throw mismatch()
        }
    }

    /// Copies byte-array values into cells with `memcpy`, checking UTF-8 (text that is not UTF-8 is
    /// repaired with U+FFFD; binary that is not UTF-8 becomes a bytes cell).
    private func appendByteArrays(_ b: ByteArrays, rows: Range<Int>, defs: [UInt8], maxDef: UInt8, cursor: inout Int,
                                  binary: Bool, to out: inout ColumnData, path: String) throws(LeafCellError) {
        // Reserve the exact bytes: the values of these rows are contiguous from `cursor`.
        var present = 0
        if defs.isEmpty {
            present = rows.count
        } else {
            for r in rows where defs[r] == maxDef { present += 1 }
        }
        guard cursor + present <= b.count else {
            throw LeafCellError(message: "column '\(path)' has fewer values than its levels say")
        }
        let byteCount = b.offsets[cursor + present] - b.offsets[cursor]
        out.bytes.reserveCapacity(out.bytes.count + byteCount)
        var v = cursor
        b.data.withUnsafeBufferPointer { data in
            b.offsets.withUnsafeBufferPointer { offsets in
                for r in rows {
                    if !defs.isEmpty && defs[r] != maxDef {
                        out.appendNull()
                        continue
                    }
                    let s = offsets[v], e = offsets[v + 1]
                    v += 1
                    let cell = UnsafeBufferPointer(rebasing: data[s..<e])
                    if UTF8Validation.isValid(cell) {
                        out.append(kind: .string, bytes: cell)
                    } else if binary {
                        out.append(kind: .bytes, bytes: cell)
                    } else {
                        out.appendString(String(decoding: cell, as: UTF8.self))
                    }
                }
            }
        }
        cursor = v
    }
}

extension UTF8Validation {
    /// Whether `cell` is valid UTF-8.
    @inline(__always)
    static func isValid(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p = cell.baseAddress, cell.count > 0 else { return true }
        return firstInvalid(p, from: 0, to: cell.count) == nil
    }
}
