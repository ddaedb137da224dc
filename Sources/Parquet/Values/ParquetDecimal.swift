/// An exact decimal: an unscaled two's-complement integer and a scale (value = unscaled × 10^-scale).
public struct ParquetDecimal: Sendable, Hashable, CustomStringConvertible {
    /// Unscaled value, big-endian two's complement, minimal length (at least one byte).
    public private(set) var unscaled: [UInt8]
    /// Digits after the decimal point.
    public var scale: Int32
    /// Total number of significant digits the column allows.
    public var precision: Int32

    /// Creates a decimal from big-endian two's-complement bytes.
    public init(unscaledBigEndian bytes: [UInt8], scale: Int32, precision: Int32) {
        self.unscaled = Self.minimal(bytes)
        self.scale = scale
        self.precision = precision
    }

    /// Creates a decimal from a 64-bit unscaled value.
    public init(unscaled value: Int64, scale: Int32, precision: Int32) {
        var b: [UInt8] = []
        for i in (0..<8).reversed() { b.append(UInt8(truncatingIfNeeded: value >> (8 * Int64(i)))) }
        self.init(unscaledBigEndian: b, scale: scale, precision: precision)
    }

    /// Parses text like `-123.45` into a decimal with the given scale (extra digits are an error).
    public init?(_ text: String, scale: Int32, precision: Int32) {
        var s = Substring(text)
        var negative = false
        if s.hasPrefix("-") { negative = true; s = s.dropFirst() } else if s.hasPrefix("+") { s = s.dropFirst() }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, !s.isEmpty else { return nil }
        let intPart = parts[0]
        var frac = parts.count == 2 ? String(parts[1]) : ""
        guard intPart.allSatisfy(\.isASCII) && intPart.allSatisfy(\.isNumber), frac.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        guard frac.count <= Int(scale) else { return nil }
        frac += String(repeating: "0", count: Int(scale) - frac.count)
        // Big-endian magnitude in base 256, built by multiply-add of decimal digits.
        var mag: [UInt8] = [0]
        for ch in (intPart + frac) {
            guard let d = ch.wholeNumberValue else { return nil }
            var carry = d
            for i in stride(from: mag.count - 1, through: 0, by: -1) {
                let v = Int(mag[i]) * 10 + carry
                mag[i] = UInt8(v & 0xFF)
                carry = v >> 8
            }
            while carry > 0 { mag.insert(UInt8(carry & 0xFF), at: 0); carry >>= 8 }
        }
        mag.insert(0, at: 0)  // sign byte
        if negative { mag = Self.negate(mag) }
        self.init(unscaledBigEndian: mag, scale: scale, precision: precision)
    }

    /// Whether the unscaled value is negative.
    public var isNegative: Bool { (unscaled.first ?? 0) & 0x80 != 0 }

    /// The unscaled value as Int64, if it fits.
    public var unscaledInt64: Int64? {
        guard unscaled.count <= 8 else { return nil }
        var v: Int64 = isNegative ? -1 : 0
        for b in unscaled { v = v << 8 | Int64(b) }
        return v
    }

    /// The unscaled value as `width` big-endian bytes (sign-extended), if it fits.
    public func bigEndianBytes(width: Int) -> [UInt8]? {
        guard unscaled.count <= width else { return nil }
        let pad: UInt8 = isNegative ? 0xFF : 0
        return [UInt8](repeating: pad, count: width - unscaled.count) + unscaled
    }

    static func negate(_ b: [UInt8]) -> [UInt8] {
        var out = b.map { ~$0 }
        var carry = 1
        for i in stride(from: out.count - 1, through: 0, by: -1) {
            let v = Int(out[i]) + carry
            out[i] = UInt8(v & 0xFF)
            carry = v >> 8
        }
        return out
    }

    static func minimal(_ bytes: [UInt8]) -> [UInt8] {
        guard !bytes.isEmpty else { return [0] }
        var start = 0
        while start < bytes.count - 1 {
            let b = bytes[start], next = bytes[start + 1]
            if (b == 0 && next & 0x80 == 0) || (b == 0xFF && next & 0x80 != 0) { start += 1 } else { break }
        }
        return Array(bytes[start...])
    }

    /// The decimal as text, e.g. `-1.50`.
    public var description: String {
        // Rendering is quadratic in the width; absurd widths (only hostile files have them) print as hex.
        guard unscaled.count <= 128 else {
            return "0x" + unscaled.map { b in (b < 16 ? "0" : "") + String(b, radix: 16) }.joined()
        }
        var mag = isNegative ? Self.negate(unscaled) : unscaled
        var digits: [UInt8] = []
        // Repeated division of the base-256 magnitude by 10.
        while mag.contains(where: { $0 != 0 }) {
            var rem = 0
            for i in 0..<mag.count {
                let v = rem << 8 | Int(mag[i])
                mag[i] = UInt8(v / 10)
                rem = v % 10
            }
            digits.append(UInt8(rem))
        }
        var text = digits.isEmpty ? "0" : String(digits.reversed().map { Character(String($0)) })
        if scale > 0 {
            let s = Int(scale)
            if text.count <= s { text = String(repeating: "0", count: s - text.count + 1) + text }
            text.insert(".", at: text.index(text.endIndex, offsetBy: -s))
        } else if scale < 0 {
            text += String(repeating: "0", count: Int(-scale))
        }
        return isNegative ? "-" + text : text
    }
}
