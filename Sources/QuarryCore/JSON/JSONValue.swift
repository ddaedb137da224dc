import Foundation

/// A syntax error in a JSON document. The description names the byte offset, never the content.
public struct JSONError: Error, Sendable, CustomStringConvertible {
    /// Byte offset of the problem within the document.
    public var offset: Int
    /// What was wrong.
    public var reason: String
    public var description: String { "invalid JSON at byte \(offset + 1): \(reason)" }
}

/// A lazy, validated view of one JSON value inside a byte buffer.
///
/// Parsing validates the whole document once; lookups (`self["key"]`, ``elements``) scan the bytes on
/// demand, so a harvest can pull three fields out of a large output line without building a tree.
public struct JSONValue: Sendable {
    /// The kind of a JSON value.
    public enum Kind: Sendable, Equatable { case object, array, string, number, bool, null }

    /// The whole document the value lives in.
    public let document: [UInt8]
    /// Range of this value's bytes in ``document``.
    public let range: Range<Int>
    /// The value's kind.
    public let kind: Kind

    /// Parses and validates a complete document (surrounding whitespace allowed).
    public static func parse(_ bytes: [UInt8]) throws(JSONError) -> JSONValue {
        try parse(bytes, in: 0..<bytes.count)
    }

    /// Parses and validates the document in `range` of a larger buffer (a line of a file chunk),
    /// without copying it. Offsets in errors are relative to the range.
    public static func parse(_ bytes: [UInt8], in range: Range<Int>) throws(JSONError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { whole throws(JSONError) -> JSONValue in
            let p = UnsafeBufferPointer(rebasing: whole[..<range.upperBound])
            var scanner = JSONScanner(p, at: range.lowerBound, strict: true)
            do throws(JSONError) {
                scanner.skipWhitespace()
                let start = scanner.pos
                let kind = try scanner.skipValue(depth: 0)
                let end = scanner.pos
                scanner.skipWhitespace()
                if scanner.pos != p.count { throw JSONError(offset: scanner.pos, reason: "unexpected data after the value") }
                return JSONValue(document: bytes, range: start..<end, kind: kind)
            } catch {
                throw JSONError(offset: error.offset - range.lowerBound, reason: error.reason)
            }
        }
    }

    /// Finds the document in `range` without validating numbers and literals: for machine-written
    /// input on hot paths (provider output lines). Structure and strings are still checked.
    public static func parse(trusting bytes: [UInt8], in range: Range<Int>) throws(JSONError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { whole throws(JSONError) -> JSONValue in
            let p = UnsafeBufferPointer(rebasing: whole[..<range.upperBound])
            var scanner = JSONScanner(p, at: range.lowerBound, strict: false)
            scanner.skipWhitespace()
            let start = scanner.pos
            let kind = try scanner.skipValue(depth: 0)
            let end = scanner.pos
            scanner.skipWhitespace()
            if scanner.pos != p.count { throw JSONError(offset: scanner.pos - range.lowerBound, reason: "unexpected data after the value") }
            return JSONValue(document: bytes, range: start..<end, kind: kind)
        }
    }

    /// Calls `body` with each member of an object, in order, until it returns false. One pass over
    /// the bytes, however many members the caller needs.
    public func forEachMember(_ body: (String, JSONValue) -> Bool) {
        forEachMemberKey { key, value in body(key.string, value) }
    }

    /// Like ``forEachMember(_:)``, with each key as its raw bytes (``JSONKey``), compared without
    /// building a `String`: for hot paths.
    public func forEachMemberKey(_ body: (JSONKey, JSONValue) -> Bool) {
        guard kind == .object else { return }
        document.withUnsafeBufferPointer { p in
            var s = JSONScanner(p, at: range.lowerBound + 1)
            s.skipWhitespace()
            if s.peek == UInt8(ascii: "}") { return }
            while true {
                s.skipWhitespace()
                let keyStart = s.pos + 1
                guard (try? s.skipString()) != nil else { return }
                let key = JSONKey(raw: UnsafeBufferPointer(rebasing: p[keyStart..<(s.pos - 1)]))
                s.skipWhitespace(); s.pos += 1
                s.skipWhitespace()
                let valueStart = s.pos
                guard let k = try? s.skipValue(depth: 0) else { return }
                if !body(key, JSONValue(document: document, range: valueStart..<s.pos, kind: k)) { return }
                s.skipWhitespace()
                if s.peek == UInt8(ascii: ",") { s.pos += 1; continue }
                return
            }
        }
    }

