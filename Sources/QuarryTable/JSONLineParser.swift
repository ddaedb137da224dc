#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A syntax problem in one JSONL line: where (byte offset in the buffer) and what, never the text.
struct JSONLineError: Error {
    var offset: Int
    var reason: String
    var key: String? = nil
    var code: TableError.Code = .invalidJSON
}

/// What a column's values looked like during a scan, to infer its ``ColumnType``.
struct ColumnTypeEvidence {
    var strings = false
    var integers = false
    var floats = false
    var bools = false
    var numberArrays = false
    var emptyArrays = false
    var otherJSON = false

    /// The inferred type: one kind of value gives its type (integers → int64, any non-integral
    /// number → double, arrays of numbers → floatList); a mix gives json; only nulls gives string.
    var type: ColumnType {
        let numeric = integers || floats
        let kinds = [strings, numeric, bools, numberArrays || emptyArrays, otherJSON].filter { $0 }.count
        if kinds == 0 { return .string }
        if kinds > 1 { return .json }
        if strings { return .string }
        if numeric { return floats ? .double : .int64 }
        if bools { return .bool }
        if numberArrays { return .floatList }
        return .json
    }
}

/// Parses JSONL lines (one JSON object each) straight into columns, validating as it goes.
/// It checks the UTF-8 of the values it keeps; the caller checks whole lines when it needs more (a scan).
///
/// String values are unescaped into string cells; numbers and bools keep their JSON text; `null` is a
/// null cell; objects and arrays keep their JSON text as json cells. In discovery mode (a scan) keys
/// not seen before become new columns and no cells are written.
struct JSONLineParser {
    /// Column names, as UTF-8.
    private(set) var names: [[UInt8]]
    private var lookup: [String: Int]
    /// The column that followed each column in the previous row (key order is usually stable).
    private var successor: [Int]
    private var firstKey = 0
    /// Row serial at which each column last got a value (duplicate keys, missing keys).
    private var stamps: [Int]
    private var serial = 0
    let discover: Bool
    private(set) var evidence: [ColumnTypeEvidence]
    private var keyScratch: [UInt8] = []

    init(columns: [String], discover: Bool) {
        names = columns.map { Array($0.utf8) }
        lookup = [:]
        for (i, n) in columns.enumerated() { lookup[n] = i }
        successor = columns.indices.map { $0 + 1 }
        stamps = Array(repeating: -1, count: columns.count)
        self.discover = discover
        evidence = Array(repeating: ColumnTypeEvidence(), count: columns.count)
    }

    var columnNames: [String] { names.map { String(decoding: $0, as: UTF8.self) } }

    // MARK: Rows

    /// Parses the object in `p[start ..< end]` and appends one cell to every projected column.
    mutating func parseRow(_ p: UnsafePointer<UInt8>, start: Int, end: Int, columns: inout [ColumnData],
                           projected: [Bool]) throws(JSONLineError) {
        serial += 1
        var i = skipWhitespace(p, start, end)
        guard i < end, p[i] == UInt8(ascii: "{") else {
            throw JSONLineError(offset: i, reason: "a JSONL line must be one JSON object ({...})")
        }
        i = skipWhitespace(p, i + 1, end)
        var predicted = firstKey
        var previous = -1
        if i < end, p[i] == UInt8(ascii: "}") {
            i += 1
        } else {
            while true {
                guard i < end, p[i] == UInt8(ascii: "\"") else { throw JSONLineError(offset: i, reason: "expected a quoted key") }
                let keyStart = i + 1
                let (keyEnd, escaped) = try scanString(p, i, end)
                let column = try findColumn(p, keyStart, keyEnd - 1, escaped: escaped, predicted: predicted)
                if stamps[column] == serial {
                    throw JSONLineError(offset: keyStart - 1, reason: "the object has this key twice",
                                        key: String(decoding: names[column], as: UTF8.self), code: .duplicateColumn)
                }
                stamps[column] = serial
                if previous < 0 { firstKey = column } else { successor[previous] = column }
                previous = column
                predicted = successor[column]
                i = skipWhitespace(p, keyEnd, end)
                guard i < end, p[i] == UInt8(ascii: ":") else { throw JSONLineError(offset: i, reason: "expected ':' after a key") }
                i = skipWhitespace(p, i + 1, end)
                do throws(JSONLineError) {
                    if !discover && projected[column] {
                        i = try parseValue(p, i, end, into: &columns[column])
                    } else {
                        i = try skipValue(p, i, end, column: column)
                    }
                } catch {
                    var e = error
                    e.key = String(decoding: names[column], as: UTF8.self)
                    throw e
                }
                i = skipWhitespace(p, i, end)
                guard i < end else { throw JSONLineError(offset: i, reason: "the object is not closed (missing '}')") }
                if p[i] == UInt8(ascii: ",") {
                    i = skipWhitespace(p, i + 1, end)
                    continue
                }
                if p[i] == UInt8(ascii: "}") {
                    i += 1
                    break
                }
                throw JSONLineError(offset: i, reason: "expected ',' or '}' after a value")
            }
        }
        i = skipWhitespace(p, i, end)
        if i != end { throw JSONLineError(offset: i, reason: "unexpected text after the object (one object per line)") }
        if !discover {
            let serial = self.serial
            for c in 0..<projected.count where projected[c] && stamps[c] != serial {
                columns[c].appendNull()
            }
        }
    }

