import QuarryCore
internal import Parquet

/// Writes a Parquet file (Snappy) with one field per schema column.
///
/// A column read from Parquet (with a ``TableColumn/parquetType``) is written with that type, its
/// cells parsed back from their text (see `TypedCellParser`). Other columns by column type: `string`
/// → nullable string; `int64` → int64; `double` → double; `bool` → boolean; `json` → JSON-annotated
/// string; `floatList` → `list<float>` parsed from the cell's JSON array text. List elements of
/// `floatList` are not nullable. Text columns are handed to the writer as whole buffers (no value
/// per cell). The file is written under a temporary name in the destination folder and renamed into
/// place by ``finish()``, like ``CSVSink``. Key/value `metadata` goes into the footer.
final class ParquetSink: RowSink {
    let path: String
    let schema: TableSchema
    private let file: AtomicOutputFile
    private var writer: ParquetFileWriter?
    private let fields: [ParquetField]
    private var rowsWritten = 0

    init(path: String, schema: TableSchema, metadata: [String: String] = [:]) throws(TableError) {
        self.path = path
        self.schema = schema
        guard !schema.columns.isEmpty else {
            throw TableError(.invalidBatch, file: path, reason: "a Parquet file needs at least one column")
        }
        guard Set(schema.names).count == schema.names.count else {
            throw TableError(.duplicateColumn, file: path, reason: "two columns share a name")
        }
        file = try AtomicOutputFile(path: path)
        fields = schema.columns.map { Self.field(for: $0) }
        do {
            // Columns from a Parquet input keep their exact schema elements (physical type, width,
            // logical and converted types, list layout); the others are declared from their fields.
            var root = SchemaElement(name: "schema")
            root.repetition = .required
            root.numChildren = Int32(schema.count)
            var elements = [root]
            for (c, column) in schema.columns.enumerated() {
                var own = try column.parquetType?.elements ?? ParquetColumnType(fields[c]).elements
                own[0].name = column.name
                elements += own
            }
            let keyValues = metadata.sorted { $0.key < $1.key }.map { KeyValue(key: $0.key, value: $0.value) }
            writer = try ParquetFileWriter(path: file.temporaryPath, elements: elements, options: ParquetWriterOptions(keyValueMetadata: keyValues))
        } catch {
            file.abandon()
            throw TableError(.notWritable, file: path, reason: "cannot start the Parquet output: \(Self.message(error))")
        }
    }

    static func field(for column: TableColumn) -> ParquetField {
        if var field = column.parquetType?.field {
            field.name = column.name
            return field
        }
        switch column.type {
        case .string: return ParquetField(column.name, .string)
        case .int64: return ParquetField(column.name, .int64)
        case .double: return ParquetField(column.name, .double)
        case .bool: return ParquetField(column.name, .boolean)
        case .json: return ParquetField(column.name, .json)
        case .floatList: return ParquetField(column.name, .list(ParquetField("element", .float, nullable: false)))
        }
    }

    static func message(_ error: any Error) -> String {
        (error as? ParquetError)?.message ?? "\(error)"
    }

    func append(_ batch: RowBatch) throws(TableError) {
        try validate(batch)
        guard let writer else {
            throw TableError(.notWritable, file: path, reason: "the output is already finished or abandoned")
        }
        guard batch.rowCount > 0 else { return }
        var columns: [ParquetColumnBatch] = []
        columns.reserveCapacity(schema.count)
        for c in 0..<schema.count {
            let column = batch.columns[c]
            if writesBytes(column: c) {
                // The cells' bytes are the values: hand the buffers over as they are.
                let nulls = column.kinds.contains(.null) ? column.kinds.map { $0 == .null } : []
                columns.append(.byteArrays(data: column.bytes, ends: column.ends, nulls: nulls))
                continue
            }
            var values: [ParquetValue] = []
            values.reserveCapacity(batch.rowCount)
            for r in 0..<batch.rowCount {
                values.append(try value(column, row: r, column: c, rowIndex: rowsWritten + r))
            }
            columns.append(.values(values))
        }
        do {
            try writer.write(columns: columns, rowCount: batch.rowCount)
        } catch {
            abandon()
            throw TableError(.notWritable, file: path, reason: "cannot write rows: \(Self.message(error))",
                             hint: "check free disk space")
        }
        rowsWritten += batch.rowCount
    }