    /// Calls `body` with each element of an array, in order, until it returns false (no array of
    /// elements is built).
    public func forEachElement(_ body: (JSONValue) -> Bool) {
        guard kind == .array else { return }
        document.withUnsafeBufferPointer { p in
            var s = JSONScanner(p, at: range.lowerBound + 1)
            s.skipWhitespace()
            if s.peek == UInt8(ascii: "]") { return }
            while true {
                s.skipWhitespace()
                let start = s.pos
                guard let k = try? s.skipValue(depth: 0) else { return }
                if !body(JSONValue(document: document, range: start..<s.pos, kind: k)) { return }
                s.skipWhitespace()
                if s.peek == UInt8(ascii: ",") { s.pos += 1; continue }
                return
            }
        }
    }

    /// Parses a document given as text.
    public static func parse(_ text: String) throws(JSONError) -> JSONValue { try parse(Array(text.utf8)) }

    /// The raw JSON bytes of this value.
    public var rawBytes: ArraySlice<UInt8> { document[range] }

    /// The raw JSON text of this value.
    public var rawText: String { String(decoding: document[range], as: UTF8.self) }

    /// The member named `key` of an object, or nil (also nil when this is not an object).
    public subscript(key: String) -> JSONValue? {
        guard kind == .object else { return nil }
        var key = key
        return key.withUTF8 { keyBytes in document.withUnsafeBufferPointer { p -> JSONValue? in
            var s = JSONScanner(p, at: range.lowerBound + 1)
            s.skipWhitespace()
            if s.peek == UInt8(ascii: "}") { return nil }
            while true {
                s.skipWhitespace()
                let keyStart = s.pos + 1
                guard (try? s.skipString()) != nil else { return nil }
                let keyEnd = s.pos - 1
                s.skipWhitespace(); s.pos += 1 // ':'
                s.skipWhitespace()
                let valueStart = s.pos
                guard let k = try? s.skipValue(depth: 0) else { return nil }
                if keyEnd - keyStart == keyBytes.count, s.rawEquals(keyStart..<keyEnd, keyBytes) {
                    return JSONValue(document: document, range: valueStart..<s.pos, kind: k)
                }
                if s.containsBackslash(keyStart..<keyEnd) {
                    // An escaped key: compare decoded text.
                    if JSONScanner.decodeString(p, keyStart..<keyEnd) == String(decoding: keyBytes, as: UTF8.self) {
                        return JSONValue(document: document, range: valueStart..<s.pos, kind: k)
                    }
                }
                s.skipWhitespace()
                if s.peek == UInt8(ascii: ",") { s.pos += 1; continue }
                return nil
            }
        } }
    }

    /// The members of an object in document order (empty when not an object).
    public var members: [(key: String, value: JSONValue)] {
        guard kind == .object else { return [] }
        return document.withUnsafeBufferPointer { p in
            var out: [(String, JSONValue)] = []
            var s = JSONScanner(p, at: range.lowerBound + 1)
            s.skipWhitespace()
            if s.peek == UInt8(ascii: "}") { return [] }
            while true {
                s.skipWhitespace()
                let keyStart = s.pos + 1
                guard (try? s.skipString()) != nil else { return out }
                let key = JSONScanner.decodeString(p, keyStart..<(s.pos - 1))
                s.skipWhitespace(); s.pos += 1
                s.skipWhitespace()
                let valueStart = s.pos
                guard let k = try? s.skipValue(depth: 0) else { return out }
                out.append((key, JSONValue(document: document, range: valueStart..<s.pos, kind: k)))
                s.skipWhitespace()
                if s.peek == UInt8(ascii: ",") { s.pos += 1; continue }
                return out
            }
        }
    }

