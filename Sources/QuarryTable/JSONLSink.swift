import QuarryCore

/// Writes a JSONL file: one object per row, keys in schema order, LF after each line.
///
/// String cells become JSON strings (escaped by ``JSONWriter``); number, bool and JSON cells are
/// written as their JSON text; bytes cells as base64 strings; null cells as `null`.
final class JSONLSink: RowSink {
    let path: String
    let schema: TableSchema
    private let file: AtomicOutputFile
    private var writer = JSONWriter(capacity: sinkFlushThreshold + (64 << 10))
    /// `{"name":` for the first column, `,"name":` for the others.
    private let keyPrefixes: [[UInt8]]

    init(path: String, schema: TableSchema) throws(TableError) {
        self.path = path
        self.schema = schema
        file = try AtomicOutputFile(path: path)
        var prefixes: [[UInt8]] = []
        for (c, column) in schema.columns.enumerated() {
            var w = JSONWriter()
            w.bytes.append(c == 0 ? UInt8(ascii: "{") : UInt8(ascii: ","))
            w.string(column.name)
            w.bytes.append(UInt8(ascii: ":"))
            prefixes.append(w.bytes)
        }
        keyPrefixes = prefixes
    }

    func append(_ batch: RowBatch) throws(TableError) {
        try validate(batch)
        var writer = self.writer
        self.writer = JSONWriter(capacity: 0)
        defer { self.writer = writer }
        let width = batch.columns.count
        for row in 0..<batch.rowCount {
            if width == 0 { writer.bytes.append(UInt8(ascii: "{")) }
            for c in 0..<width {
                writer.bytes.append(contentsOf: keyPrefixes[c])
                let column = batch.columns[c]
                let kind = column.kinds[row]
                switch kind {
                case .null:
                    writer.null()
                case .string:
                    let start = row == 0 ? 0 : column.ends[row - 1]
                    let end = column.ends[row]
                    writer.bytes.append(UInt8(ascii: "\""))
                    if end > start {
                        column.bytes.withUnsafeBufferPointer { p in
                            writer.stringContents(UnsafeBufferPointer(rebasing: p[start..<end]))
                        }
                    }
                    writer.bytes.append(UInt8(ascii: "\""))
                case .bytes:
                    column.withText(row) { _, text in
                        writer.bytes.append(UInt8(ascii: "\""))
                        writer.bytes.append(contentsOf: text)
                        writer.bytes.append(UInt8(ascii: "\""))
                    }
                case .number, .bool, .json:
                    let start = row == 0 ? 0 : column.ends[row - 1]
                    let end = column.ends[row]
                    if end > start {
                        column.bytes.withUnsafeBufferPointer { p in
                            writer.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: p[start..<end]))
                        }
                    } else {
                        writer.null()
                    }
                }
            }
            writer.bytes.append(UInt8(ascii: "}"))
            writer.bytes.append(asciiLF)
            if writer.bytes.count >= sinkFlushThreshold { try file.write(&writer.bytes) }
        }
    }

    func finish() throws(TableError) {
        try file.finish(&writer.bytes)
        writer = JSONWriter(capacity: 0)
    }

    func abandon() {
        file.abandon()
        writer = JSONWriter(capacity: 0)
    }
}
