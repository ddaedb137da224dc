internal import Parquet

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension TableError.Code {
    /// A Parquet file that cannot be read: not Parquet, corrupt, or using an unsupported feature.
    public static let invalidParquet = TableError.Code("invalidParquet")
}

/// Reads a Parquet file one row group at a time, decoding only the projected top-level fields.
///
/// Every column keeps its Parquet type in ``TableColumn/parquetType`` (when it has a writable
/// form), so a Parquet sink writes it back with the same type. Cells hold the text described in
/// ``TypedCellText``: text (string, enum, JSON, binary that is UTF-8, UUID as canonical text) is
/// `string`; integers, finite floats and decimals are `number`; booleans are `bool` (`true`/`false`);
/// dates, times and timestamps are `string` in Python's `str()` form; non-finite floats are
/// `string` (`nan`, `inf`, `-inf`); binary that is not UTF-8 is `bytes`; lists, maps and structs
/// are `json` (see `ParquetValue.jsonText`). ``RowBatch/lineNumbers`` holds the 1-based row number of
/// each row.
///
/// Flat columns are streamed a few pages at a time (``ColumnChunkStream``) and converted straight
/// from the decoded buffers (text is copied with `memcpy`), so memory holds a batch and a few pages
/// per column whatever the row group size; nested columns go through `ParquetValue` record assembly
/// and hold their whole row group.
final class ParquetSource: RowSource {
    let path: String
    let schema: TableSchema
    private let reader: ParquetFileReader
    private let mask: [Bool]
    private let batchRows: Int
    /// How each schema column is read (nil when not projected).
    private let plans: [LeafCellFormat?]
    /// Projected fields read through record assembly (a whole row group at a time).
    private let nestedNames: [String]

    private var nextGroup = 0
    /// Leaf index of each flat schema column.
    private let leafIndex: [Int?]
    /// The current row group's flat columns, by schema column: a stream over the column chunk, the
    /// decoded part being consumed, the next entry of that part and the index of its next value.
    private var streams: [ColumnChunkStream?] = []
    private var parts: [Parquet.ColumnData?] = []
    private var partEntry: [Int] = []
    private var valueCursor: [Int] = []
    /// The current row group's nested values, by schema column.
    private var nested: [[ParquetValue]?] = []
    private var currentRows = 0
    private var offsetInGroup = 0
    private var rowsBefore = 0
    private var done = false

    init(path: String, projection: Set<String>?, batchRows: Int, expected: TableSchema?) throws(TableError) {
        self.path = path
        self.batchRows = max(1, batchRows)
        reader = try Self.open(path)
        schema = try Self.tableSchema(of: reader, path: path)
        if let expected, expected.names != schema.names {
            throw TableError(.unknownColumn, file: path,
                             reason: "the file's columns (\(schema.names.joined(separator: ", "))) differ from the expected ones (\(expected.names.joined(separator: ", ")))",
                             hint: "scan the file again: it may have changed")
        }
        mask = try Table.projectionMask(schema: schema, projection: projection, path: path)
        var plans: [LeafCellFormat?] = []
        var nestedNames: [String] = []
        var leafIndex: [Int?] = []
        for (c, node) in reader.schema.fields.enumerated() {
            leafIndex.append(node.isLeaf ? node.leafRange.lowerBound : nil)
            guard mask[c] else { plans.append(nil); continue }
            if node.isLeaf, node.repetition != .repeated, let type = schema.columns[c].parquetType?.field.type,
               let format = LeafCellFormat(type) {
                plans.append(format)
            } else {
                plans.append(.nested)
                nestedNames.append(node.name)
            }
        }
        self.plans = plans
        self.leafIndex = leafIndex
        self.nestedNames = nestedNames
    }

    /// Opens the footer, mapping failures to table errors.
    static func open(_ path: String) throws(TableError) -> ParquetFileReader {
        var st = stat()
        if stat(path, &st) != 0 {
            let e = errno
            if e == ENOENT {
                throw TableError(.fileNotFound, file: path, reason: "no such file", hint: "check the path")
            }
            throw TableError(.unreadable, file: path, reason: "cannot open the file: \(String(cString: strerror(e)))")
        }
        do {
            return try ParquetFileReader(path: path)
        } catch {
            throw tableError(error, path: path)
        }
    }

