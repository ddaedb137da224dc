#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams rows from an RFC 4180 CSV file with a header row. Every column is a string column; an
/// unquoted empty field is a null cell and a quoted empty field (`""`) an empty string.
///
/// Every row's syntax is checked; UTF-8 is checked in the fields it decodes (all of them in a scan).
final class CSVSource: RowSource {
    let path: String
    let schema: TableSchema
    private let reader: ChunkReader
    private let batchRows: Int
    private let projected: [Bool]
    private var tokenizer: CSVTokenizer
    private var columns: [ColumnData]
    /// Line number of the record at `reader.start`.
    private var line = 1
    private var rowIndex = 0
    private var done = false
    /// When set (by a scan), recoverable problems are collected instead of thrown.
    var problems: [TableError]? = nil
    var problemCount = 0
    static let maxProblems = 100
    /// Check every field's UTF-8, not only the projected ones (a scan).
    var validatesEveryField = false

    /// Opens `path` and reads the header. `projection` nil means every column.
    init(path: String, projection: Set<String>?, batchRows: Int, expected: TableSchema? = nil,
         chunkSize: Int = Table.defaultReadChunkBytes) throws(TableError) {
        self.path = path
        self.batchRows = max(1, batchRows)
        reader = try ChunkReader(path: path, chunkSize: chunkSize)
        tokenizer = CSVTokenizer(path: path)
        try reader.skipBOM()

        // Header: the first non-blank record.
        var names: [String] = []
        var headerLine = 1
        header: while true {
            let step = try tokenizer.next(reader.buffer, from: reader.start, end: reader.end, eof: reader.eof, line: line)
            switch step {
            case .needMore:
                try reader.refill()
            case .endOfData:
                throw TableError(.missingHeader, file: path, reason: "the file is empty; a CSV file needs a header row",
                                 hint: "add a first line naming the columns, such as id,prompt")
            case .blank(let next):
                reader.start = next
                line += 1
            case .record(let next, let newlines):
                let p = reader.buffer
                if let bad = UTF8Validation.firstInvalid(p, from: reader.start, to: next) {
                    throw TableError(.invalidUTF8, file: path, line: line + CSVTokenizer.countLF(p, from: reader.start, to: bad),
                                     reason: "the header is not valid UTF-8", hint: "save the file as UTF-8")
                }
                headerLine = line
                for f in tokenizer.fields {
                    names.append(Self.decode(p, f))
                }
                reader.start = next
                line += newlines
                break header
            }
        }
        var seen: [String: Int] = [:]
        for (i, name) in names.enumerated() {
            if name.isEmpty {
                throw TableError(.emptyHeader, file: path, line: headerLine, column: i + 1,
                                 reason: "the header has an empty column name",
                                 hint: "name every column in the first line")
            }
            if let earlier = seen[name] {
                throw TableError(.duplicateColumn, file: path, line: headerLine, column: i + 1, columnName: name,
                                 reason: "the header names this column twice (also column \(earlier + 1))",
                                 hint: "give every column a distinct name")
            }
            seen[name] = i
        }
        tokenizer.columnNames = names
        schema = TableSchema(names: names)
        if let expected, expected.names != names {
            throw TableError(.unknownColumn, file: path, line: headerLine,
                             reason: "the header (\(names.joined(separator: ", "))) differs from the expected columns (\(expected.names.joined(separator: ", ")))",
                             hint: "the file changed since it was scanned; scan it again")
        }
        projected = try Table.projectionMask(schema: schema, projection: projection, path: path)
        columns = Array(repeating: ColumnData(), count: names.count)
    }

    /// The text of a header field.
    private static func decode(_ p: UnsafePointer<UInt8>, _ f: CSVFieldSpan) -> String {
        var c = ColumnData()
        append(p, f, to: &c)
        return c.text(0) ?? ""
    }

