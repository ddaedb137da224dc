/// The text of typed values (read from Parquet) in cells: what Python's `str()` shows for the value
/// pyarrow's `to_pylist()` gives, so templates, CSV and JSONL read as a Python user expects, and
/// exact enough that a Parquet sink parses the text back to the same value (see `TypedCellParser`).
///
/// | value | text |
/// |---|---|
/// | integers | `42`, `-7` |
/// | DOUBLE | shortest round-trip, Python's rules: `1.5`, `0.1`, `100.0`, `1e-07`, `1e+16`, `nan`, `inf` |
/// | FLOAT | the same with the float's own shortest digits (`0.1`, not `0.10000000149011612`) |
/// | DECIMAL | exact, with the column's scale: `1.50` |
/// | DATE | `2024-01-02` |
/// | TIME | `03:04:05`, `03:04:05.250000` (a non-zero fraction in six digits, nine for nanoseconds) |
/// | TIMESTAMP | `2024-01-02 03:04:05` (local) or `2024-01-02 03:04:05+00:00` (UTC-adjusted); a non-zero fraction as for TIME |
/// | UUID | `12345678-1234-5678-1234-567812345678` |
enum TypedCellText {
    /// Python's `str(float)`: Swift's shortest round-trip description follows the same rules
    /// (fixed notation for exponents -4 ..< 16, else `1e+16` style; `inf`, `-inf`, `nan`).
    static func double(_ v: Double) -> String { v.description }

    /// A FLOAT value with its own shortest round-trip digits.
    static func float(_ v: Float) -> String { v.description }

    static func pad(_ v: Int64, _ width: Int) -> String {
        let s = String(v)
        return s.utf8.count >= width ? s : String(repeating: "0", count: width - s.utf8.count) + s
    }

    /// (year, month, day) for days since 1970-01-01 (proleptic Gregorian; Howard Hinnant's algorithm).
    static func civil(days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400
        return (m <= 2 ? y + 1 : y, m, d)
    }

    /// Days since 1970-01-01 for a civil date.
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// `YYYY-MM-DD` (a negative year has a leading `-`).
    static func date(days: Int64) -> String {
        let (y, m, d) = civil(days: days)
        let year = y < 0 ? "-" + pad(-y, 4) : pad(y, 4)
        return year + "-" + pad(m, 2) + "-" + pad(d, 2)
    }

    static func digits(_ perSecond: Int64) -> Int {
        perSecond == 1_000 ? 3 : perSecond == 1_000_000 ? 6 : 9
    }

    /// Digits shown for a non-zero fraction: six (microseconds, as Python's `datetime` and `time`
    /// show them) for milli- and microsecond units, nine for nanoseconds (as pandas shows them).
    static func shownDigits(_ perSecond: Int64) -> Int { max(6, digits(perSecond)) }

    /// `HH:MM:SS[.fraction]` for `value` units of `perSecond` since midnight.
    static func time(_ value: Int64, perSecond: Int64) -> String {
        var secs = value / perSecond
        var frac = value % perSecond
        if frac < 0 { frac += perSecond; secs -= 1 }
        var out = pad(secs / 3600, 2) + ":" + pad(secs % 3600 / 60, 2) + ":" + pad(secs % 60, 2)
        if frac != 0 {
            var scaled = frac
            for _ in digits(perSecond)..<shownDigits(perSecond) { scaled *= 10 }
            out += "." + pad(scaled, shownDigits(perSecond))
        }
        return out
    }

    /// `YYYY-MM-DD HH:MM:SS[.fraction][+00:00]` for `value` units of `perSecond` since the epoch.
    static func timestamp(_ value: Int64, perSecond: Int64, utc: Bool) -> String {
        let perDay = perSecond * 86_400
        var days = value / perDay
        var rem = value % perDay
        if rem < 0 { rem += perDay; days -= 1 }
        return date(days: days) + " " + time(rem, perSecond: perSecond) + (utc ? "+00:00" : "")
    }

    /// Canonical UUID text.
    static func uuid<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for (i, b) in bytes.enumerated() {
            if i == 4 || i == 6 || i == 8 || i == 10 { out.append(UInt8(ascii: "-")) }
            out.append(hex[Int(b >> 4)])
            out.append(hex[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Standard base64 (padded), for binary values in text outputs.
enum Base64Text {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        var i = 0
        let n = bytes.count
        while i + 3 <= n {
            let v = Int(bytes[i]) << 16 | Int(bytes[i + 1]) << 8 | Int(bytes[i + 2])
            out.append(alphabet[v >> 18 & 63]); out.append(alphabet[v >> 12 & 63])
            out.append(alphabet[v >> 6 & 63]); out.append(alphabet[v & 63])
            i += 3
        }
        if n - i == 1 {
            let v = Int(bytes[i]) << 16
            out += [alphabet[v >> 18 & 63], alphabet[v >> 12 & 63], UInt8(ascii: "="), UInt8(ascii: "=")]
        } else if n - i == 2 {
            let v = Int(bytes[i]) << 16 | Int(bytes[i + 1]) << 8
            out += [alphabet[v >> 18 & 63], alphabet[v >> 12 & 63], alphabet[v >> 6 & 63], UInt8(ascii: "=")]
        }
    }

    static func encodeToString(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var out: [UInt8] = []
        encode(bytes, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        bytes.withUnsafeBufferPointer { encode($0, into: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes padded or unpadded standard base64; nil when it is not base64.
    static func decode<C: Collection>(_ text: C) -> [UInt8]? where C.Element == UInt8 {
        var out: [UInt8] = []
        var acc = 0, bits = 0, pads = 0
        for c in text {
            let v: Int
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): v = Int(c) - 65
            case UInt8(ascii: "a")...UInt8(ascii: "z"): v = Int(c) - 71
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = Int(c) + 4
            case UInt8(ascii: "+"): v = 62
            case UInt8(ascii: "/"): v = 63
            case UInt8(ascii: "="): pads += 1; continue
            default: return nil
            }
            guard pads == 0 else { return nil }
            acc = (acc << 6 | v) & 0xFFFFFF
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: acc >> bits))
            }
        }
        return out
    }
}
