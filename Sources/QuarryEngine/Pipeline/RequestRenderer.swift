public import QuarryCore
public import QuarryTable

/// Turns input rows into Bedrock JSONL request lines: `{"recordId":"...","modelInput":{...}}`.
public struct RequestRenderer {
    let template: PromptTemplate
    let adapter: any ModelAdapter
    let params: ModelParams
    /// Column index of each template segment (nil for literals).
    let columnIndexes: [Int?]
    let recordIdColumn: Int?
    let file: String
    private var prompt: [UInt8] = []
    /// The line being built.
    public private(set) var line = JSONWriter(capacity: 4096)

    /// Creates a renderer for rows with `schema`.
    public init(template: PromptTemplate, adapter: any ModelAdapter, params: ModelParams, schema: TableSchema,
                recordIdColumn: String, file: String) {
        self.template = template
        self.adapter = adapter
        self.params = params
        self.columnIndexes = template.segments.map { seg in
            if case .column(let name) = seg { return schema.index(of: name) }
            return nil
        }
        self.recordIdColumn = schema.index(of: recordIdColumn)
        self.file = file
    }

    /// The columns a renderer reads (the projection to ask a source for).
    public static func neededColumns(template: PromptTemplate, recordIdColumn: String, schema: TableSchema) -> Set<String> {
        var set = Set(template.columns)
        if schema.index(of: recordIdColumn) != nil { set.insert(recordIdColumn) }
        return set
    }

    /// Renders row `r` of `batch` (table row `rowIndex`) into ``line``; returns the record id.
    public mutating func render(_ batch: RowBatch, row r: Int) throws(QuarryError) -> String {
        let rowIndex = batch.firstRowIndex + r
        prompt.removeAll(keepingCapacity: true)
        for (i, seg) in template.segments.enumerated() {
            switch seg {
            case .literal(let bytes): prompt.append(contentsOf: bytes)
            case .column:
                guard let c = columnIndexes[i] else { continue }
                batch.columns[c].withCell(r) { (kind: CellKind, cell: UnsafeBufferPointer<UInt8>) in
                    Self.appendTemplateText(kind: kind, cell: cell, to: &prompt)
                }
            }
        }
        let recordId: String
        if let c = recordIdColumn {
            var value: [UInt8] = []
            batch.columns[c].withCell(r) { (_: CellKind, cell: UnsafeBufferPointer<UInt8>) in value = Array(cell) }
            guard JobNaming.isValidRecordId(value) else {
                let line = r < batch.lineNumbers.count ? batch.lineNumbers[r] : rowIndex + 2
                throw QuarryError(.invalidInput, "\(file) line \(line): the record_id value is empty or not usable as a Bedrock record id",
                                  hint: "record ids must be 1 to 64 letters, digits, '-' or '_'; fix the value or remove the record_id column to let Quarry number the rows")
            }
            recordId = String(decoding: value, as: UTF8.self)
        } else {
            recordId = JobNaming.recordId(row: rowIndex)
        }
        line.reset()
        line.beginObject()
        line.key("recordId"); line.string(recordId)
        line.key("modelInput")
        adapter.writeModelInput(Prompt(utf8: prompt), params: params, into: &line)
        line.endObject()
        line.newline()
        return recordId
    }

    /// Appends a cell as a template shows it, the way Python's `str.format` shows the value pyarrow
    /// or pandas gives: text as is; numbers as their text (typed Parquet values already hold
    /// Python's `str()` form, see `docs/table.md`); booleans `True` / `False`; lists and structs as
    /// JSON; binary as base64; null as nothing.
    @inline(__always)
    static func appendTemplateText(kind: CellKind, cell: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        switch kind {
        case .null: return
        case .bool:
            if cell.count == 4, cell[0] == UInt8(ascii: "t") {
                out.append(contentsOf: [0x54, 0x72, 0x75, 0x65])  // True
            } else if cell.count == 5, cell[0] == UInt8(ascii: "f") {
                out.append(contentsOf: [0x46, 0x61, 0x6C, 0x73, 0x65])  // False
            } else {
                out.append(contentsOf: cell)
            }
        case .bytes:
            var column = ColumnData()
            column.append(kind: .bytes, bytes: cell)
            out.append(contentsOf: (column.text(0) ?? "").utf8)
        case .string, .number, .json:
            out.append(contentsOf: cell)
        }
    }

    /// The rendered prompt of the last row (for token estimates).
    public var lastPromptByteCount: Int { prompt.count }
}
