/// The URI encoding SigV4 prescribes: every byte except the unreserved characters
/// `A-Z a-z 0-9 - _ . ~` becomes `%XY` with uppercase hex.
enum PercentEncoding {
    private static let upperDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// `unreserved[b]` is true for RFC 3986 unreserved bytes.
    static let unreserved: [Bool] = (0..<256).map { b in
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39)
            || b == 0x2D || b == 0x5F || b == 0x2E || b == 0x7E
    }

    @inline(__always)
    static func appendEscaped(_ byte: UInt8, to out: inout [UInt8]) {
        out.append(0x25)
        out.append(upperDigits[Int(byte >> 4)])
        out.append(upperDigits[Int(byte & 0x0F)])
    }

    /// Appends `bytes` encoded strictly (only unreserved bytes kept; `/` is encoded too).
    static func appendEncoded(_ bytes: some Sequence<UInt8>, to out: inout [UInt8]) {
        for byte in bytes {
            if unreserved[Int(byte)] { out.append(byte) } else { appendEscaped(byte, to: &out) }
        }
    }

    /// `bytes` encoded strictly, as a string.
    static func encoded(_ string: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(string.utf8.count)
        appendEncoded(string.utf8, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }

    /// Percent-decodes `bytes` (a `%` not followed by two hex digits stays literal; `+` stays `+`).
    static func decoded(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        guard bytes.contains(0x25) else { return Array(bytes) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let byte = bytes[i]
            if byte == 0x25, i + 2 < bytes.endIndex,
               let high = hexValue(bytes[i + 1]), let low = hexValue(bytes[i + 2]) {
                out.append(high << 4 | low)
                i += 3
            } else {
                out.append(byte)
                i += 1
            }
        }
        return out
    }
}