    /// Whether column `c`'s cell bytes are written as they are (text and binary fields).
    private func writesBytes(column c: Int) -> Bool {
        if let type = schema.columns[c].parquetType, type.physicalType != .byteArray { return false }
        switch fields[c].type {
        case .string, .enumeration, .binary: return true
        // A JSON column from Parquet holds JSON text in string cells; one built from JSONL holds
        // string cells that must be quoted (see `value`).
        case .json: return schema.columns[c].parquetType != nil
        default: return false
        }
    }

    /// The Parquet value of one cell, converted to the column's type.
    private func value(_ column: ColumnData, row r: Int, column c: Int, rowIndex: Int) throws(TableError) -> ParquetValue {
        let kind = column.kinds[r]
        if kind == .null { return .null }
        func bad(_ what: String) -> TableError {
            TableError(.invalidBatch, file: path, column: c + 1, columnName: schema.columns[c].name,
                       reason: "row \(rowIndex + 1): the \(kind) cell is not \(what)",
                       hint: "declare the column with another type, or fix the producer")
        }
        if schema.columns[c].parquetType != nil {
            let type = fields[c].type
            let v = column.withCell(r) { kind, bytes in TypedCellParser.value(kind: kind, bytes: bytes, type: type) }
            guard let v else { throw bad("a \(type.typeName) value") }
            return v
        }
        let text = column.text(r) ?? ""
        switch schema.columns[c].type {
        case .string:
            return .string(text)
        case .json:
            return .string(kind == .string ? Self.jsonString(text) : text)
        case .int64:
            guard let v = Int64(text) else { throw bad("a 64-bit integer") }
            return .int64(v)
        case .double:
            guard let v = Double(text) else { throw bad("a number") }
            return .double(v)
        case .bool:
            switch text {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: throw bad("true or false")
            }
        case .floatList:
            guard let values = Self.parseNumberArray(text) else { throw bad("a JSON array of numbers") }
            return .list(values.map { .float($0) })
        }
    }

    /// Parses `[1, -2.5e3, ...]` (JSON numbers only).
    static func parseNumberArray(_ text: String) -> [Float]? {
        var s = Substring(text)
        s = s.drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        while let last = s.last, last == " " || last == "\t" || last == "\n" || last == "\r" { s.removeLast() }
        guard s.first == "[", s.last == "]" else { return nil }
        let inner = s.dropFirst().dropLast()
        if inner.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }) { return [] }
        var out: [Float] = []
        for part in inner.split(separator: ",", omittingEmptySubsequences: false) {
            let t = part.trimmingCharacters(in: " \t\n\r")
            guard let first = t.first, first == "-" || first.isASCII && first.isNumber,
                  t.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }),
                  let v = Float(t) else { return nil }
            out.append(v)
        }
        return out
    }

    /// `s` as a JSON string literal (QuarryCore's escaping, shared with every other JSON Quarry writes).
    static func jsonString(_ s: String) -> String {
        var w = JSONWriter(capacity: s.utf8.count + 2)
        w.string(s)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    func finish() throws(TableError) {
        guard let writer else {
            throw TableError(.notWritable, file: path, reason: "the output is already finished or abandoned")
        }
        do {
            try writer.close()
        } catch {
            abandon()
            throw TableError(.notWritable, file: path, reason: "cannot finish the Parquet output: \(Self.message(error))",
                             hint: "check free disk space")
        }
        self.writer = nil
        var rest: [UInt8] = []
        try file.finish(&rest)
    }

    func abandon() {
        writer = nil
        file.abandon()
    }

    deinit { abandon() }
}

private extension Substring {
    func trimmingCharacters(in set: String) -> Substring {
        var s = self
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return s
    }
}
