/// Percent-encoding as the AWS SDKs apply it to URI labels and query strings (RFC 3986 unreserved
/// characters `A-Z a-z 0-9 - _ . ~` are kept, every other byte becomes `%XY`).
enum AWSPercentEncoding {
    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
            || byte == 0x2D || byte == 0x5F || byte == 0x2E || byte == 0x7E
    }

    /// Encodes `value`; `/` is kept when `keepSlash` (a greedy label such as S3's `{Key+}`).
    static func encode(_ value: String, keepSlash: Bool = false) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(value.utf8.count)
        for byte in value.utf8 {
            if isUnreserved(byte) || (keepSlash && byte == 0x2F) {
                out.append(byte)
            } else {
                out.append(0x25)
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes `%XY` escapes (used for S3 listings requested with `encoding-type=url`, where `+` is a space).
    static func decode(_ value: String, plusIsSpace: Bool = false) -> String {
        guard value.utf8.contains(where: { $0 == 0x25 || (plusIsSpace && $0 == 0x2B) }) else { return value }
        let bytes = Array(value.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        func hex(_ b: UInt8) -> UInt8? {
            switch b {
            case 0x30...0x39: b - 0x30
            case 0x41...0x46: b - 0x37
            case 0x61...0x66: b - 0x57
            default: nil
            }
        }
        while i < bytes.count {
            if bytes[i] == 0x25, i + 2 < bytes.count, let high = hex(bytes[i + 1]), let low = hex(bytes[i + 2]) {
                out.append(high << 4 | low)
                i += 3
            } else {
                out.append(plusIsSpace && bytes[i] == 0x2B ? 0x20 : bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `a=1&b=x%20y` from pairs, in the given order; a `nil` value gives a bare key (`?uploads`).
    static func query(_ items: [(String, String?)]) -> String {
        var text = ""
        for (index, (name, value)) in items.enumerated() {
            if index > 0 { text += "&" }
            text += encode(name)
            if let value { text += "=" + encode(value) }
        }
        return text
    }
}
