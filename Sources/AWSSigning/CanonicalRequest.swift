/// Builders for the parts of a SigV4 canonical request, appending UTF-8 bytes to one buffer.
enum CanonicalRequest {
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
}