    /// The table schema of a Parquet file: one column per top-level field, with its Parquet type.
    static func tableSchema(of reader: ParquetFileReader, path: String) throws(TableError) -> TableSchema {
        var columns: [TableColumn] = []
        for node in reader.schema.fields {
            if let parquetType = ParquetColumnType(node: node) {
                columns.append(TableColumn(name: node.name, type: columnType(parquetType.field.type), parquetType: parquetType))
            } else {
                columns.append(TableColumn(name: node.name, type: node.isLeaf ? .string : .json))
            }
        }
        return TableSchema(columns: columns)
    }

    static func columnType(_ t: ParquetField.FieldType) -> ColumnType {
        switch t {
        case .boolean: return .bool
        case .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64: return .int64
        case .float, .double: return .double
        case .json: return .json
        case .string, .enumeration, .binary, .fixedBinary, .uuid, .date, .time, .timestamp, .int96Timestamp, .decimal:
            return .string
        case .list(let element):
            switch element.type {
            case .float, .double: return .floatList
            default: return .json
            }
        case .map, .group: return .json
        }
    }

    /// Maps a Parquet library error (or any error) to a table error naming the file.
    static func tableError(_ error: any Error, path: String, rowGroup: Int? = nil) -> TableError {
        let place = rowGroup.map { "row group \($0): " } ?? ""
        guard let p = error as? ParquetError else {
            return TableError(.unreadable, file: path, reason: place + "\(error)")
        }
        // The library's message starts with the file name it was given; keep only what follows.
        var message = p.message
        if message.hasPrefix(path + ": ") { message.removeFirst(path.count + 2) }
        switch p.code {
        case .io:
            return TableError(.unreadable, file: path, reason: place + message)
        case .codecUnavailable:
            return TableError(.invalidParquet, file: path, reason: place + message,
                              hint: "install the named system library")
        case .unsupported:
            return TableError(.invalidParquet, file: path, reason: place + message,
                              hint: "rewrite the file without the unsupported feature (for example with pyarrow)")
        case .notParquet:
            return TableError(.invalidParquet, file: path, reason: place + message,
                              hint: "check that the file is a Parquet file")
        default:
            return TableError(.invalidParquet, file: path, reason: place + message,
                              hint: "the file is damaged: write it again")
        }
    }

    func nextBatch() throws(TableError) -> RowBatch? {
        guard !done else { return nil }
        while offsetInGroup >= currentRows {
            guard nextGroup < reader.rowGroups.count else {
                done = true
                streams = []
                parts = []
                nested = []
                return nil
            }
            do {
                try loadGroup(nextGroup)
            } catch {
                done = true
                throw error
            }
            nextGroup += 1
        }
        let start = offsetInGroup
        let n = min(batchRows, currentRows - start)
        var columns = Array(repeating: ColumnData(), count: schema.count)
        for c in 0..<schema.count {
            guard let plan = plans[c] else { continue }
            if case .nested = plan {
                guard let values = nested[c] else { continue }
                columns[c].ends.reserveCapacity(n)
                columns[c].kinds.reserveCapacity(n)
                for r in start..<(start + n) { Self.appendCell(values[r], to: &columns[c]) }
            } else {
                try appendFlat(c, plan: plan, rows: n, to: &columns[c])
            }
        }
        let first = rowsBefore + start
        offsetInGroup += n
        return RowBatch(schema: schema, columns: columns, rowCount: n, firstRowIndex: first,
                        lineNumbers: Array((first + 1)...(first + n)))
    }

    /// Reads row group `g` (projected fields only).
    private func loadGroup(_ g: Int) throws(TableError) {
        rowsBefore += currentRows
        offsetInGroup = 0
        let meta = reader.rowGroups[g]
        guard let rows = Int(exactly: meta.numRows), rows >= 0 else {
            throw TableError(.invalidParquet, file: path, reason: "row group \(g): invalid row count")
        }
        streams = Array(repeating: nil, count: schema.count)
        parts = Array(repeating: nil, count: schema.count)
        partEntry = Array(repeating: 0, count: schema.count)
        valueCursor = Array(repeating: 0, count: schema.count)
        nested = Array(repeating: nil, count: schema.count)
        currentRows = rows
        guard rows > 0 else { return }
        for c in 0..<schema.count where mask[c] {
            if case .nested? = plans[c] { continue }
            guard let leaf = leafIndex[c] else { continue }
            do { streams[c] = try reader.columnStream(rowGroup: g, column: leaf) } catch { throw Self.tableError(error, path: path, rowGroup: g) }
        }
        if !nestedNames.isEmpty {
            let group: RowGroupData
            let values: [[ParquetValue]]
            do {
                group = try reader.readRowGroup(g, columns: nestedNames)
                values = try group.fieldValues()
            } catch {
                throw Self.tableError(error, path: path, rowGroup: g)
            }
            for (i, field) in group.fields.enumerated() {
                guard let c = schema.index(of: field.name), mask[c], i < values.count else { continue }
                guard values[i].count == rows else {
                    throw TableError(.invalidParquet, file: path, columnName: field.name,
                                     reason: "row group \(g): \(values[i].count) values for \(rows) rows",
                                     hint: "the file is damaged: write it again")
                }
                nested[c] = values[i]
            }
        }
        for c in 0..<schema.count where mask[c] && streams[c] == nil && nested[c] == nil {
            throw TableError(.invalidParquet, file: path, columnName: schema.columns[c].name,
                             reason: "row group \(g): the column could not be read")
        }
    }

