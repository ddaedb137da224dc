#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where one CSV field's content lies in the read buffer (quotes excluded).
struct CSVFieldSpan {
    var start: Int
    var end: Int
    /// The field was quoted (so an empty one is an empty string, not null).
    var quoted: Bool
    /// The content holds doubled quotes (`""`) to collapse.
    var escaped: Bool
}

/// The outcome of tokenizing at one position.
enum CSVStep {
    /// A record whose fields are in ``CSVTokenizer/fields``; `next` is the offset after its line end
    /// and `newlines` the line breaks it spans (its own terminator included).
    case record(next: Int, newlines: Int)
    /// An empty line.
    case blank(next: Int)
    /// The buffer ends inside the record: read more and try again from the same position.
    case needMore
    /// Nothing left.
    case endOfData
}

let asciiQuote: UInt8 = 0x22
let asciiComma: UInt8 = 0x2C
let asciiLF: UInt8 = 0x0A
let asciiCR: UInt8 = 0x0D

/// Splits RFC 4180 records into field spans without copying them.
///
/// Rules: fields are separated by commas and records by LF or CRLF; a field that starts with `"` is
/// quoted and may hold commas, line breaks and doubled quotes; a closing quote must be followed by a
/// comma, a line end or the end of the file. A quote inside an unquoted field is an ordinary
/// character (as in Python's `csv` and pandas), and so is a CR not followed by LF.
struct CSVTokenizer {
    /// The fields of the last record.
    var fields: [CSVFieldSpan] = []
    /// File name and column names for messages.
    let path: String
    var columnNames: [String] = []

    init(path: String) {
        self.path = path
        fields.reserveCapacity(16)
    }

    /// Tokenizes the record starting at `pos` in `p[pos ..< end]`. `line` is the record's first line.
    mutating func next(_ p: UnsafePointer<UInt8>, from pos: Int, end: Int, eof: Bool, line: Int) throws(TableError) -> CSVStep {
        fields.removeAll(keepingCapacity: true)
        if pos >= end { return eof ? .endOfData : .needMore }
        let first = p[pos]
        if first == asciiLF { return .blank(next: pos + 1) }
        if first == asciiCR {
            if pos + 1 < end {
                if p[pos + 1] == asciiLF { return .blank(next: pos + 2) }
            } else if !eof {
                return .needMore
            } else {
                return .blank(next: pos + 1)
            }
        }
        var i = pos
        var newlines = 0
        fieldLoop: while true {
            if i < end && p[i] == asciiQuote {
                let openLine = line + newlines
                var j = i + 1
                var escaped = false
                var q = 0
                while true {
                    guard let hit = memchr(p + j, Int32(asciiQuote), end - j) else {
                        if !eof { return .needMore }
                        newlines += Self.countLF(p, from: j, to: end)
                        throw unterminated(line: line + newlines, column: fields.count + 1, openedAt: openLine)
                    }
                    q = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - p
                    newlines += Self.countLF(p, from: j, to: q)
                    if q + 1 < end {
                        if p[q + 1] == asciiQuote {
                            escaped = true
                            j = q + 2
                            continue
                        }
                        break
                    }
                    if !eof { return .needMore }
                    break
                }
                fields.append(CSVFieldSpan(start: i + 1, end: q, quoted: true, escaped: escaped))
                i = q + 1
                if i >= end {
                    return eof ? .record(next: end, newlines: newlines) : .needMore
                }
                let c = p[i]
                if c == asciiComma {
                    i += 1
                    continue fieldLoop
                }
                if c == asciiLF { return .record(next: i + 1, newlines: newlines + 1) }
                if c == asciiCR {
                    if i + 1 < end {
                        if p[i + 1] == asciiLF { return .record(next: i + 2, newlines: newlines + 1) }
                    } else if !eof {
                        return .needMore
                    } else {
                        return .record(next: i + 1, newlines: newlines)
                    }
                }
                throw textAfterQuote(line: line + newlines, column: fields.count)
            }
            var j = i
            while true {
                j = ByteScan.skipWords(p, from: j, end: end, asciiComma, asciiLF, asciiCR, asciiCR)
                while j < end {
                    let b = p[j]
                    if b > asciiComma || (b != asciiComma && b != asciiLF && b != asciiCR) {
                        j += 1
                    } else {
                        break
                    }
                }
                if j >= end {
                    if !eof { return .needMore }
                    fields.append(CSVFieldSpan(start: i, end: end, quoted: false, escaped: false))
                    return .record(next: end, newlines: newlines)
                }
                let b = p[j]
                if b == asciiComma {
                    fields.append(CSVFieldSpan(start: i, end: j, quoted: false, escaped: false))
                    i = j + 1
                    continue fieldLoop
                }
                if b == asciiLF {
                    fields.append(CSVFieldSpan(start: i, end: j, quoted: false, escaped: false))
                    return .record(next: j + 1, newlines: newlines + 1)
                }
                // CR: a line end when followed by LF, else an ordinary character.
                if j + 1 < end {
                    if p[j + 1] == asciiLF {
                        fields.append(CSVFieldSpan(start: i, end: j, quoted: false, escaped: false))
                        return .record(next: j + 2, newlines: newlines + 1)
                    }
                    j += 1
                    continue
                }
                if !eof { return .needMore }
                fields.append(CSVFieldSpan(start: i, end: j, quoted: false, escaped: false))
                return .record(next: j + 1, newlines: newlines)
            }
        }
    }

    /// Number of LF bytes in `p[from ..< to]`.
    @inline(__always)
    static func countLF(_ p: UnsafePointer<UInt8>, from: Int, to: Int) -> Int {
        var n = 0
        var i = from
        while i < to, let hit = memchr(p + i, Int32(asciiLF), to - i) {
            n += 1
            i = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - p + 1
        }
        return n
    }

    func name(_ column: Int) -> String? {
        column >= 1 && column <= columnNames.count ? columnNames[column - 1] : nil
    }

    func unterminated(line: Int, column: Int, openedAt: Int) -> TableError {
        TableError(.unterminatedQuote, file: path, line: line, column: column, columnName: name(column),
                   reason: "unterminated quoted field (opened at line \(openedAt))",
                   hint: "close the quote, or write a quote inside a quoted field as \"\"")
    }

    func textAfterQuote(line: Int, column: Int) -> TableError {
        TableError(.textAfterQuote, file: path, line: line, column: column, columnName: name(column),
                   reason: "text after the closing quote of a quoted field",
                   hint: "write a quote inside a quoted field as \"\", or quote the whole field")
    }
}