    /// The elements of an array (empty when not an array).
    public var elements: [JSONValue] {
        var out: [JSONValue] = []
        forEachElement { out.append($0); return true }
        return out
    }

    /// Number of elements of an array, counted without materializing them.
    public var count: Int {
        switch kind {
        case .array:
            return document.withUnsafeBufferPointer { p in
                if let n = JSONScanner(p).flatArrayCount(range) { return n }
                var s = JSONScanner(p, at: range.lowerBound + 1)
                s.skipWhitespace()
                if s.peek == UInt8(ascii: "]") { return 0 }
                var n = 0
                while true {
                    s.skipWhitespace()
                    guard (try? s.skipValue(depth: 0)) != nil else { return n }
                    n += 1
                    s.skipWhitespace()
                    if s.peek == UInt8(ascii: ",") { s.pos += 1; continue }
                    return n
                }
            }
        case .object: return members.count
        default: return 0
        }
    }

    /// The decoded string, or nil when this is not a string.
    public var string: String? {
        guard kind == .string else { return nil }
        return document.withUnsafeBufferPointer { JSONScanner.decodeString($0, (range.lowerBound + 1)..<(range.upperBound - 1)) }
    }

    /// The value as an integer: integral numbers, and strings holding one (lenient, as Bedrock's `errorCode`).
    public var int: Int? {
        switch kind {
        case .number:
            if let v = plainInteger { return v }
            if let d = double, d == d.rounded(), abs(d) < 9e18 { return Int(d) }
            return nil
        case .string: return string.flatMap { Int($0) }
        default: return nil
        }
    }

    /// A number written as plain decimal digits (optionally negative) that fits an `Int`, read
    /// without a `String`; nil for anything else.
    private var plainInteger: Int? {
        document.withUnsafeBufferPointer { p -> Int? in
            var i = range.lowerBound
            let negative = p[i] == UInt8(ascii: "-")
            if negative { i += 1 }
            guard i < range.upperBound else { return nil }
            // Accumulated negative, so that Int.min fits too.
            var v = 0
            while i < range.upperBound {
                let d = p[i] &- 0x30
                guard d < 10 else { return nil }
                let (times10, o1) = v.multipliedReportingOverflow(by: 10)
                let (next, o2) = times10.subtractingReportingOverflow(Int(d))
                guard !o1, !o2 else { return nil }
                v = next
                i += 1
            }
            if negative { return v }
            return v == Int.min ? nil : -v
        }
    }

    /// Whether this is a string equal to `text`, compared without decoding when it has no escapes.
    public func isString(_ text: StaticString) -> Bool {
        guard kind == .string else { return false }
        let inner = (range.lowerBound + 1)..<(range.upperBound - 1)
        return document.withUnsafeBufferPointer { p in
            let bytes = UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
            if inner.count == bytes.count, memcmp(p.baseAddress! + inner.lowerBound, bytes.baseAddress!, bytes.count) == 0 { return true }
            guard memchr(p.baseAddress! + inner.lowerBound, 0x5C, inner.count) != nil else { return false }
            return JSONScanner.decodeString(p, inner) == String(decoding: bytes, as: UTF8.self)
        }
    }

    /// The value as a Double, or nil when it is not a number.
    public var double: Double? {
        guard kind == .number else { return nil }
        return Double(String(decoding: document[range], as: UTF8.self))
    }

    /// The value as a Bool, or nil when it is not `true`/`false`.
    public var bool: Bool? {
        guard kind == .bool else { return nil }
        return document[range.lowerBound] == UInt8(ascii: "t")
    }

    /// Whether the value is `null`.
    public var isNull: Bool { kind == .null }

    /// A display form: strings decoded, everything else as its JSON text.
    public var displayText: String {
        switch kind {
        case .string: return string ?? ""
        case .null: return ""
        default: return rawText
        }
    }
}

