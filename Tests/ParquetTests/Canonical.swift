import Foundation
import Parquet

/// The canonical form of values shared with scripts/parquet/canonical.py.
enum Canonical {
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { b in
            let s = String(b, radix: 16)
            return s.count == 1 ? "0" + s : s
        }.joined()
    }

    static func unit(_ u: TimeUnit) -> String {
        switch u {
        case .milliseconds: "ms"
        case .microseconds: "us"
        case .nanoseconds: "ns"
        }
    }

    static func float(_ d: Double) -> String {
        if d.isNaN { return "f:nan" }
        let h = String(d.bitPattern, radix: 16)
        return "f:" + String(repeating: "0", count: 16 - h.count) + h
    }

    static func value(_ v: ParquetValue) -> Any {
        switch v {
        case .null: return NSNull()
        case .bool(let b): return b
        case .int32(let i): return "i:\(i)"
        case .int64(let i): return "i:\(i)"
        case .uint64(let i): return "i:\(i)"
        case .float(let f): return float(Double(f))
        case .double(let d): return float(d)
        case .string(let s): return "s:" + s
        case .bytes(let b): return "b:" + hex(b)
        case .date(let d): return "date:\(d)"
        case .time(let t, let u): return "time:\(unit(u)):\(t)"
        case .timestamp(let t, let u, _): return "ts:\(unit(u)):\(t)"
        case .decimal(let d): return "dec:" + d.description
        case .uuid(let b): return "uuid:" + hex(b)
        case .list(let items): return items.map(value)
        case .map(let entries): return entries.map { [value($0.key), value($0.value)] as [Any] }
        case .group(let fields):
            var d: [String: Any] = [:]
            for f in fields { d[f.name] = value(f.value) }
            return d
        }
    }

    /// Deep equality of JSON-like trees; returns a description of the first difference.
    static func difference(_ a: Any, _ b: Any, path: String = "") -> String? {
        switch (a, b) {
        case (is NSNull, is NSNull): return nil
        case (let x as String, let y as String): return x == y ? nil : "\(path): \(x) != \(y)"
        case (let x as [Any], let y as [Any]):
            guard x.count == y.count else { return "\(path): \(x.count) items != \(y.count) items" }
            for i in x.indices {
                if let d = difference(x[i], y[i], path: "\(path)[\(i)]") { return d }
            }
            return nil
        case (let x as [String: Any], let y as [String: Any]):
            guard Set(x.keys) == Set(y.keys) else { return "\(path): keys \(x.keys.sorted()) != \(y.keys.sorted())" }
            for k in x.keys {
                if let d = difference(x[k]!, y[k]!, path: "\(path).\(k)") { return d }
            }
            return nil
        case (let x as Bool, let y as Bool): return x == y ? nil : "\(path): \(x) != \(y)"
        case (let x as NSNumber, let y as Bool): return x.boolValue == y ? nil : "\(path): \(x) != \(y)"
        case (let x as Bool, let y as NSNumber): return x == y.boolValue ? nil : "\(path): \(x) != \(y)"
        default: return "\(path): \(a) (\(type(of: a))) != \(b) (\(type(of: b)))"
        }
    }
}