    private mutating func findColumn(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, escaped: Bool,
                                     predicted: Int) throws(JSONLineError) -> Int {
        let keyPointer = p + start
        let keyCount = end - start
        if escaped {
            keyScratch.removeAll(keepingCapacity: true)
            Self.unescape(p, start, end, into: &keyScratch)
            return try lookupSlow(keyScratch, offset: start)
        }
        if predicted < names.count, Self.equal(names[predicted], keyPointer, keyCount) { return predicted }
        if names.count <= 32 {
            for c in names.indices where Self.equal(names[c], keyPointer, keyCount) { return c }
            if !discover {
                throw unknownKey(UnsafeBufferPointer(start: keyPointer, count: keyCount), offset: start)
            }
        }
        keyScratch.removeAll(keepingCapacity: true)
        keyScratch.append(contentsOf: UnsafeBufferPointer(start: keyPointer, count: keyCount))
        return try lookupSlow(keyScratch, offset: start)
    }

    private mutating func lookupSlow(_ key: [UInt8], offset: Int) throws(JSONLineError) -> Int {
        let name = String(decoding: key, as: UTF8.self)
        if let c = lookup[name] { return c }
        guard discover else { throw key.withUnsafeBufferPointer { unknownKey($0, offset: offset) } }
        let c = names.count
        names.append(key)
        lookup[name] = c
        successor.append(c + 1)
        stamps.append(-1)
        evidence.append(ColumnTypeEvidence())
        return c
    }

    private func unknownKey(_ key: UnsafeBufferPointer<UInt8>, offset: Int) -> JSONLineError {
        JSONLineError(offset: offset, reason: "key not in the table's schema", key: String(decoding: key, as: UTF8.self),
                      code: .unknownColumn)
    }

    @inline(__always)
    private static func equal(_ name: [UInt8], _ key: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        guard name.count == count else { return false }
        if count == 0 { return true }
        return name.withUnsafeBufferPointer { memcmp($0.baseAddress!, key, count) == 0 }
    }

    // MARK: Values

    /// Parses one value into a cell of `column`; returns the offset after it.
    private func parseValue(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int, into column: inout ColumnData) throws(JSONLineError) -> Int {
        guard i < end else { throw JSONLineError(offset: i, reason: "expected a value") }
        switch p[i] {
        case UInt8(ascii: "\""):
            let (after, escaped) = try scanString(p, i, end)
            if let bad = UTF8Validation.firstInvalid(p, from: i + 1, to: after - 1) { throw Self.invalidUTF8(bad) }
            if escaped {
                Self.unescape(p, i + 1, after - 1, into: &column.bytes)
            } else if after - 1 > i + 1 {
                column.bytes.append(contentsOf: UnsafeBufferPointer(start: p + i + 1, count: after - 2 - i))
            }
            column.ends.append(column.bytes.count)
            column.kinds.append(.string)
            return after
        case UInt8(ascii: "n"):
            let after = try literal(p, i, end, "null")
            column.appendNull()
            return after
        default:
            var scratch = ColumnTypeEvidence()
            let (after, kind) = try skipAny(p, i, end, depth: 0, evidence: &scratch)
            if kind == .json, let bad = UTF8Validation.firstInvalid(p, from: i, to: after) { throw Self.invalidUTF8(bad) }
            column.append(kind: kind, bytes: UnsafeBufferPointer(start: p + i, count: after - i))
            return after
        }
    }

    static func invalidUTF8(_ offset: Int) -> JSONLineError {
        JSONLineError(offset: offset, reason: "invalid UTF-8", code: .invalidUTF8)
    }