/// A validating cursor over JSON bytes.
struct JSONScanner {
    let p: UnsafeBufferPointer<UInt8>
    var pos: Int
    /// Validate numbers and literals fully (parsing); lookups inside an already-parsed document
    /// only need to find where each value ends.
    let strict: Bool
    static let maxDepth = 512

    init(_ p: UnsafeBufferPointer<UInt8>, at pos: Int = 0, strict: Bool = false) {
        self.p = p
        self.pos = pos
        self.strict = strict
    }

    var peek: UInt8 { pos < p.count ? p[pos] : 0 }

    mutating func skipWhitespace() {
        while pos < p.count {
            let b = p[pos]
            if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { pos += 1 } else { return }
        }
    }

    func rawEquals(_ r: Range<Int>, _ other: UnsafeBufferPointer<UInt8>) -> Bool {
        r.isEmpty || memcmp(p.baseAddress! + r.lowerBound, other.baseAddress!, r.count) == 0
    }

    func containsBackslash(_ r: Range<Int>) -> Bool {
        for i in r where p[i] == 0x5C { return true }
        return false
    }

    func error(_ reason: String) -> JSONError { JSONError(offset: pos, reason: reason) }

    /// Skips one value, validating it, and returns its kind.
    mutating func skipValue(depth: Int) throws(JSONError) -> JSONValue.Kind {
        guard pos < p.count else { throw error("unexpected end of data") }
        switch p[pos] {
        case UInt8(ascii: "{") where !strict, UInt8(ascii: "[") where !strict:
            return try skipContainerFast()
        case UInt8(ascii: "{"):
            if depth > Self.maxDepth { throw error("nested too deeply") }
            pos += 1
            skipWhitespace()
            if peek == UInt8(ascii: "}") { pos += 1; return .object }
            while true {
                skipWhitespace()
                guard peek == UInt8(ascii: "\"") else { throw error("expected a quoted key") }
                try skipString()
                skipWhitespace()
                guard peek == UInt8(ascii: ":") else { throw error("expected ':' after a key") }
                pos += 1
                skipWhitespace()
                _ = try skipValue(depth: depth + 1)
                skipWhitespace()
                switch peek {
                case UInt8(ascii: ","): pos += 1
                case UInt8(ascii: "}"): pos += 1; return .object
                default: throw error("expected ',' or '}' in an object")
                }
            }
        case UInt8(ascii: "["):
            if depth > Self.maxDepth { throw error("nested too deeply") }
            pos += 1
            skipWhitespace()
            if peek == UInt8(ascii: "]") { pos += 1; return .array }
            while true {
                skipWhitespace()
                _ = try skipValue(depth: depth + 1)
                skipWhitespace()
                switch peek {
                case UInt8(ascii: ","): pos += 1
                case UInt8(ascii: "]"): pos += 1; return .array
                default: throw error("expected ',' or ']' in an array")
                }
            }
        case UInt8(ascii: "\""):
            try skipString()
            return .string
        case UInt8(ascii: "t"): try literal("true"); return .bool
        case UInt8(ascii: "f"): try literal("false"); return .bool
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            if strict { try skipNumber() } else { skipNumberFast() }
            return .number
        default:
            throw error("unexpected character")
        }
    }

    mutating func literal(_ word: StaticString) throws(JSONError) {
        let n = word.utf8CodeUnitCount
        guard pos + n <= p.count else { throw error("unexpected end of data") }
        let w = word.utf8Start
        for i in 0..<n where p[pos + i] != w[i] { throw error("invalid literal") }
        pos += n
    }

    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let high: UInt64 = 0x8080_8080_8080_8080

    /// Marks (high bit) exactly the zero bytes of `x`.
    @inline(__always)
    static func zeroBytes(_ x: UInt64) -> UInt64 {
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~(((x & low) &+ low) | x | low)
    }

