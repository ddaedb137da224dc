import QuarryCore
internal import Parquet

/// Turns cell text back into Parquet values of a known field type: the inverse of ``TypedCellText``
/// for flat cells and of `ParquetValue.jsonText` for nested (JSON) cells. Also accepts the ISO 8601
/// forms (`2024-01-02T03:04:05.5Z`) and JSON's spellings, so values from CSV or JSONL inputs fit
/// typed columns when they are well formed.
enum TypedCellParser {
    /// The value of a non-null cell for a field of `type`, or nil when the text does not fit.
    static func value(kind: CellKind, bytes: UnsafeBufferPointer<UInt8>, type: ParquetField.FieldType) -> ParquetValue? {
        switch type {
        case .string, .enumeration:
            return .string(String(decoding: bytes, as: UTF8.self))
        case .json:
            return .string(String(decoding: bytes, as: UTF8.self))
        case .binary, .fixedBinary:
            return .bytes(Array(bytes))
        case .list, .map, .group:
            guard let json = try? JSONValue.parse(Array(bytes)) else { return nil }
            return value(json: json, type: type)
        default:
            return scalar(String(decoding: bytes, as: UTF8.self), type: type)
        }
    }

    /// A flat value from its text.
    static func scalar(_ text: String, type: ParquetField.FieldType) -> ParquetValue? {
        switch type {
        case .boolean:
            switch text {
            case "true", "True": return .bool(true)
            case "false", "False": return .bool(false)
            default: return nil
            }
        case .int8, .int16, .int32, .int64:
            return Int64(text).map { .int64($0) }
        case .uint8, .uint16, .uint32, .uint64:
            return UInt64(text).map { .uint64($0) }
        case .float:
            // Parsed as a Float directly: going through Double could round twice.
            guard let d = floatingPoint(text) else { return nil }
            return .float(d.isFinite ? Float(text) ?? Float(d) : Float(d))
        case .double:
            return floatingPoint(text).map { .double($0) }
        case .string, .json, .enumeration:
            return .string(text)
        case .binary, .fixedBinary:
            return Base64Text.decode(text.utf8).map { .bytes($0) }
        case .uuid:
            return uuid(text).map { .uuid($0) }
        case .date:
            return date(Substring(text)).map { .date(Int32(truncatingIfNeeded: $0)) }
        case .time(let unit):
            return time(Substring(text), perSecond: unit.perSecond).map { .time($0, unit: unit) }
        case .timestamp(let unit, let utc):
            return timestamp(text, perSecond: unit.perSecond).map { .timestamp($0, unit: unit, isAdjustedToUTC: utc) }
        case .int96Timestamp:
            return timestamp(text, perSecond: 1_000_000_000).map { .timestamp($0, unit: .nanoseconds, isAdjustedToUTC: false) }
        case .decimal(let p, let s):
            return ParquetDecimal(text, scale: s, precision: p).map { .decimal($0) }
        case .list, .map, .group:
            return nil
        }
    }

    /// A value from JSON (nested cells), guided by the field type.
    static func value(json: JSONValue, type: ParquetField.FieldType) -> ParquetValue? {
        if json.isNull { return .null }
        switch type {
        case .list(let element):
            guard json.kind == .array else { return nil }
            var items: [ParquetValue] = []
            for e in json.elements {
                guard let v = value(json: e, type: element.type) else { return nil }
                items.append(v)
            }
            return .list(items)
        case .map(let key, let valueField):
            var entries: [ParquetValue.MapEntry] = []
            if json.kind == .object {
                for (k, v) in json.members {
                    guard let kv = scalar(k, type: key.type), let vv = value(json: v, type: valueField.type) else { return nil }
                    entries.append(ParquetValue.MapEntry(key: kv, value: vv))
                }
            } else if json.kind == .array {
                for pair in json.elements {
                    let kv = pair.elements
                    guard pair.kind == .array, kv.count == 2, let k = value(json: kv[0], type: key.type),
                          let v = value(json: kv[1], type: valueField.type) else { return nil }
                    entries.append(ParquetValue.MapEntry(key: k, value: v))
                }
            } else {
                return nil
            }
            return .map(entries)
        case .group(let fields):
            guard json.kind == .object else { return nil }
            var out: [ParquetValue.NamedValue] = []
            for f in fields {
                guard let member = json[f.name] else { out.append(.init(name: f.name, value: .null)); continue }
                guard let v = value(json: member, type: f.type) else { return nil }
                out.append(.init(name: f.name, value: v))
            }
            return .group(out)
        case .boolean:
            return json.bool.map { .bool($0) }
        case .string, .json, .enumeration, .binary, .fixedBinary, .uuid, .date, .time, .timestamp, .int96Timestamp:
            guard json.kind == .string, let s = json.string else { return nil }
            return scalar(s, type: type)
        case .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64, .float, .double, .decimal:
            switch json.kind {
            case .number: return scalar(json.rawText, type: type)
            case .string: return json.string.flatMap { scalar($0, type: type) }  // "nan", "inf"
            default: return nil
            }
        }
    }