    /// Appends one field as a cell.
    @inline(__always)
    private static func append(_ p: UnsafePointer<UInt8>, _ f: CSVFieldSpan, to column: inout ColumnData) {
        if !f.quoted {
            if f.start == f.end {
                column.appendNull()
            } else {
                column.bytes.append(contentsOf: UnsafeBufferPointer(start: p + f.start, count: f.end - f.start))
                column.ends.append(column.bytes.count)
                column.kinds.append(.string)
            }
            return
        }
        if !f.escaped {
            if f.end > f.start {
                column.bytes.append(contentsOf: UnsafeBufferPointer(start: p + f.start, count: f.end - f.start))
            }
        } else {
            // Collapse each "" to one quote.
            var s = f.start
            while s < f.end, let hit = memchr(p + s, Int32(asciiQuote), f.end - s) {
                let q = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - p
                column.bytes.append(contentsOf: UnsafeBufferPointer(start: p + s, count: q + 1 - s))
                s = q + 2
            }
            if s < f.end {
                column.bytes.append(contentsOf: UnsafeBufferPointer(start: p + s, count: f.end - s))
            }
        }
        column.ends.append(column.bytes.count)
        column.kinds.append(.string)
    }

    func nextBatch() throws(TableError) -> RowBatch? {
        if done { return nil }
        var columns = self.columns
        self.columns = []
        var tokenizer = self.tokenizer
        defer { self.tokenizer = tokenizer }
        let projected = self.projected
        let width = projected.count
        let allProjected = validatesEveryField || !projected.contains(false)
        for c in 0..<width where projected[c] { columns[c].removeAll(keepingCapacity: true) }
        var lineNumbers: [Int] = []
        lineNumbers.reserveCapacity(batchRows)
        var line = self.line
        var count = 0
        do {
            rows: while count < batchRows {
                let p = UnsafePointer(reader.buffer)
                let start = reader.start
                let step = try tokenizer.next(p, from: start, end: reader.end, eof: reader.eof, line: line)
                switch step {
                case .needMore:
                    try reader.refill()
                case .endOfData:
                    done = true
                    break rows
                case .blank(let next):
                    reader.start = next
                    line += 1
                case .record(let next, let newlines):
                    if let bad = validateUTF8(p, from: start, to: next, fields: tokenizer.fields, projected: projected,
                                              all: allProjected) {
                        try problem(invalidUTF8(p, recordStart: start, bad: bad, line: line, fields: tokenizer.fields))
                    } else if tokenizer.fields.count != width {
                        try problem(TableError(.raggedRow, file: path, line: line,
                                               reason: "expected \(width) field\(width == 1 ? "" : "s") as in the header, found \(tokenizer.fields.count)",
                                               hint: "quote fields that contain commas or line breaks, and check for a missing or extra comma"))
                    } else {
                        tokenizer.fields.withUnsafeBufferPointer { fields in
                            for c in 0..<width where projected[c] {
                                Self.append(p, fields[c], to: &columns[c])
                            }
                        }
                        lineNumbers.append(line)
                        count += 1
                    }
                    reader.start = next
                    line += newlines
                }
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

    /// The first invalid UTF-8 byte among the cells this source decodes: the whole record when every
    /// column is projected (or the row is ragged), else only the projected fields.
    @inline(__always)
    private func validateUTF8(_ p: UnsafePointer<UInt8>, from: Int, to: Int, fields: [CSVFieldSpan], projected: [Bool],
                              all: Bool) -> Int? {
        if all || fields.count != projected.count { return UTF8Validation.firstInvalid(p, from: from, to: to) }
        for c in 0..<fields.count where projected[c] {
            if let bad = UTF8Validation.firstInvalid(p, from: fields[c].start, to: fields[c].end) { return bad }
        }
        return nil
    }

    /// Throws `error`, or records it when collecting (a scan) and the row can be skipped.
    private func problem(_ error: TableError) throws(TableError) {
        guard problems != nil else { throw error }
        problemCount += 1
        if problems!.count < Self.maxProblems { problems!.append(error) }
    }

    private func invalidUTF8(_ p: UnsafePointer<UInt8>, recordStart: Int, bad: Int, line: Int, fields: [CSVFieldSpan]) -> TableError {
        let column = (fields.firstIndex { $0.end >= bad } ?? (fields.count - 1)) + 1
        return TableError(.invalidUTF8, file: path, line: line + CSVTokenizer.countLF(p, from: recordStart, to: bad),
                          column: column, columnName: tokenizer.name(column),
                          reason: "invalid UTF-8 (byte \(bad - recordStart + 1) of the row)",
                          hint: "save the file as UTF-8 (it may be in Latin-1 or Windows-1252)")
    }

    /// Bytes read from the file so far.
    var bytesRead: Int { reader.bytesRead }
}