    /// Skips an object or array without validating scalars: eight bytes at a time through runs
    /// with no quote or bracket (number arrays such as embeddings), strings with `memchr`.
    mutating func skipContainerFast() throws(JSONError) -> JSONValue.Kind {
        let kind: JSONValue.Kind = p[pos] == UInt8(ascii: "{") ? .object : .array
        let start = pos
        let count = p.count
        guard let base = p.baseAddress else { throw error("unexpected end of data") }
        var depth = 0
        while pos < count {
            while pos + 8 <= count {
                let w = UnsafeRawPointer(base + pos).loadUnaligned(as: UInt64.self)
                let folded = w | (Self.ones &* 0x20)
                let specials = Self.zeroBytes(folded ^ (Self.ones &* 0x7B)) | Self.zeroBytes(folded ^ (Self.ones &* 0x7D))
                    | Self.zeroBytes(w ^ (Self.ones &* 0x22))
                if specials != 0 { break }
                pos += 8
            }
            guard pos < count else { break }
            switch base[pos] {
            case 0x22: try skipString()
            case 0x5B, 0x7B:
                depth += 1
                if depth > Self.maxDepth { throw error("nested too deeply") }
                pos += 1
            case 0x5D, 0x7D:
                depth -= 1
                pos += 1
                if depth == 0 { return kind }
            default: pos += 1
            }
        }
        throw JSONError(offset: start, reason: "unterminated \(kind == .object ? "object" : "array")")
    }

    /// The number of elements of a flat array of scalars (no strings or containers inside), counted
    /// eight bytes at a time; nil when the array is not flat.
    func flatArrayCount(_ r: Range<Int>) -> Int? {
        guard let base = p.baseAddress, r.count >= 2 else { return nil }
        var i = r.lowerBound + 1
        let end = r.upperBound - 1
        var commas = 0
        while i + 8 <= end {
            let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            let folded = w | (Self.ones &* 0x20)
            if Self.zeroBytes(folded ^ (Self.ones &* 0x7B)) | Self.zeroBytes(folded ^ (Self.ones &* 0x7D)) | Self.zeroBytes(w ^ (Self.ones &* 0x22)) != 0 {
                return nil
            }
            commas += (Self.zeroBytes(w ^ (Self.ones &* 0x2C))).nonzeroBitCount
            i += 8
        }
        while i < end {
            switch base[i] {
            case 0x22, 0x5B, 0x5D, 0x7B, 0x7D: return nil
            case 0x2C: commas += 1
            default: break
            }
            i += 1
        }
        if commas == 0 {
            // Only whitespace (or nothing) between the brackets.
            for k in (r.lowerBound + 1)..<end where ![0x20, 0x0A, 0x0D, 0x09].contains(base[k]) { return 1 }
            return 0
        }
        return commas + 1
    }

    /// Advances over the characters a number can contain.
    @inline(__always)
    mutating func skipNumberFast() {
        let count = p.count
        while pos < count {
            let b = p[pos]
            if (b >= 0x30 && b <= 0x39) || b == 0x2E || b == 0x2D || b == 0x2B || b == 0x65 || b == 0x45 { pos += 1 } else { return }
        }
    }

    mutating func skipNumber() throws(JSONError) {
        let start = pos
        if peek == UInt8(ascii: "-") { pos += 1 }
        var digits = 0
        while pos < p.count, p[pos] >= 0x30, p[pos] <= 0x39 { pos += 1; digits += 1 }
        if digits == 0 { throw JSONError(offset: start, reason: "invalid number") }
        if peek == UInt8(ascii: ".") {
            pos += 1
            var frac = 0
            while pos < p.count, p[pos] >= 0x30, p[pos] <= 0x39 { pos += 1; frac += 1 }
            if frac == 0 { throw JSONError(offset: start, reason: "invalid number") }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            pos += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { pos += 1 }
            var exp = 0
            while pos < p.count, p[pos] >= 0x30, p[pos] <= 0x39 { pos += 1; exp += 1 }
            if exp == 0 { throw JSONError(offset: start, reason: "invalid number") }
        }
    }

