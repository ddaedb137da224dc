/// An input in S3, as named in a spec's `input:` (or the AWS sample's `s3_uri`): one object
/// (`s3://bucket/data/rows.csv`), every object under a prefix (`s3://bucket/data/`), or the objects a
/// glob matches (`s3://bucket/data/*.parquet`). Read as one table in key order.
///
/// Before a run reads it, the input is *resolved* (listed, with every object's size and ETag in
/// ``objects``) and fetched into a local cache (see `docs/s3-input.md`); ``RunSpec/input`` then names
/// the local copy, and the run's fingerprint is made of the ETags.
public struct S3InputRef: Sendable, Equatable, Codable {
    /// What the location names.
    public enum Kind: String, Sendable, Codable {
        /// One object: the key ends in `.csv`, `.jsonl`, `.ndjson` or `.parquet`.
        case object
        /// Every object under a key prefix (ends with `/`, or the bucket root).
        case prefix
        /// The objects whose keys match a pattern with `*`, `?` or `**`.
        case glob
    }

    /// One object of a resolved input.
    public struct Object: Sendable, Equatable, Codable {
        /// The key.
        public var key: String
        /// The size in bytes.
        public var size: Int
        /// The entity tag, without quotes.
        public var eTag: String
        /// The local copy (a file in the cache; sparse for Parquet until every column is fetched).
        public var localPath: String

        /// Creates a value.
        public init(key: String, size: Int, eTag: String, localPath: String) {
            self.key = key
            self.size = size
            self.eTag = eTag
            self.localPath = localPath
        }
    }

    /// The location as written (`s3://bucket/data/*.parquet`).
    public var uri: String
    /// The bucket.
    public var bucket: String
    /// The key, the prefix or the pattern.
    public var key: String
    /// What ``key`` is.
    public var kind: Kind
    /// The objects read, in key order, once resolved.
    public var objects: [Object]?

