import Foundation

/// Which bucket and key an S3 request addresses: path-style (`/bucket/key`) or virtual-hosted
/// (`bucket.localhost:port/key`, `bucket.<server host>/key`).
struct S3Address: Sendable {
    var bucket: String?
    var key: String?

    init(target: RawTarget, authority: String?, serverHost: String) {
        let segments = target.decodedSegments
        if let vhost = Self.virtualHostBucket(authority: authority, serverHost: serverHost) {
            bucket = vhost
            let key = segments.joined(separator: "/")
            self.key = key.isEmpty ? nil : key
            return
        }
        guard let first = segments.first, !first.isEmpty else {
            bucket = nil
            key = nil
            return
        }
        bucket = first
        let key = segments.dropFirst().joined(separator: "/")
        self.key = key.isEmpty ? nil : key
    }

    /// The bucket in a virtual-hosted `Host` (`bucket.localhost`, `bucket.s3.localhost`,
    /// `bucket.<server host>`), nil for path-style hosts such as `127.0.0.1:PORT` or `localhost`.
    static func virtualHostBucket(authority: String?, serverHost: String) -> String? {
        guard var host = authority?.lowercased() else { return nil }
        if host.hasPrefix("[") { return nil }
        if let colon = host.lastIndex(of: ":") { host = String(host[..<colon]) }
        for suffix in [".s3.localhost", ".localhost", "." + serverHost.lowercased()] where host.hasSuffix(suffix) {
            let bucket = String(host.dropLast(suffix.count))
            if !bucket.isEmpty, !bucket.allSatisfy({ $0.isNumber || $0 == "." }) { return bucket }
        }
        return nil
    }
}
