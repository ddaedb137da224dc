public import Foundation

/// What S3 says about an object (HeadObject, GetObject).
public struct S3ObjectInfo: Sendable, Hashable {
    /// The size of the object, or of the returned range for a ranged GetObject.
    public var contentLength: Int64
    /// The entity tag without quotes: the MD5 in hex for single-part uploads without SSE-KMS, `md5-N` for multipart.
    public var eTag: String?
    /// The `Content-Type` stored with the object.
    public var contentType: String?
    /// When the object was last written.
    public var lastModified: Date?
    /// User metadata (`x-amz-meta-*`), names lowercased and without the prefix.
    public var metadata: [String: String]
    /// The version id in a versioned bucket.
    public var versionId: String?
    /// For a ranged GetObject: `bytes first-last/total`.
    public var contentRange: String?
    /// The server-side encryption in use (`AES256`, `aws:kms`), if reported.
    public var serverSideEncryption: String?

    /// Creates a value.
    public init(contentLength: Int64, eTag: String? = nil, contentType: String? = nil, lastModified: Date? = nil,
                metadata: [String: String] = [:], versionId: String? = nil, contentRange: String? = nil,
                serverSideEncryption: String? = nil) {
        self.contentLength = contentLength
        self.eTag = eTag
        self.contentType = contentType
        self.lastModified = lastModified
        self.metadata = metadata
        self.versionId = versionId
        self.contentRange = contentRange
        self.serverSideEncryption = serverSideEncryption
    }
}

/// The result of a completed write (PutObject, a multipart upload).
public struct S3PutObjectResult: Sendable, Hashable {
    /// The entity tag, without quotes.
    public var eTag: String
    /// The version id in a versioned bucket.
    public var versionId: String?
    /// How many parts were uploaded (1 for a single PUT).
    public var partCount: Int

    /// Creates a value.
    public init(eTag: String, versionId: String? = nil, partCount: Int = 1) {
        self.eTag = eTag
        self.versionId = versionId
        self.partCount = partCount
    }
}

/// A byte range of an object (HTTP `Range`).
public enum S3ByteRange: Sendable, Hashable {
    /// Bytes `first...last`, both included.
    case closed(Int64, Int64)
    /// From `first` to the end.
    case from(Int64)
    /// The last `count` bytes.
    case suffix(Int64)

    /// The `Range` header value, e.g. `bytes=0-99`.
    public var headerValue: String {
        switch self {
        case .closed(let first, let last): "bytes=\(first)-\(last)"
        case .from(let first): "bytes=\(first)-"
        case .suffix(let count): "bytes=-\(count)"
        }
    }
}

/// A multipart upload that was started and neither completed nor aborted.
public struct S3MultipartUploadSummary: Sendable, Hashable {
    /// The key it will write (decoded).
    public var key: String
    /// Its upload id.
    public var uploadId: String
    /// When it was started.
    public var initiated: Date?

    /// Creates a value.
    public init(key: String, uploadId: String, initiated: Date? = nil) {
        self.key = key
        self.uploadId = uploadId
        self.initiated = initiated
    }
}

/// One object in a listing.
public struct S3ObjectSummary: Sendable, Hashable {
    /// The key (decoded).
    public var key: String
    /// The size in bytes.
    public var size: Int64
    /// The entity tag, without quotes.
    public var eTag: String?
    /// When it was last written.
    public var lastModified: Date?
    /// `STANDARD`, `GLACIER`, …
    public var storageClass: String?

    /// Creates a value.
    public init(key: String, size: Int64, eTag: String? = nil, lastModified: Date? = nil, storageClass: String? = nil) {
        self.key = key
        self.size = size
        self.eTag = eTag
        self.lastModified = lastModified
        self.storageClass = storageClass
    }
}

/// One page of ListObjectsV2.
public struct S3ListObjectsPage: Sendable, Hashable {
    /// The objects on this page, in key order.
    public var objects: [S3ObjectSummary]
    /// With a delimiter: the "folders" (decoded), each ending with the delimiter.
    public var commonPrefixes: [String]
    /// Pass to the next call's `continuationToken`; `nil` on the last page.
    public var nextContinuationToken: String?
    /// Whether more pages follow.
    public var isTruncated: Bool

    /// Creates a value.
    public init(objects: [S3ObjectSummary], commonPrefixes: [String] = [], nextContinuationToken: String? = nil,
                isTruncated: Bool = false) {
        self.objects = objects
        self.commonPrefixes = commonPrefixes
        self.nextContinuationToken = nextContinuationToken
        self.isTruncated = isTruncated
    }
}

/// A key DeleteObjects could not delete.
public struct S3DeleteFailure: Sendable, Hashable {
    /// The key.
    public var key: String
    /// S3's error code, e.g. `AccessDenied`.
    public var code: String
    /// S3's message.
    public var message: String

    /// Creates a value.
    public init(key: String, code: String, message: String) {
        self.key = key
        self.code = code
        self.message = message
    }
}

/// A part of a multipart upload, as CompleteMultipartUpload needs it.
public struct S3CompletedPart: Sendable, Hashable {
    /// 1…10,000.
    public var partNumber: Int
    /// The part's entity tag, without quotes.
    public var eTag: String
    /// The part's MD5 (raw 16 bytes), when known: used to check the final multipart ETag.
    var md5: [UInt8]?

    /// Creates a value.
    public init(partNumber: Int, eTag: String) {
        self.partNumber = partNumber
        self.eTag = eTag
    }
}
