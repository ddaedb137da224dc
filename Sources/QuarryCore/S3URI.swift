/// An `s3://bucket/key` location. Quarry's local object store uses the same names, with the bucket
/// as a folder under its root, so the emulator and the engine agree on where an object lives.
public struct S3URI: Sendable, Hashable, CustomStringConvertible {
    /// The bucket.
    public var bucket: String
    /// The key (may be empty for a bucket root, may end with `/` for a prefix).
    public var key: String

    /// Creates a location.
    public init(bucket: String, key: String) {
        self.bucket = bucket
        self.key = key
    }

    /// Parses `s3://bucket/key`; nil when the text is not of that form.
    public init?(_ text: String) {
        guard text.hasPrefix("s3://") else { return nil }
        let rest = text.dropFirst(5)
        guard let slash = rest.firstIndex(of: "/") else {
            guard !rest.isEmpty else { return nil }
            self.init(bucket: String(rest), key: "")
            return
        }
        let bucket = String(rest[..<slash])
        guard !bucket.isEmpty else { return nil }
        self.init(bucket: bucket, key: String(rest[rest.index(after: slash)...]))
    }

    /// `s3://bucket/key`.
    public var description: String { "s3://\(bucket)/\(key)" }

    /// A location below this one (joins with a single `/`).
    public func appending(_ component: String) -> S3URI {
        if key.isEmpty || key.hasSuffix("/") { return S3URI(bucket: bucket, key: key + component) }
        return S3URI(bucket: bucket, key: key + "/" + component)
    }

    /// The last path component of the key.
    public var lastComponent: String {
        let trimmed = key.hasSuffix("/") ? String(key.dropLast()) : key
        if let slash = trimmed.lastIndex(of: "/") { return String(trimmed[trimmed.index(after: slash)...]) }
        return trimmed
    }
}
