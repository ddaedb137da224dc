#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams rows from a JSONL file: one JSON object per line, blank lines skipped. Every line's syntax
/// is checked; UTF-8 is checked in the values it keeps (every byte in a scan).
///
/// Columns come from the schema given (usually a scan's); a key missing from a row gives a null cell,
/// a key not in the schema is an error. In discovery mode (used by ``Table/scan(path:)``) new keys
/// become columns and no cells are written.
final class JSONLSource: RowSource {
    let path: String
    private(set) var schema: TableSchema
    private let reader: ChunkReader
    private let batchRows: Int
    private let projected: [Bool]
    private var parser: JSONLineParser
    private var columns: [ColumnData]
    private var line = 1
    private var rowIndex = 0
    private var done = false
    /// When set (by a scan), bad lines are collected instead of thrown.
    var problems: [TableError]? = nil
    var problemCount = 0

    /// Opens `path` to read rows with `schema`, or (schema nil) to discover the schema.
    init(path: String, schema: TableSchema?, projection: Set<String>?, batchRows: Int,
         chunkSize: Int = Table.defaultReadChunkBytes) throws(TableError) {
        self.path = path
        self.batchRows = max(1, batchRows)
        reader = try ChunkReader(path: path, chunkSize: chunkSize)
        try reader.skipBOM()
        let discover = schema == nil
        let schema = schema ?? TableSchema(columns: [])
        self.schema = schema
        parser = JSONLineParser(columns: schema.names, discover: discover)
        projected = parser.discover ? [] : try Table.projectionMask(schema: schema, projection: projection, path: path)
        columns = Array(repeating: ColumnData(), count: schema.columns.count)
    }

    /// In discovery mode: the columns seen so far with their inferred types.
    var discoveredSchema: TableSchema {
        TableSchema(columns: zip(parser.columnNames, parser.evidence).map { TableColumn(name: $0, type: $1.type) })
    }

    func nextBatch() throws(TableError) -> RowBatch? {
        if done { return nil }
        var columns = self.columns
        self.columns = []
        var parser = self.parser
        defer { self.parser = parser }
        let projected = self.projected
        for c in projected.indices where projected[c] { columns[c].removeAll(keepingCapacity: true) }
        var lineNumbers: [Int] = []
        lineNumbers.reserveCapacity(parser.discover ? 0 : batchRows)
        var line = self.line
        var count = 0
        do {
            while count < batchRows {
                let p = UnsafePointer(reader.buffer)
                let start = reader.start
                let end = reader.end
                if start >= end {
                    if reader.eof { done = true; break }
                    try reader.refill()
                    continue
                }
                let lineEnd: Int
                let next: Int
                if let hit = memchr(p + start, Int32(asciiLF), end - start) {
                    lineEnd = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - p
                    next = lineEnd + 1
                } else if !reader.eof {
                    try reader.refill()
                    continue
                } else {
                    lineEnd = end
                    next = end
                }
                defer {
                    reader.start = next
                    line += 1
                }
                var i = start
                while i < lineEnd, p[i] == 0x20 || p[i] == 0x09 || p[i] == 0x0D { i += 1 }
                if i == lineEnd { continue }
                if parser.discover, let bad = UTF8Validation.firstInvalid(p, from: start, to: lineEnd) {
                    try problem(TableError(.invalidUTF8, file: path, line: line,
                                           reason: "invalid UTF-8 (byte \(bad - start + 1) of the line)",
                                           hint: "save the file as UTF-8"))
                    continue
                }
                do throws(JSONLineError) {
                    try parser.parseRow(p, start: start, end: lineEnd, columns: &columns, projected: projected)
                } catch {
                    try problem(tableError(error, lineStart: start, line: line))
                    continue
                }
                if !parser.discover { lineNumbers.append(line) }
                count += 1
            }
        } catch {
            done = true
            self.line = line
            throw error
        }
        self.line = line
        let batch = RowBatch(schema: schema, columns: columns, rowCount: count, firstRowIndex: rowIndex, lineNumbers: lineNumbers)
        rowIndex += count
        self.columns = columns
        if count == 0 && done { return nil }
        return batch
    }

    private func tableError(_ e: JSONLineError, lineStart: Int, line: Int) -> TableError {
        let at = " (byte \(e.offset - lineStart + 1) of the line)"
        let column = e.key.flatMap { schema.index(of: $0) }.map { $0 + 1 }
        switch e.code {
        case .duplicateColumn:
            return TableError(.duplicateColumn, file: path, line: line, column: column, columnName: e.key,
                              reason: e.reason + at, hint: "give each key once per object")
        case .invalidUTF8:
            return TableError(.invalidUTF8, file: path, line: line, column: column, columnName: e.key,
                              reason: "invalid UTF-8" + at, hint: "save the file as UTF-8")
        case .unknownColumn:
            return TableError(.unknownColumn, file: path, line: line, columnName: e.key, reason: e.reason + at,
                              hint: "the file changed since it was scanned; scan it again")
        default:
            return TableError(.invalidJSON, file: path, line: line, column: column, columnName: e.key,
                              reason: "invalid JSON: " + e.reason + at,
                              hint: "write each row as one complete JSON object on one line")
        }
    }

    /// Throws `error`, or records it when collecting (a scan); the line is skipped.
    private func problem(_ error: TableError) throws(TableError) {
        guard problems != nil else { throw error }
        problemCount += 1
        if problems!.count < CSVSource.maxProblems { problems!.append(error) }
    }

    /// Bytes read from the file so far.
    var bytesRead: Int { reader.bytesRead }
}
