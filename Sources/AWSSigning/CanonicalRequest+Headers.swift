extension CanonicalRequest {
    /// Headers never signed: hop-by-hop headers and ones proxies rewrite (botocore's list).
    static let unsignedHeaderNames: [[UInt8]] = [
        "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization",
        "te", "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
    ].map { Array($0.utf8) }

    private static let unsignedHeaderLengths: Set<Int> = Set(unsignedHeaderNames.map(\.count))

    static func isNeverSigned(_ lowercasedName: [UInt8]) -> Bool {
        unsignedHeaderLengths.contains(lowercasedName.count) && unsignedHeaderNames.contains(lowercasedName)
    }

    /// One header to sign: lowercase name, value with whitespace runs collapsed and ends trimmed.
    struct Header {
        var name: [UInt8]
        var value: [UInt8]
        var order: Int
    }

    /// The header lowercased and trimmed, or `nil` if it is never signed.
    static func header(name: String, value: String, order: Int) throws(SigV4Error) -> Header? {
        var lower: [UInt8] = []
        lower.reserveCapacity(name.utf8.count)
        for byte in name.utf8 {
            guard isTokenByte(byte) else {
                throw SigV4Error(code: .invalidHeaderName,
                                 message: "A header name contains a space, control, separator or non-ASCII character (RFC 9110 token); fix the name of header number \(order + 1)")
            }
            lower.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
        }
        guard !lower.isEmpty else {
            throw SigV4Error(code: .invalidHeaderName, message: "Header number \(order + 1) has an empty name")
        }
        if isNeverSigned(lower) { return nil }
        return Header(name: lower, value: trimmed(value), order: order)
    }

    /// Trimall: drop leading and trailing whitespace, and turn each inner run of spaces, tabs and
    /// line breaks (folded lines) into one space.
    static func trimmed(_ value: String) -> [UInt8] {
        var value = value
        return value.withUTF8 { bytes in
            // Fast path: nothing to trim or collapse (the common case), one copy.
            var clean = bytes.first.map { !isWhitespace($0) } ?? true
            if clean, let last = bytes.last, isWhitespace(last) { clean = false }
            if clean {
                var previousWasSpace = false
                for byte in bytes {
                    if byte == 0x20 {
                        if previousWasSpace { clean = false; break }
                        previousWasSpace = true
                    } else if byte >= 0x09 && byte <= 0x0D {
                        clean = false
                        break
                    } else {
                        previousWasSpace = false
                    }
                }
            }
            if clean { return Array(bytes) }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var pendingSpace = false
            for byte in bytes {
                if isWhitespace(byte) {
                    pendingSpace = !out.isEmpty
                } else {
                    if pendingSpace { out.append(0x20); pendingSpace = false }
                    out.append(byte)
                }
            }
            return out
        }
    }

    @inline(__always)
    private static func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }

    private static func isTokenByte(_ b: UInt8) -> Bool {
        switch b {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
        case 0x21, 0x23, 0x24, 0x25, 0x26, 0x27, 0x2A, 0x2B, 0x2D, 0x2E, 0x5E, 0x5F, 0x60, 0x7C, 0x7E: true
        default: false
        }
    }

    /// Sorts `headers`, merges repeated names (values joined by `,` in the order given), appends the
    /// canonical header lines (`name:value\n` each) to `out`, and returns the signed-headers list.
    static func appendHeaders(_ headers: inout [Header], to out: inout [UInt8]) -> [UInt8] {
        headers.sort { a, b in
            if a.name != b.name { return a.name.lexicographicallyPrecedes(b.name) }
            return a.order < b.order
        }
        var signed: [UInt8] = []
        signed.reserveCapacity(headers.count * 16)
        var previous: [UInt8]? = nil
        for header in headers {
            if header.name == previous {
                out.append(0x2C)
            } else {
                if previous != nil {
                    out.append(0x0A)
                    signed.append(0x3B)
                }
                out.append(contentsOf: header.name)
                out.append(0x3A)
                signed.append(contentsOf: header.name)
                previous = header.name
            }
            out.append(contentsOf: header.value)
        }
        if previous != nil { out.append(0x0A) }
        return signed
    }
}