    /// Validates one value without keeping it (recording type evidence in discovery mode).
    private mutating func skipValue(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int, column: Int) throws(JSONLineError) -> Int {
        var ev = discover ? evidence[column] : ColumnTypeEvidence()
        let (after, _) = try skipAny(p, i, end, depth: 0, evidence: &ev)
        if discover { evidence[column] = ev }
        return after
    }

    /// Validates one value; returns the offset after it and its cell kind, and notes its type.
    private func skipAny(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, depth: Int,
                         evidence: inout ColumnTypeEvidence) throws(JSONLineError) -> (Int, CellKind) {
        guard start < end else { throw JSONLineError(offset: start, reason: "expected a value") }
        var i = start
        switch p[i] {
        case UInt8(ascii: "\""):
            let (after, _) = try scanString(p, i, end)
            evidence.strings = true
            return (after, .string)
        case UInt8(ascii: "t"):
            evidence.bools = true
            return (try literal(p, i, end, "true"), .bool)
        case UInt8(ascii: "f"):
            evidence.bools = true
            return (try literal(p, i, end, "false"), .bool)
        case UInt8(ascii: "n"):
            return (try literal(p, i, end, "null"), .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0") ... UInt8(ascii: "9"):
            let (after, integral) = try scanNumber(p, i, end)
            if integral { evidence.integers = true } else { evidence.floats = true }
            return (after, .number)
        case UInt8(ascii: "["):
            if depth > 256 { throw JSONLineError(offset: i, reason: "nested too deeply") }
            i = skipWhitespace(p, i + 1, end)
            if i < end, p[i] == UInt8(ascii: "]") {
                evidence.emptyArrays = true
                return (i + 1, .json)
            }
            var allNumbers = true
            var inner = ColumnTypeEvidence()
            while true {
                let (after, kind) = try skipAny(p, i, end, depth: depth + 1, evidence: &inner)
                if kind != .number { allNumbers = false }
                i = skipWhitespace(p, after, end)
                guard i < end else { throw JSONLineError(offset: i, reason: "the array is not closed (missing ']')") }
                if p[i] == UInt8(ascii: ",") { i = skipWhitespace(p, i + 1, end); continue }
                if p[i] == UInt8(ascii: "]") { break }
                throw JSONLineError(offset: i, reason: "expected ',' or ']' in an array")
            }
            if allNumbers { evidence.numberArrays = true } else { evidence.otherJSON = true }
            return (i + 1, .json)
        case UInt8(ascii: "{"):
            if depth > 256 { throw JSONLineError(offset: i, reason: "nested too deeply") }
            evidence.otherJSON = true
            i = skipWhitespace(p, i + 1, end)
            if i < end, p[i] == UInt8(ascii: "}") { return (i + 1, .json) }
            var inner = ColumnTypeEvidence()
            while true {
                guard i < end, p[i] == UInt8(ascii: "\"") else { throw JSONLineError(offset: i, reason: "expected a quoted key") }
                let (keyEnd, _) = try scanString(p, i, end)
                i = skipWhitespace(p, keyEnd, end)
                guard i < end, p[i] == UInt8(ascii: ":") else { throw JSONLineError(offset: i, reason: "expected ':' after a key") }
                i = skipWhitespace(p, i + 1, end)
                let (after, _) = try skipAny(p, i, end, depth: depth + 1, evidence: &inner)
                i = skipWhitespace(p, after, end)
                guard i < end else { throw JSONLineError(offset: i, reason: "the object is not closed (missing '}')") }
                if p[i] == UInt8(ascii: ",") { i = skipWhitespace(p, i + 1, end); continue }
                if p[i] == UInt8(ascii: "}") { return (i + 1, .json) }
                throw JSONLineError(offset: i, reason: "expected ',' or '}' in an object")
            }
        default:
            throw JSONLineError(offset: i, reason: "unexpected character where a value should start")
        }
    }

    @inline(__always)
    private func skipWhitespace(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var i = start
        while i < end {
            let b = p[i]
            if b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A { i += 1 } else { break }
        }
        return i
    }

    private func literal(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int, _ word: StaticString) throws(JSONLineError) -> Int {
        let n = word.utf8CodeUnitCount
        guard i + n <= end, memcmp(p + i, word.utf8Start, n) == 0 else {
            throw JSONLineError(offset: i, reason: "invalid literal (expected true, false or null)")
        }
        return i + n
    }

    /// Validates a number; returns the offset after it and whether it is an integer that fits Int64.
    private func scanNumber(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) throws(JSONLineError) -> (Int, Bool) {
        var i = start
        if p[i] == UInt8(ascii: "-") { i += 1 }
        let digitsStart = i
        while i < end, p[i] >= 0x30, p[i] <= 0x39 { i += 1 }
        let digits = i - digitsStart
        if digits == 0 || (digits > 1 && p[digitsStart] == 0x30) {
            throw JSONLineError(offset: start, reason: "invalid number")
        }
        var integral = digits <= 18
        if i < end, p[i] == UInt8(ascii: ".") {
            i += 1
            let f = i
            while i < end, p[i] >= 0x30, p[i] <= 0x39 { i += 1 }
            if i == f { throw JSONLineError(offset: start, reason: "invalid number") }
            integral = false
        }
        if i < end, p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E") {
            i += 1
            if i < end, p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-") { i += 1 }
            let x = i
            while i < end, p[i] >= 0x30, p[i] <= 0x39 { i += 1 }
            if i == x { throw JSONLineError(offset: start, reason: "invalid number") }
            integral = false
        }
        return (i, integral)
    }