    /// Appends the next `rows` cells of flat column `c`, decoding pages of its chunk as needed.
    private func appendFlat(_ c: Int, plan: LeafCellFormat, rows: Int, to out: inout ColumnData) throws(TableError) {
        var needed = rows
        do {
            while needed > 0 {
                if parts[c] == nil || partEntry[c] >= parts[c]!.entryCount {
                    parts[c] = nil  // let go of the decoded part so the stream reuses its storage
                    guard let part = try streams[c]?.next(minEntries: min(needed, batchRows)) else {
                        throw LeafCellError(message: "the column chunk ends before the row group's \(currentRows) rows")
                    }
                    guard part.repetitionLevels.isEmpty,
                          part.definitionLevels.isEmpty || part.definitionLevels.count == part.entryCount else {
                        throw LeafCellError(message: "a flat column has inconsistent levels")
                    }
                    parts[c] = part
                    partEntry[c] = 0
                    valueCursor[c] = 0
                }
                let part = parts[c]!
                let k = min(needed, part.entryCount - partEntry[c])
                try plan.appendCells(part, rows: partEntry[c]..<(partEntry[c] + k), cursor: &valueCursor[c], to: &out)
                partEntry[c] += k
                needed -= k
            }
        } catch let error as LeafCellError {
            done = true
            throw TableError(.invalidParquet, file: path, columnName: schema.columns[c].name,
                             reason: "row group \(nextGroup - 1): \(error.message)", hint: "the file is damaged: write it again")
        } catch {
            done = true
            throw Self.tableError(error, path: path, rowGroup: nextGroup - 1)
        }
    }

    /// Appends one assembled value as a cell (text as in ``TypedCellText``).
    static func appendCell(_ value: ParquetValue, to column: inout ColumnData) {
        switch value {
        case .null: column.appendNull()
        case .string(let s): column.appendString(s)
        case .bool(let b): column.append(kind: .bool, text: b ? "true" : "false")
        case .int32(let v): column.append(kind: .number, text: String(v))
        case .int64(let v): column.append(kind: .number, text: String(v))
        case .uint64(let v): column.append(kind: .number, text: String(v))
        case .float(let v): column.append(kind: v.isFinite ? .number : .string, text: TypedCellText.float(v))
        case .double(let v): column.append(kind: v.isFinite ? .number : .string, text: TypedCellText.double(v))
        case .decimal(let d): column.append(kind: .number, text: d.description)
        case .date(let d): column.appendString(TypedCellText.date(days: Int64(d)))
        case .time(let v, let unit): column.appendString(TypedCellText.time(v, perSecond: unit.perSecond))
        case .timestamp(let v, let unit, let utc):
            column.appendString(TypedCellText.timestamp(v, perSecond: unit.perSecond, utc: utc))
        case .uuid(let b): column.appendString(TypedCellText.uuid(b))
        case .bytes(let b):
            b.withUnsafeBufferPointer { p in
                column.append(kind: UTF8Validation.isValid(p) ? .string : .bytes, bytes: p)
            }
        case .list, .map, .group:
            column.append(kind: .json, text: value.jsonText)
        }
    }
}

extension Table {
    /// Schema, row count (from the footer, no data read) and size of a Parquet file.
    static func scanParquet(path: String) throws(TableError) -> TableScan {
        let reader = try ParquetSource.open(path)
        let schema = try ParquetSource.tableSchema(of: reader, path: path)
        var st = stat()
        let bytes = stat(path, &st) == 0 ? Int(st.st_size) : 0
        guard let rows = Int(exactly: reader.rowCount), rows >= 0 else {
            throw TableError(.invalidParquet, file: path, reason: "invalid row count in the footer",
                             hint: "the file is damaged: write it again")
        }
        return TableScan(format: .parquet, schema: schema, rowCount: rows, bytes: bytes)
    }
}