    /// Parses `s3://bucket/key`, `s3://bucket/prefix/` or `s3://bucket/pattern`; the error text says what is wrong.
    public static func parse(_ text: String) -> Result<S3InputRef, S3InputRefError> {
        guard let uri = S3URI(text) else {
            return .failure(S3InputRefError(message: "`\(text)` is not an S3 location", hint: "write s3://bucket/path/file.csv, s3://bucket/folder/ or s3://bucket/folder/*.parquet"))
        }
        let bucket = uri.bucket
        let bucketOK = (3...255).contains(bucket.utf8.count)
            && bucket.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x2E || $0 == 0x5F }
        guard bucketOK else {
            return .failure(S3InputRefError(message: "`\(bucket)` is not an S3 bucket name", hint: "bucket names are 3 to 63 letters, digits, dots and hyphens"))
        }
        guard uri.key.utf8.count <= 1024 else {
            return .failure(S3InputRefError(message: "the key is longer than S3's 1,024 bytes", hint: nil))
        }
        let kind: Kind
        if Self.isPattern(uri.key) {
            kind = .glob
        } else if uri.key.isEmpty || uri.key.hasSuffix("/") {
            kind = .prefix
        } else {
            guard Self.format(ofKey: uri.key) != nil else {
                return .failure(S3InputRefError(message: "`\(uri.lastComponent)` does not end in .csv, .jsonl, .ndjson or .parquet",
                                                hint: "name one such object, a folder ending in / (s3://\(bucket)/\(uri.key)/), or a glob such as s3://\(bucket)/\(uri.key)/*.parquet"))
            }
            kind = .object
        }
        return .success(S3InputRef(uri: text, bucket: bucket, key: uri.key, kind: kind))
    }

    /// Creates a value (see ``parse(_:)`` for checked construction).
    public init(uri: String, bucket: String, key: String, kind: Kind, objects: [Object]? = nil) {
        self.uri = uri
        self.bucket = bucket
        self.key = key
        self.kind = kind
        self.objects = objects
    }

    /// The prefix to list: the key itself for a prefix, the text before the first wildcard for a glob.
    public var listPrefix: String {
        switch kind {
        case .object, .prefix: return key
        case .glob:
            let bytes = Array(key.utf8)
            let first = bytes.firstIndex { $0 == 0x2A || $0 == 0x3F || $0 == 0x5B } ?? bytes.count
            return String(decoding: bytes[..<first], as: UTF8.self)
        }
    }

    /// Whether a listed key belongs to the input: under the prefix and not a folder marker or a
    /// hidden/bookkeeping file (a path segment starting with `.` or `_`, as Spark and Hive write
    /// `_SUCCESS`, `_metadata`, `.crc`); for a glob, the pattern must match the whole key.
    public func includes(_ candidate: String) -> Bool {
        guard candidate.hasPrefix(listPrefix), !candidate.hasSuffix("/") else { return false }
        switch kind {
        case .object: return candidate == key
        case .prefix:
            let rest = candidate.dropFirst(key.count)
            return !rest.split(separator: "/").contains { $0.hasPrefix(".") || $0.hasPrefix("_") }
        case .glob: return Self.glob(Array(key.utf8), matches: Array(candidate.utf8))
        }
    }

    /// The table format a key's extension names: `csv`, `jsonl` (also `.ndjson`) or `parquet`; nil otherwise.
    public static func format(ofKey key: String) -> String? {
        let lower = key.lowercased()
        if lower.hasSuffix(".csv") { return "csv" }
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { return "jsonl" }
        if lower.hasSuffix(".parquet") { return "parquet" }
        return nil
    }

    /// Whether a key has glob characters (`*`, `?`, `[`).
    public static func isPattern(_ key: String) -> Bool { key.contains { $0 == "*" || $0 == "?" || $0 == "[" } }

    /// Glob matching on bytes: `*` any run of bytes but `/`, `**` any run including `/`, `?` one
    /// byte but `/`, `[abc]`/`[a-z]`/`[!a]` one byte of (or not of) a set; everything else literal.
    public static func glob(_ pattern: [UInt8], matches text: [UInt8]) -> Bool {
        // Iterative matcher with backtracking to the last star (two kinds of star).
        var p = 0, t = 0
        var starP = -1, starT = 0, starCrossesSlash = false
        while t < text.count {
            if p < pattern.count {
                let c = pattern[p]
                if c == 0x2A {
                    let double = p + 1 < pattern.count && pattern[p + 1] == 0x2A
                    p += double ? 2 : 1
                    // `**/` also matches no folder at all.
                    if double, p < pattern.count, pattern[p] == 0x2F, glob(Array(pattern[(p + 1)...]), matches: Array(text[t...])) { return true }
                    starP = p; starT = t; starCrossesSlash = double
                    continue
                }
                if c == 0x3F, text[t] != 0x2F { p += 1; t += 1; continue }
                if c == 0x5B, let (matched, next) = matchClass(pattern, at: p, byte: text[t]) {
                    if matched { p = next; t += 1; continue }
                } else if c != 0x3F, c == text[t] {
                    p += 1; t += 1; continue
                }
            }
            // Mismatch: let the last star take one more byte.
            guard starP >= 0, starCrossesSlash || text[starT] != 0x2F else { return false }
            starT += 1
            t = starT
            p = starP
        }
        while p < pattern.count, pattern[p] == 0x2A { p += 1 }
        return p == pattern.count
    }

    /// `[...]` at `p`: whether `byte` is in the set and the index after `]`; nil if the class is unterminated (then `[` is literal).
    private static func matchClass(_ pattern: [UInt8], at p: Int, byte: UInt8) -> (Bool, Int)? {
        var i = p + 1
        var negate = false
        if i < pattern.count, pattern[i] == 0x21 || pattern[i] == 0x5E { negate = true; i += 1 }
        var found = false
        var first = true
        while i < pattern.count, pattern[i] != 0x5D || first {
            first = false
            let lo = pattern[i]
            if i + 2 < pattern.count, pattern[i + 1] == 0x2D, pattern[i + 2] != 0x5D {
                if byte >= lo && byte <= pattern[i + 2] { found = true }
                i += 3
            } else {
                if byte == lo { found = true }
                i += 1
            }
        }
        guard i < pattern.count else { return nil }
        return (found != negate && byte != 0x2F, i + 1)
    }

    /// What identifies the resolved data: every object's key, size and ETag (nil before resolution).
    public var fingerprint: String? {
        guard let objects else { return nil }
        var text = ""
        for o in objects { text += "\(o.key)\t\(o.size)\t\(o.eTag)\n" }
        return "s3/" + Hashing.sha256Hex(Array(text.utf8))
    }
}

/// Why a text is not a usable S3 input location.
public struct S3InputRefError: Error, Sendable, Equatable {
    /// What is wrong.
    public var message: String
    /// The fix.
    public var hint: String?
}
