/// The parts of a request URL that SigV4 signs, split without re-encoding anything.
///
/// Accepts an absolute URL (`https://host:port/path?query#fragment`) or an origin-form target
/// (`/path?query`, with the host then taken from the `Host` header). The path and query are kept
/// byte for byte as given: raw characters (spaces, UTF-8) and percent escapes are both allowed.
struct RequestTarget {
    /// Everything before the path (`https://host:port`), or empty for an origin-form target.
    var origin: Substring
    /// The `Host` header value derived from the URL: lowercase host, port only if not the scheme's default.
    var host: String?
    /// The path as given; `/` when the URL has none.
    var path: Substring
    /// The query without `?`, or empty.
    var query: Substring

    /// Byte offsets of the parts, found in one pass over the UTF-8.
    private struct Layout {
        var authority: Range<Int>? = nil
        var isHTTPS = false
        var isHTTP = false
        var pathStart = 0
        var pathEnd = 0
        var queryEnd = 0
    }

    init(parsing url: String) throws(SigV4Error) {
        var url = url
        let layout = url.withUTF8 { bytes -> Layout in
            var layout = Layout()
            var i = 0
            // scheme "://"
            while i < bytes.count, Self.isSchemeByte(bytes[i]) { i += 1 }
            if i > 0, i + 2 < bytes.count, bytes[i] == 0x3A, bytes[i + 1] == 0x2F, bytes[i + 2] == 0x2F {
                layout.isHTTPS = i == 5 && Self.equalsLowercased(bytes[0..<5], "https")
                layout.isHTTP = i == 4 && Self.equalsLowercased(bytes[0..<4], "http")
                let start = i + 3
                var end = start
                while end < bytes.count, bytes[end] != 0x2F, bytes[end] != 0x3F, bytes[end] != 0x23 { end += 1 }
                layout.authority = start..<end
                i = end
            } else {
                i = 0
            }
            layout.pathStart = i
            while i < bytes.count, bytes[i] != 0x3F, bytes[i] != 0x23 { i += 1 }
            layout.pathEnd = i
            if i < bytes.count, bytes[i] == 0x3F {
                i += 1
                while i < bytes.count, bytes[i] != 0x23 { i += 1 }
            }
            layout.queryEnd = i
            return layout
        }
        let utf8 = url.utf8
        func index(_ offset: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: offset) }
        let pathStart = index(layout.pathStart)
        let pathEnd = index(layout.pathEnd)
        origin = url[url.startIndex..<pathStart]
        path = pathStart == pathEnd ? "/" : url[pathStart..<pathEnd]
        query = layout.queryEnd > layout.pathEnd ? url[utf8.index(after: pathEnd)..<index(layout.queryEnd)] : ""
        if let authority = layout.authority {
            let result: Result<String, SigV4Error> = url.withUTF8 { bytes in
                do throws(SigV4Error) {
                    return .success(try Self.hostHeader(UnsafeBufferPointer(rebasing: bytes[authority]), isHTTPS: layout.isHTTPS, isHTTP: layout.isHTTP))
                } catch {
                    return .failure(error)
                }
            }
            host = try result.get()
        } else {
            host = nil
        }
    }

    private static func isSchemeByte(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2B || b == 0x2D || b == 0x2E
    }

    private static func equalsLowercased(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, _ word: StaticString) -> Bool {
        var i = bytes.startIndex
        for expected in UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount) {
            let byte = bytes[i]
            if (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) != expected { return false }
            i += 1
        }
        return true
    }

    /// `host[:port]` lowercased, without userinfo, and without the scheme's default port (as botocore does).
    private static func hostHeader(_ authority: UnsafeBufferPointer<UInt8>, isHTTPS: Bool, isHTTP: Bool) throws(SigV4Error) -> String {
        var start = 0
        if let at = authority.lastIndex(of: 0x40) { start = at + 1 }
        var hostEnd = authority.count
        var portStart = authority.count
        if start < authority.count, authority[start] == 0x5B {
            guard let close = authority[start...].firstIndex(of: 0x5D) else {
                throw SigV4Error(code: .invalidURL, message: "The URL's IPv6 host has no closing ']'; write it as https://[::1]:port/path")
            }
            hostEnd = close + 1
            if hostEnd < authority.count, authority[hostEnd] == 0x3A { portStart = hostEnd + 1 }
        } else if let colon = authority[start...].lastIndex(of: 0x3A) {
            hostEnd = colon
            portStart = colon + 1
        }
        guard hostEnd > start else {
            throw SigV4Error(code: .invalidURL, message: "The URL has no host; pass an absolute URL such as https://bucket.s3.us-east-1.amazonaws.com/key")
        }
        let port = authority[min(portStart, authority.count)...]
        let isDefaultPort = port.isEmpty
            || (isHTTPS && port.elementsEqual("443".utf8))
            || (isHTTP && port.elementsEqual("80".utf8))
        let length = (hostEnd - start) + (isDefaultPort ? 0 : port.count + 1)
        return String(unsafeUninitializedCapacity: length) { out in
            var o = 0
            for byte in authority[start..<hostEnd] {
                out[o] = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                o += 1
            }
            if !isDefaultPort {
                out[o] = 0x3A
                o += 1
                for byte in port {
                    out[o] = byte
                    o += 1
                }
            }
            return o
        }
    }
}
