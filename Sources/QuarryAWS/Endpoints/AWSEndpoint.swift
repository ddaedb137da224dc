import Foundation

/// Where a service is reached: scheme, host, optional port and base path, e.g.
/// `https://bedrock.us-east-1.amazonaws.com` or `http://127.0.0.1:9000` for an emulator.
public struct AWSEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// `https` or `http`.
    public var scheme: String
    /// The host name or IP address (IPv6 without brackets).
    public var host: String
    /// The port, when not the scheme's default.
    public var port: Int?
    /// A path prefix every request path is appended to (no trailing `/`), usually empty.
    public var basePath: String

    /// Creates an endpoint from its parts.
    public init(scheme: String = "https", host: String, port: Int? = nil, basePath: String = "") {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.basePath = basePath
    }

    /// Parses `scheme://host[:port][/base]`. Throws a ``AWSError/Kind/configuration`` error that names
    /// the value when it is not an absolute http(s) URL.
    public init(parsing url: String) throws {
        func invalid() -> AWSError {
            AWSError(kind: .configuration, code: "InvalidEndpoint",
                     message: "The endpoint URL '\(url)' is not an absolute http:// or https:// URL; use e.g. http://127.0.0.1:9000")
        }
        guard let schemeEnd = url.range(of: "://") else { throw invalid() }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { throw invalid() }
        var rest = url[schemeEnd.upperBound...]
        if let cut = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<cut] }
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var path = String(rest[authorityEnd...])
        while path.hasSuffix("/") { path.removeLast() }
        guard !authority.isEmpty, !authority.contains("@") else { throw invalid() }
        var host: Substring
        var port: Int?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw invalid() }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") {
                guard let value = Int(after.dropFirst()) else { throw invalid() }
                port = value
            } else if !after.isEmpty { throw invalid() }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            guard let value = Int(authority[authority.index(after: colon)...]) else { throw invalid() }
            port = value
        } else {
            host = authority
        }
        guard !host.isEmpty, port.map({ (1...65535).contains($0) }) ?? true else { throw invalid() }
        self.init(scheme: scheme, host: String(host).lowercased(), port: port, basePath: path)
    }

    /// `host[:port]` as sent in the `Host` header (IPv6 in brackets; default ports omitted).
    public var hostHeader: String {
        let bracketed = host.contains(":") ? "[\(host)]" : host
        guard let port, !(scheme == "https" && port == 443), !(scheme == "http" && port == 80) else { return bracketed }
        return "\(bracketed):\(port)"
    }

    /// `scheme://host[:port]/base`.
    public var description: String { "\(scheme)://\(hostHeader)\(basePath)" }

    /// The endpoint with `prefix.` before the host (S3 virtual-hosted addressing).
    func withHostPrefix(_ prefix: String) -> AWSEndpoint {
        var copy = self
        copy.host = prefix + "." + host
        return copy
    }
}
