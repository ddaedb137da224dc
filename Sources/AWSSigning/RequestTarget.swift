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

    init(parsing url: String) throws(SigV4Error) {
        let utf8 = url.utf8
        var rest = Substring(url)
        var scheme: Substring = ""
        if let colon = url.utf8.firstIndex(of: 0x3A),
           url[url.startIndex..<colon].utf8.allSatisfy({ Self.isSchemeByte($0) }),
           url[colon...].hasPrefix("://") {
            scheme = url[url.startIndex..<colon]
            let authorityStart = url.index(colon, offsetBy: 3)
            let authorityEnd = url[authorityStart...].utf8.firstIndex(where: { $0 == 0x2F || $0 == 0x3F || $0 == 0x23 }) ?? utf8.endIndex
            origin = url[url.startIndex..<authorityEnd]
            host = try Self.hostHeader(authority: url[authorityStart..<authorityEnd], scheme: scheme)
            rest = url[authorityEnd...]
        } else {
            origin = ""
            host = nil
        }
        if let hash = rest.utf8.firstIndex(of: 0x23) { rest = rest[rest.startIndex..<hash] }
        if let question = rest.utf8.firstIndex(of: 0x3F) {
            path = rest[rest.startIndex..<question]
            query = rest[rest.index(after: question)...]
        } else {
            path = rest
            query = ""
        }
        if path.isEmpty { path = "/" }
    }

    private static func isSchemeByte(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2B || b == 0x2D || b == 0x2E
    }

    /// `host[:port]` lowercased, without userinfo, and without the scheme's default port (as botocore does).
    private static func hostHeader(authority: Substring, scheme: Substring) throws(SigV4Error) -> String {
        var hostPort = authority
        if let at = hostPort.utf8.lastIndex(of: 0x40) { hostPort = hostPort[hostPort.index(after: at)...] }
        var host = hostPort
        var port: Substring = ""
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.utf8.firstIndex(of: 0x5D) else {
                throw SigV4Error(code: .invalidURL, message: "The URL's IPv6 host has no closing ']'; write it as https://[::1]:port/path")
            }
            host = hostPort[hostPort.startIndex...close]
            let after = hostPort[hostPort.index(after: close)...]
            if after.hasPrefix(":") { port = after.dropFirst() }
        } else if let colon = hostPort.utf8.lastIndex(of: 0x3A) {
            host = hostPort[hostPort.startIndex..<colon]
            port = hostPort[hostPort.index(after: colon)...]
        }
        guard !host.isEmpty else {
            throw SigV4Error(code: .invalidURL, message: "The URL has no host; pass an absolute URL such as https://bucket.s3.us-east-1.amazonaws.com/key")
        }
        let lowerScheme = scheme.lowercased()
        let isDefaultPort = port.isEmpty || (lowerScheme == "https" && port == "443") || (lowerScheme == "http" && port == "80")
        return isDefaultPort ? host.lowercased() : host.lowercased() + ":" + port
    }
}