    /// Doubles in Swift, Python and JSON spellings, including `nan`, `inf`, `NaN`, `Infinity`.
    static func floatingPoint(_ text: String) -> Double? {
        switch text {
        case "nan", "NaN": return .nan
        case "inf", "Infinity", "+inf": return .infinity
        case "-inf", "-Infinity": return -.infinity
        default:
            guard let first = text.utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".")
                    || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) else { return nil }
            return Double(text)
        }
    }

    static func uuid(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        var high: UInt8?
        for c in text.utf8 where c != UInt8(ascii: "-") {
            let v: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = c - 48
            case UInt8(ascii: "a")...UInt8(ascii: "f"): v = c - 87
            case UInt8(ascii: "A")...UInt8(ascii: "F"): v = c - 55
            default: return nil
            }
            if let h = high { out.append(h << 4 | v); high = nil } else { high = v }
        }
        return out.count == 16 && high == nil ? out : nil
    }

    /// Days since the epoch for `[-]YYYY-MM-DD`.
    static func date(_ text: Substring) -> Int64? {
        var s = text
        var negative = false
        if s.first == "-" { negative = true; s = s.dropFirst() }
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count >= 4, parts[1].count == 2, parts[2].count == 2,
              var y = digits(parts[0]), let m = digits(parts[1]), let d = digits(parts[2]),
              (1...12).contains(m), (1...31).contains(d) else { return nil }
        if negative { y = -y }
        let days = TypedCellText.days(year: y, month: m, day: d)
        // Reject dates like 2023-02-30 that do not exist.
        let back = TypedCellText.civil(days: days)
        guard back.year == y, back.month == m, back.day == d else { return nil }
        return days
    }

    /// Units since midnight for `HH:MM:SS[.fraction]` (no more precision than the unit has).
    static func time(_ text: Substring, perSecond: Int64) -> Int64? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 2, parts[1].count == 2,
              let h = digits(parts[0]), let m = digits(parts[1]), h < 24, m < 60 else { return nil }
        let secParts = parts[2].split(separator: ".", omittingEmptySubsequences: false)
        guard secParts.count <= 2, secParts[0].count == 2, let s = digits(secParts[0]), s < 60 else { return nil }
        var frac: Int64 = 0
        if secParts.count == 2 {
            var f = secParts[1]
            let width = TypedCellText.digits(perSecond)
            // Digits beyond the unit must be zeros (`.250000` for milliseconds).
            while f.count > width, f.last == "0" { f = f.dropLast() }
            guard !f.isEmpty, f.count <= width, let v = digits(f) else { return nil }
            frac = v
            for _ in 0..<(width - f.count) { frac *= 10 }
        }
        return ((h * 60 + m) * 60 + s) * perSecond + frac
    }

    /// Units since the epoch for `DATE[ T]TIME[Z|+00:00]` (an offset other than UTC is refused).
    static func timestamp(_ text: String, perSecond: Int64) -> Int64? {
        var s = Substring(text)
        if s.hasSuffix("Z") { s = s.dropLast() } else if s.hasSuffix("+00:00") { s = s.dropLast(6) }
        guard let sep = s.lastIndex(where: { $0 == " " || $0 == "T" }),
              let days = date(s[..<sep]), let t = time(s[s.index(after: sep)...], perSecond: perSecond) else { return nil }
        let (product, overflow) = days.multipliedReportingOverflow(by: perSecond * 86_400)
        guard !overflow else { return nil }
        let (sum, overflow2) = product.addingReportingOverflow(t)
        return overflow2 ? nil : sum
    }

    private static func digits(_ s: Substring) -> Int64? {
        guard !s.isEmpty, s.count <= 18, s.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return Int64(s)
    }
}
