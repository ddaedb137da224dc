public import QuarryAWS
public import QuarryCore

/// The object store on Amazon S3 (or anything that speaks S3: the HTTP emulator, MinIO): keys live
/// under `s3://bucket/prefix`. Writers stream multipart uploads with parallel parts and make the
/// object visible only when the upload completes; readers stream GetObject and resume a dropped
/// body with a ranged read from where it stopped.
public struct S3ObjectStore: ObjectStore {
    /// The S3 client (its configuration sets the part size and the parts in flight).
    public let s3: S3Client
    /// The bucket.
    public let bucket: String
    /// The key prefix (empty or ending with `/`).
    public let prefix: String

    /// Creates a store for `s3://bucket/prefix`.
    public init(s3: S3Client, bucket: String, prefix: String) {
        self.s3 = s3
        self.bucket = bucket
        self.prefix = prefix.isEmpty || prefix.hasSuffix("/") ? prefix : prefix + "/"
    }

    public func uri(forKey key: String) -> S3URI { S3URI(bucket: bucket, key: prefix + key) }

    public func makeWriter(for uri: S3URI) async throws(QuarryError) -> any ObjectWriter {
        S3ObjectWriter(s3: s3, uri: uri)
    }

    public func openReader(for uri: S3URI) async throws(QuarryError) -> any ObjectReader {
        let reader = S3ObjectReader(s3: s3, uri: uri)
        try await reader.open()
        return reader
    }

    public func list(prefix: S3URI) async throws(QuarryError) -> [S3URI] {
        do {
            return try await s3.listAllObjects(bucket: prefix.bucket, prefix: prefix.key)
                .map { S3URI(bucket: prefix.bucket, key: $0.key) }
                .sorted { $0.key < $1.key }
        } catch {
            throw Self.error(error, doing: "list", prefix)
        }
    }

    public func exists(_ uri: S3URI) async throws(QuarryError) -> Bool {
        do {
            _ = try await s3.headObject(bucket: uri.bucket, key: uri.key)
            return true
        } catch let e as AWSError where e.kind == .notFound {
            return false
        } catch {
            throw Self.error(error, doing: "look up", uri)
        }
    }

    /// A user-facing error for a failed S3 call (AWS's code and message; never credentials).
    static func error(_ error: any Error, doing what: String, _ uri: S3URI) -> QuarryError {
        if let e = error as? QuarryError { return e }
        if error is CancellationError { return QuarryError(.cancelled, "interrupted while trying to \(what) \(uri)", hint: "run the same command again to resume") }
        guard let e = error as? AWSError else { return QuarryError(.provider, "cannot \(what) \(uri): \(error)") }
        let hint: String?
        switch e.kind {
        case .accessDenied: hint = "the credentials need s3:PutObject, s3:GetObject, s3:ListBucket and s3:AbortMultipartUpload on the bucket (docs/aws.md)"
        case .authentication, .credentials: hint = "check the AWS credentials (environment, profile or role) and the clock"
        case .notFound: hint = e.code == "NoSuchBucket" ? "create the bucket or fix bedrock.bucket" : nil
        case .throttled, .transient, .network: hint = "S3 kept failing after retries; run the same command again to resume"
        default: hint = nil
        }
        return QuarryError(.provider, "cannot \(what) \(uri): \(e.code): \(e.message)", hint: hint)
    }
}
