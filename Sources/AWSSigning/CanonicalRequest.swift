/// Builders for the parts of a SigV4 canonical request, appending UTF-8 bytes to one buffer.
enum CanonicalRequest {
    // MARK: Path

    /// Appends the canonical URI of `path`.
    ///
    /// - `normalize`: remove `.`/`..` segments and collapse repeated `/` (every service but S3).
    /// - `doubleEncode`: encode every byte but unreserved ones and `/`, including `%` of escapes
    ///   already in the path, so an escape on the wire is encoded a second time (every service but S3).
    ///   Without it (S3), escapes already present are kept (hex uppercased, unreserved bytes decoded)
    ///   and only raw bytes are encoded: the path is encoded exactly once, as S3 computes it.
    static func appendPath(_ path: Substring, normalize: Bool, doubleEncode: Bool, to out: inout [UInt8]) {
        let start = out.count
        if normalize && needsNormalizing(path) {
            let bytes = Array(path.utf8)
            var segments: [ArraySlice<UInt8>] = []
            for segment in bytes.split(separator: 0x2F, omittingEmptySubsequences: true) {
                if segment.count == 1 && segment.first == 0x2E { continue }
                if segment.count == 2 && segment.first == 0x2E && segment.last == 0x2E {
                    _ = segments.popLast()
                    continue
                }
                segments.append(segment)
            }
            if bytes.first == 0x2F { out.append(0x2F) }
            for (index, segment) in segments.enumerated() {
                if index > 0 { out.append(0x2F) }
                appendPathBytes(segment, doubleEncode: doubleEncode, to: &out)
            }
            if bytes.last == 0x2F && !segments.isEmpty { out.append(0x2F) }
        } else {
            appendPathBytes(Array(path.utf8)[...], doubleEncode: doubleEncode, to: &out)
        }
        if out.count == start { out.append(0x2F) }
    }

    /// Whether `path` has an empty, `.` or `..` segment, or does not start with `/`.
    static func needsNormalizing(_ path: Substring) -> Bool {
        var previous: UInt8 = 0
        var beforePrevious: UInt8 = 0
        var first = true
        for byte in path.utf8 {
            if first {
                if byte != 0x2F { return true }
                first = false
            } else if byte == 0x2F {
                // "//", "/./" or "/../"
                if previous == 0x2F { return true }
                if previous == 0x2E && (beforePrevious == 0x2F || beforePrevious == 0x2E) { return true }
            }
            beforePrevious = previous
            previous = byte
        }
        // A trailing "/." or "/.." (and "..", "." after a slash) also needs normalizing.
        return previous == 0x2E && (beforePrevious == 0x2F || beforePrevious == 0x2E)
    }

    private static func appendPathBytes(_ bytes: ArraySlice<UInt8>, doubleEncode: Bool, to out: inout [UInt8]) {
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let byte = bytes[i]
            if byte == 0x2F || PercentEncoding.unreserved[Int(byte)] {
                out.append(byte)
            } else if !doubleEncode, byte == 0x25, i + 2 < bytes.endIndex,
                      let high = PercentEncoding.hexValue(bytes[i + 1]), let low = PercentEncoding.hexValue(bytes[i + 2]) {
                let decoded = high << 4 | low
                if PercentEncoding.unreserved[Int(decoded)] { out.append(decoded) } else { PercentEncoding.appendEscaped(decoded, to: &out) }
                i += 3
                continue
            } else {
                PercentEncoding.appendEscaped(byte, to: &out)
            }
            i += 1
        }
    }

    // MARK: Query

    /// One query parameter, canonically encoded.
    struct QueryPair {
        var key: [UInt8]
        var value: [UInt8]

        static func areInCanonicalOrder(_ a: QueryPair, _ b: QueryPair) -> Bool {
            if a.key != b.key { return a.key.lexicographicallyPrecedes(b.key) }
            return a.value.lexicographicallyPrecedes(b.value)
        }
    }

    /// The query's parameters, each key and value percent-decoded and then encoded the SigV4 way.
    /// Empty parameters (`a&&b`) are skipped; a parameter without `=` has an empty value; `+` is a literal plus.
    static func queryPairs(_ query: Substring, reservingExtra extra: Int = 0) -> [QueryPair] {
        var pairs: [QueryPair] = []
        guard !query.isEmpty || extra > 0 else { return pairs }
        let bytes = Array(query.utf8)
        pairs.reserveCapacity(extra + 4)
        for parameter in bytes.split(separator: 0x26, omittingEmptySubsequences: true) {
            let key: ArraySlice<UInt8>
            let value: ArraySlice<UInt8>
            if let equals = parameter.firstIndex(of: 0x3D) {
                key = parameter[parameter.startIndex..<equals]
                value = parameter[(equals + 1)...]
            } else {
                key = parameter
                value = []
            }
            pairs.append(QueryPair(key: encode(PercentEncoding.decoded(key)), value: encode(PercentEncoding.decoded(value))))
        }
        return pairs
    }

    static func encode(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 8)
        PercentEncoding.appendEncoded(bytes, to: &out)
        return out
    }

    /// Appends `key=value&key=value` in canonical order (sorts `pairs`).
    static func appendQuery(_ pairs: inout [QueryPair], to out: inout [UInt8]) {
        pairs.sort(by: QueryPair.areInCanonicalOrder)
        for (index, pair) in pairs.enumerated() {
            if index > 0 { out.append(0x26) }
            out.append(contentsOf: pair.key)
            out.append(0x3D)
            out.append(contentsOf: pair.value)
        }
    }

    // MARK: Headers

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
