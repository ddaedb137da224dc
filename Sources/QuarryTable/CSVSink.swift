#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes an RFC 4180 CSV file with a header row and LF line ends.
///
/// A field is quoted when it contains a comma, quote, CR or LF, starts or ends with a space, or is an
/// empty string; quotes inside are doubled. A null cell is an empty field (so it reads back as null),
/// except in a one-column table, where an empty line would be skipped: there it is written as `""`.
/// Numbers, bools and JSON cells are written as their JSON text; bytes cells as base64.
final class CSVSink: RowSink {
    let path: String
    let schema: TableSchema
    private let file: AtomicOutputFile
    private var out: [UInt8] = []

    init(path: String, schema: TableSchema) throws(TableError) {
        self.path = path
        self.schema = schema
        file = try AtomicOutputFile(path: path)
        out.reserveCapacity(sinkFlushThreshold + (64 << 10))
        var header = ColumnData()
        for c in schema.columns { header.appendString(c.name) }
        header.bytes.withUnsafeBufferPointer { p in
            for i in 0..<header.count {
                if i > 0 { out.append(asciiComma) }
                let r = header.range(i)
                Self.writeField(UnsafeBufferPointer(rebasing: p[r]), kind: .string, to: &out)
            }
        }
        out.append(asciiLF)
    }

    func append(_ batch: RowBatch) throws(TableError) {
        try validate(batch)
        var out = self.out
        self.out = []
        defer { self.out = out }
        let width = batch.columns.count
        let nullAsQuoted = width == 1
        // Cells are read through the borrowed columns: copying a column out per cell would
        // retain and release its three arrays each time.
        try batch.columns.withUnsafeBufferPointer { columns throws(TableError) in
            for row in 0..<batch.rowCount {
                for c in 0..<width {
                    if c > 0 { out.append(asciiComma) }
                    let kind = columns[c].kinds[row]
                    if kind == .null {
                        if nullAsQuoted { out.append(asciiQuote); out.append(asciiQuote) }
                        continue
                    }
                    if kind == .bytes {
                        columns[c].withText(row) { kind, text in Self.writeField(text, kind: kind, to: &out) }
                        continue
                    }
                    let start = row == 0 ? 0 : columns[c].ends[row - 1]
                    let end = columns[c].ends[row]
                    columns[c].bytes.withUnsafeBufferPointer { p in
                        Self.writeField(UnsafeBufferPointer(rebasing: p[start..<end]), kind: kind, to: &out)
                    }
                }
                out.append(asciiLF)
                if out.count >= sinkFlushThreshold { try file.write(&out) }
            }
        }
    }

    /// Writes one non-null cell, quoting it when needed.
    @inline(__always)
    static func writeField(_ cell: UnsafeBufferPointer<UInt8>, kind: CellKind, to out: inout [UInt8]) {
        let n = cell.count
        guard n > 0, let p = cell.baseAddress else {
            // An empty string; quoted so it does not read back as null.
            out.append(asciiQuote)
            out.append(asciiQuote)
            return
        }
        var needsQuotes = p[0] == 0x20 || p[n - 1] == 0x20
        var hasQuote = false
        if !needsQuotes {
            var i = ByteScan.skipWords(p, from: 0, end: n, asciiComma, asciiQuote, asciiLF, asciiCR)
            while i < n {
                let b = p[i]
                if b > asciiComma || (b != asciiComma && b != asciiQuote && b != asciiLF && b != asciiCR) {
                    i += 1
                    continue
                }
                needsQuotes = true
                break
            }
        }
        if !needsQuotes {
            out.append(contentsOf: cell)
            return
        }
        hasQuote = memchr(p, Int32(asciiQuote), n) != nil
        out.append(asciiQuote)
        if !hasQuote {
            out.append(contentsOf: cell)
        } else {
            var s = 0
            while s < n, let hit = memchr(p + s, Int32(asciiQuote), n - s) {
                let q = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - p
                out.append(contentsOf: UnsafeBufferPointer(start: p + s, count: q + 1 - s))
                out.append(asciiQuote)
                s = q + 1
            }
            if s < n { out.append(contentsOf: UnsafeBufferPointer(start: p + s, count: n - s)) }
        }
        out.append(asciiQuote)
    }

    func finish() throws(TableError) {
        try file.finish(&out)
        out = []
    }

    func abandon() {
        file.abandon()
        out = []
    }
}