    /// Skips a string starting at the opening quote; leaves `pos` after the closing quote.
    /// Finds quotes with `memchr`; raw control characters inside strings are tolerated.
    mutating func skipString() throws(JSONError) {
        let start = pos
        guard let base = p.baseAddress else { throw JSONError(offset: start, reason: "unterminated string") }
        var from = pos + 1
        let count = p.count
        while from < count {
            guard let hit = memchr(base + from, 0x22, count - from) else { break }
            let q = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            var k = q - 1
            var backslashes = 0
            while k > start, base[k] == 0x5C {
                backslashes += 1
                k -= 1
            }
            if backslashes % 2 == 0 {
                pos = q + 1
                return
            }
            from = q + 1
        }
        pos = count
        throw JSONError(offset: start, reason: "unterminated string")
    }

    /// Decodes string contents (between the quotes), resolving escapes.
    static func decodeString(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> String {
        let hasEscape = r.isEmpty ? false : memchr(p.baseAddress! + r.lowerBound, 0x5C, r.count) != nil
        if !hasEscape {
            return String(decoding: UnsafeBufferPointer(rebasing: p[r]), as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(r.count)
        var i = r.lowerBound
        func hex4(_ at: Int) -> UInt32? {
            guard at + 4 <= r.upperBound else { return nil }
            var v: UInt32 = 0
            for j in at..<(at + 4) {
                let c = p[j]
                let d: UInt32
                switch c {
                case 0x30...0x39: d = UInt32(c - 0x30)
                case 0x41...0x46: d = UInt32(c - 0x41 + 10)
                case 0x61...0x66: d = UInt32(c - 0x61 + 10)
                default: return nil
                }
                v = v << 4 | d
            }
            return v
        }
        func appendScalar(_ v: UInt32) {
            let scalar = Unicode.Scalar(v) ?? "\u{FFFD}"
            out.append(contentsOf: String(Character(scalar)).utf8)
        }
        while i < r.upperBound {
            let b = p[i]
            if b != 0x5C { out.append(b); i += 1; continue }
            guard i + 1 < r.upperBound else { break }
            let e = p[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"):
                guard let v = hex4(i) else { out.append(contentsOf: "\u{FFFD}".utf8); continue }
                i += 4
                if v >= 0xD800 && v < 0xDC00, i + 6 <= r.upperBound, p[i] == 0x5C, p[i + 1] == UInt8(ascii: "u"),
                   let lo = hex4(i + 2), lo >= 0xDC00 && lo < 0xE000 {
                    i += 6
                    appendScalar(0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00))
                } else {
                    appendScalar(v)
                }
            default: out.append(e)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension JSONValue {
    /// A view of a value that was parsed and validated earlier (a harvested `modelOutput` read back
    /// from its file): no scan now; lookups scan only as far as they need.
    public init(validated bytes: [UInt8], range: Range<Int>) {
        let first = range.isEmpty ? 0 : bytes[range.lowerBound]
        let kind: Kind = switch first {
        case UInt8(ascii: "{"): .object
        case UInt8(ascii: "["): .array
        case UInt8(ascii: "\""): .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): .bool
        case UInt8(ascii: "n"): .null
        default: .number
        }
        self.init(document: bytes, range: range, kind: kind)
    }
}

/// An object member's key as it is written (escapes unresolved), valid only during the call that
/// passes it. Compares with a literal without building a `String`.
public struct JSONKey {
    /// The key's bytes between the quotes.
    public let raw: UnsafeBufferPointer<UInt8>

    /// The decoded key.
    public var string: String {
        JSONScanner.decodeString(raw, 0..<raw.count)
    }

    /// Whether the key is `literal`.
    public static func == (key: JSONKey, literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        if key.raw.count == n {
            if n == 0 || memcmp(key.raw.baseAddress!, literal.utf8Start, n) == 0 { return true }
        }
        guard let base = key.raw.baseAddress, memchr(base, 0x5C, key.raw.count) != nil else { return false }
        return key.string == String(decoding: UnsafeBufferPointer(start: literal.utf8Start, count: n), as: UTF8.self)
    }

    /// Lets a `switch` over a key match literals.
    public static func ~= (literal: StaticString, key: JSONKey) -> Bool { key == literal }
}
