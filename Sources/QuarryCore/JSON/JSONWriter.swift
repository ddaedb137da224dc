/// A byte-level JSON writer for hot paths (request bodies, JSONL lines, output rows).
///
/// Commas are inserted automatically: ``key(_:)`` and ``element()`` write a comma unless the
/// previous byte opened an object or array. Values are appended with the typed methods.
/// Non-ASCII text is written as UTF-8; quotes, backslashes and control characters are escaped.
public struct JSONWriter: Sendable {
    /// The bytes written so far.
    public var bytes: [UInt8]

    /// Creates an empty writer with room for `capacity` bytes.
    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Removes everything written, keeping the storage.
    public mutating func reset() { bytes.removeAll(keepingCapacity: true) }

    /// Opens an object (`{`), after a comma if one is needed.
    public mutating func beginObject() { bytes.append(UInt8(ascii: "{")) }
    /// Closes an object.
    public mutating func endObject() { bytes.append(UInt8(ascii: "}")) }
    /// Opens an array.
    public mutating func beginArray() { bytes.append(UInt8(ascii: "[")) }
    /// Closes an array.
    public mutating func endArray() { bytes.append(UInt8(ascii: "]")) }

    /// Writes a separating comma unless the last byte opened a container.
    @inline(__always)
    public mutating func element() {
        if let last = bytes.last, last != UInt8(ascii: "{"), last != UInt8(ascii: "["), last != UInt8(ascii: ":") {
            bytes.append(UInt8(ascii: ","))
        }
    }

    /// Writes `"name":` (with a leading comma when needed). `name` must not need escaping beyond JSON rules.
    public mutating func key(_ name: String) {
        element()
        string(name)
        bytes.append(UInt8(ascii: ":"))
    }

    /// Writes a quoted, escaped string.
    public mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        stringContents(value)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Writes the escaped contents of a string without the surrounding quotes.
    public mutating func stringContents(_ value: String) {
        var value = value
        value.withUTF8 { stringContents($0) }
    }

    /// Writes the escaped contents of UTF-8 bytes without the surrounding quotes.
    public mutating func stringContents(_ utf8: UnsafeBufferPointer<UInt8>) {
        guard let base = utf8.baseAddress else { return }
        let count = utf8.count
        var runStart = 0
        var i = 0
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        while i < count {
            // Eight bytes at a time while none needs escaping (no control character, quote or backslash).
            while i + 8 <= count {
                let w = UnaryLoad.load(base + i)
                let control = (w &- ones &* 0x20) & ~w & high
                let q = w ^ (ones &* 0x22), bs = w ^ (ones &* 0x5C)
                let quote = (q &- ones) & ~q & high
                let slash = (bs &- ones) & ~bs & high
                if control | quote | slash != 0 { break }
                i += 8
            }
            guard i < count else { break }
            let b = base[i]
            if b >= 0x20 && b != 0x22 && b != 0x5C {
                i += 1
                continue
            }
            if runStart < i { bytes.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: i - runStart)) }
            appendEscape(b)
            i += 1
            runStart = i
        }
        if runStart < count { bytes.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: count - runStart)) }
    }

    /// Writes the escaped contents of UTF-8 bytes without quotes.
    public mutating func stringContents(_ utf8: some Collection<UInt8>) {
        let done: Void? = utf8.withContiguousStorageIfAvailable { stringContents($0) }
        if done == nil { stringContents(Array(utf8)) }
    }

    private mutating func appendEscape(_ b: UInt8) {
        switch b {
        case 0x22: bytes.append(contentsOf: [0x5C, 0x22])
        case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
        case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
        case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
        case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
        case 0x08: bytes.append(contentsOf: [0x5C, UInt8(ascii: "b")])
        case 0x0C: bytes.append(contentsOf: [0x5C, UInt8(ascii: "f")])
        default:
            let hex: [UInt8] = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(b >> 4)], hex[Int(b & 0xF)]])
        }
    }

    /// Writes an integer.
    public mutating func int(_ value: Int) {
        if value >= 0 && value < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        var v = value.magnitude
        var tmp: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                  UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &tmp) { buf in
            repeat {
                buf[19 - n] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
                n += 1
            } while v > 0
            if value < 0 { bytes.append(UInt8(ascii: "-")) }
            bytes.append(contentsOf: buf[(20 - n)...])
        }
    }

    /// Writes a floating-point number (shortest round-trip form); non-finite values become `null`.
    public mutating func double(_ value: Double) {
        guard value.isFinite else { null(); return }
        if value == value.rounded(), abs(value) < 1e15 {
            int(Int(value))
            return
        }
        bytes.append(contentsOf: value.description.utf8)
    }

    /// Writes a Float (shortest round-trip form for Float precision).
    public mutating func float(_ value: Float) {
        guard value.isFinite else { null(); return }
        bytes.append(contentsOf: value.description.utf8)
    }

    /// Writes `true` or `false`.
    public mutating func bool(_ value: Bool) {
        bytes.append(contentsOf: value ? Array("true".utf8) : Array("false".utf8))
    }

    /// Writes `null`.
    public mutating func null() { bytes.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C]) }

    /// Appends bytes that are already valid JSON (a nested value copied from another document).
    @inlinable
    public mutating func raw(_ json: some Sequence<UInt8>) { bytes.append(contentsOf: json) }

    /// Appends bytes that are already valid JSON.
    @inlinable
    public mutating func raw(_ json: [UInt8]) { bytes.append(contentsOf: json) }

    /// Appends bytes that are already valid JSON.
    @inlinable
    public mutating func raw(_ json: ArraySlice<UInt8>) { bytes.append(contentsOf: json) }

    /// Appends a newline (JSONL record terminator).
    public mutating func newline() { bytes.append(0x0A) }
}

/// Unaligned 8-byte loads for the escaping fast path.
enum UnaryLoad {
    @inline(__always)
    static func load(_ p: UnsafePointer<UInt8>) -> UInt64 {
        UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
    }
}