    /// Validates a string starting at its opening quote; returns the offset after the closing quote
    /// and whether it holds escapes.
    @inline(__always)
    private func scanString(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) throws(JSONLineError) -> (Int, Bool) {
        var i = start + 1
        var escaped = false
        while i < end {
            i = ByteScan.skipJSONStringWords(p, from: i, end: end)
            if i >= end { break }
            let b = p[i]
            if b > 0x5C || (b >= 0x20 && b != 0x22 && b != 0x5C) {
                i += 1
                continue
            }
            if b == 0x22 { return (i + 1, escaped) }
            if b == 0x5C {
                escaped = true
                guard i + 1 < end else { break }
                switch p[i + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                     UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    i += 2
                case UInt8(ascii: "u"):
                    guard i + 6 <= end, Self.hex4(p, i + 2) != nil else {
                        throw JSONLineError(offset: i, reason: "invalid \\u escape (needs four hex digits)")
                    }
                    i += 6
                default:
                    throw JSONLineError(offset: i, reason: "invalid escape in a string")
                }
                continue
            }
            throw JSONLineError(offset: i, reason: "control character in a string (escape it as \\n, \\t, ...)")
        }
        throw JSONLineError(offset: start, reason: "unterminated string")
    }

    @inline(__always)
    private static func hex4(_ p: UnsafePointer<UInt8>, _ at: Int) -> UInt32? {
        var v: UInt32 = 0
        for j in at ..< at + 4 {
            let c = p[j]
            let d: UInt32
            switch c {
            case 0x30 ... 0x39: d = UInt32(c - 0x30)
            case 0x41 ... 0x46: d = UInt32(c - 0x41 + 10)
            case 0x61 ... 0x66: d = UInt32(c - 0x61 + 10)
            default: return nil
            }
            v = v << 4 | d
        }
        return v
    }

    /// Decodes validated string contents `p[start ..< end]` (escapes resolved) onto `out`.
    /// Lone surrogates become U+FFFD.
    static func unescape(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, into out: inout [UInt8]) {
        var i = start
        var run = start
        while i < end {
            if p[i] != 0x5C { i += 1; continue }
            if run < i { out.append(contentsOf: UnsafeBufferPointer(start: p + run, count: i - run)) }
            let e = p[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"):
                var v = hex4(p, i) ?? 0xFFFD
                i += 4
                if v >= 0xD800 && v < 0xDC00 {
                    if i + 6 <= end, p[i] == 0x5C, p[i + 1] == UInt8(ascii: "u"), let lo = hex4(p, i + 2), lo >= 0xDC00 && lo < 0xE000 {
                        v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00)
                        i += 6
                    } else {
                        v = 0xFFFD
                    }
                } else if v >= 0xDC00 && v < 0xE000 {
                    v = 0xFFFD
                }
                appendUTF8(v, to: &out)
            default: out.append(e) // \" \\ \/
            }
            run = i
        }
        if run < end { out.append(contentsOf: UnsafeBufferPointer(start: p + run, count: end - run)) }
    }

    private static func appendUTF8(_ v: UInt32, to out: inout [UInt8]) {
        switch v {
        case 0 ..< 0x80:
            out.append(UInt8(v))
        case 0x80 ..< 0x800:
            out.append(UInt8(0xC0 | (v >> 6)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        case 0x800 ..< 0x10000:
            out.append(UInt8(0xE0 | (v >> 12)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (v >> 18)))
            out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        }
    }
}
