extension ParquetValue {
    /// The value as JSON text. Strings are escaped, bytes become base64 strings, dates and
    /// timestamps become ISO 8601 strings, decimals exact numbers; non-finite floats become null.
    public var jsonText: String {
        var out = ""
        appendJSON(to: &out)
        return out
    }

    /// The value as a user expects to read it: strings unquoted, numbers plain, dates ISO 8601,
    /// null as an empty string, nested values as JSON.
    public var displayText: String {
        switch self {
        case .null: return ""
        case .string(let s): return s
        case .bool, .int32, .int64, .uint64, .float, .double, .decimal, .date, .time, .timestamp, .uuid:
            var out = ""
            appendScalarText(to: &out)
            return out
        case .bytes(let b):
            if let s = String(validating: b, as: UTF8.self) { return s }
            return Base64.encode(b)
        case .list, .map, .group:
            return jsonText
        }
    }

    /// Appends scalar text (no quotes) for non-string scalars.
    private func appendScalarText(to out: inout String) {
        switch self {
        case .bool(let v): out += v ? "true" : "false"
        case .int32(let v): out += String(v)
        case .int64(let v): out += String(v)
        case .uint64(let v): out += String(v)
        case .float(let v): out += Self.floatText(Double(v), isFloat: true, v.description)
        case .double(let v): out += Self.floatText(v, isFloat: false, v.description)
        case .decimal(let d): out += d.description
        case .date(let d): out += CivilTime.dateString(days: Int64(d))
        case .time(let v, let unit): out += CivilTime.timeString(v, unit: unit)
        case .timestamp(let v, let unit, let utc): out += CivilTime.timestampString(v, unit: unit, utc: utc)
        case .uuid(let b): out += Self.uuidText(b)
        default: break
        }
    }

    private static func floatText(_ v: Double, isFloat: Bool, _ description: String) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v < 0 ? "-Infinity" : "Infinity" }
        return description
    }

    static func uuidText(_ b: [UInt8]) -> String {
        let hex = b.map { byte -> String in
            let s = String(byte, radix: 16)
            return s.count == 1 ? "0" + s : s
        }.joined()
        guard hex.count == 32 else { return hex }
        var out = hex
        for pos in [8, 13, 18, 23] { out.insert("-", at: out.index(out.startIndex, offsetBy: pos)) }
        return out
    }

    func appendJSON(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool, .int32, .int64, .uint64, .decimal: appendScalarText(to: &out)
        case .float(let v):
            if v.isFinite { appendScalarText(to: &out) } else { out += "null" }
        case .double(let v):
            if v.isFinite { appendScalarText(to: &out) } else { out += "null" }
        case .string(let s): Self.appendJSONString(s, to: &out)
        case .bytes(let b): Self.appendJSONString(Base64.encode(b), to: &out)
        case .date, .time, .timestamp, .uuid:
            var s = ""
            appendScalarText(to: &s)
            Self.appendJSONString(s, to: &out)
        case .list(let items):
            out += "["
            for (i, v) in items.enumerated() {
                if i > 0 { out += "," }
                v.appendJSON(to: &out)
            }
            out += "]"
        case .map(let entries):
            // String keys make a JSON object; other keys an array of [key, value] pairs.
            let allStrings = entries.allSatisfy { if case .string = $0.key { return true } else { return false } }
            if allStrings {
                out += "{"
                for (i, e) in entries.enumerated() {
                    if i > 0 { out += "," }
                    e.key.appendJSON(to: &out)
                    out += ":"
                    e.value.appendJSON(to: &out)
                }
                out += "}"
            } else {
                out += "["
                for (i, e) in entries.enumerated() {
                    if i > 0 { out += "," }
                    out += "["
                    e.key.appendJSON(to: &out)
                    out += ","
                    e.value.appendJSON(to: &out)
                    out += "]"
                }
                out += "]"
            }
        case .group(let fields):
            out += "{"
            for (i, f) in fields.enumerated() {
                if i > 0 { out += "," }
                Self.appendJSONString(f.name, to: &out)
                out += ":"
                f.value.appendJSON(to: &out)
            }
            out += "}"
        }
    }

    static func appendJSONString(_ s: String, to out: inout String) {
        out += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let h = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
    }
}

/// Minimal base64 encoder (standard alphabet, padded).
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i + 3 <= bytes.count {
            let v = Int(bytes[i]) << 16 | Int(bytes[i + 1]) << 8 | Int(bytes[i + 2])
            out += [alphabet[v >> 18 & 63], alphabet[v >> 12 & 63], alphabet[v >> 6 & 63], alphabet[v & 63]]
            i += 3
        }
        let rest = bytes.count - i
        if rest == 1 {
            let v = Int(bytes[i]) << 16
            out += [alphabet[v >> 18 & 63], alphabet[v >> 12 & 63], UInt8(ascii: "="), UInt8(ascii: "=")]
        } else if rest == 2 {
            let v = Int(bytes[i]) << 16 | Int(bytes[i + 1]) << 8
            out += [alphabet[v >> 18 & 63], alphabet[v >> 12 & 63], alphabet[v >> 6 & 63], UInt8(ascii: "=")]
        }
        return String(decoding: out, as: UTF8.self)
    }
}
