/// UTF-8 validation over raw bytes, ASCII eight bytes at a time.
enum UTF8Validation {
    /// The offset of the first byte that starts an invalid sequence in `p[from ..< to]`, or nil when
    /// the range is valid UTF-8. The range must not end inside a sequence that continues past `to`.
    @inline(__always)
    static func firstInvalid(_ p: UnsafePointer<UInt8>, from: Int, to: Int) -> Int? {
        var i = from
        let raw = UnsafeRawPointer(p)
        while i < to {
            // Fast path: sixteen, then eight ASCII bytes at once.
            while i + 16 <= to {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    | raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)
                if w & 0x8080_8080_8080_8080 != 0 { break }
                i += 16
            }
            while i + 8 <= to {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if w & 0x8080_8080_8080_8080 != 0 { break }
                i += 8
            }
            if i >= to { return nil }
            let b0 = p[i]
            if b0 < 0x80 { i += 1; continue }
            let need: Int
            var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; lo = 0xA0
            case 0xE1...0xEC, 0xEE, 0xEF: need = 2
            case 0xED: need = 2; hi = 0x9F
            case 0xF0: need = 3; lo = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; hi = 0x8F
            default: return i
            }
            if i + need >= to { return i }
            let b1 = p[i + 1]
            if b1 < lo || b1 > hi { return i }
            if need >= 2 {
                let b2 = p[i + 2]
                if b2 < 0x80 || b2 > 0xBF { return i }
            }
            if need == 3 {
                let b3 = p[i + 3]
                if b3 < 0x80 || b3 > 0xBF { return i }
            }
            i += need + 1
        }
        return nil
    }
}
