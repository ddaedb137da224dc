/// An error from an AWS call: a service error response, a dropped connection, missing credentials,
/// a bad configuration or a response that failed its integrity check.
///
/// Callers branch on ``kind`` (a small, extensible set of classes) and keep ``code`` for logs.
/// The ``description`` never contains credentials, session tokens, signatures or presigned URLs:
/// messages that echo them back are scrubbed before the error is created.
public struct AWSError: Error, Sendable, CustomStringConvertible {
    /// The class of an error, which decides what a caller does with it. New kinds may be added.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The service asked us to slow down (HTTP 429, `ThrottlingException`, `SlowDown`, …). Retried.
        public static let throttled = Kind("throttled")
        /// A service quota is used up (`ServiceQuotaExceededException`): wait for capacity, do not retry blindly.
        public static let quota = Kind("quota")
        /// The service failed (HTTP 5xx, `InternalServerException`, `RequestTimeout`, …). Retried.
        public static let transient = Kind("transient")
        /// The connection failed, dropped or timed out before an answer arrived. Retried.
        public static let network = Kind("network")
        /// The request was malformed or a parameter is invalid (`ValidationException`, HTTP 400).
        public static let validation = Kind("validation")
        /// The resource does not exist (`NoSuchKey`, `NoSuchBucket`, `ResourceNotFoundException`, HTTP 404).
        public static let notFound = Kind("notFound")
        /// The identity may not do this (`AccessDenied`, `AccessDeniedException`, HTTP 403).
        public static let accessDenied = Kind("accessDenied")
        /// The credentials were rejected (`InvalidAccessKeyId`, `SignatureDoesNotMatch`, `ExpiredToken`, …).
        public static let authentication = Kind("authentication")
        /// The request conflicts with the resource's state (`ConflictException`, `BucketAlreadyOwnedByYou`).
        public static let conflict = Kind("conflict")
        /// A condition on the request did not hold (HTTP 412 `PreconditionFailed`, 304).
        public static let preconditionFailed = Kind("preconditionFailed")
        /// Data arrived or was stored with a different checksum than was sent (`BadDigest`, ETag mismatch).
        public static let integrity = Kind("integrity")
        /// No credentials could be found, or a credential source failed.
        public static let credentials = Kind("credentials")
        /// Local configuration is wrong: an endpoint URL, a profile, a parameter out of range.
        public static let configuration = Kind("configuration")
        /// The service answered with something that could not be understood.
        public static let invalidResponse = Kind("invalidResponse")
        /// Anything else.
        public static let unknown = Kind("unknown")

        /// Whether repeating the same request later may succeed: throttling, server errors and network failures.
        public var isRetryable: Bool { self == .throttled || self == .transient || self == .network }

        /// The kind's name, e.g. `throttled`.
        public var description: String { name }
    }

    /// The class of the error.
    public var kind: Kind
    /// The AWS error code (`NoSuchKey`, `ThrottlingException`) or, for errors raised locally, a short
    /// name such as `CredentialsNotFound` or `ConnectionFailed`.
    public var code: String
    /// What happened, free of secrets.
    public var message: String
    /// The HTTP status of the response, if there was one.
    public var httpStatus: Int?
    /// The AWS request id (`x-amzn-RequestId`, `x-amz-request-id`), for support cases.
    public var requestId: String?
    /// The operation that failed, e.g. `S3.GetObject`.
    public var operation: String?
    /// The error this one wraps (a transport error, a file system error), if any.
    public var underlying: (any Error)?
    /// The service's `Retry-After`, when it sent one.
    var retryAfter: Duration?

    /// Creates an error. `message` must not contain secrets.
    public init(kind: Kind, code: String, message: String, httpStatus: Int? = nil, requestId: String? = nil,
                operation: String? = nil, underlying: (any Error)? = nil) {
        self.kind = kind
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.requestId = requestId
        self.operation = operation
        self.underlying = underlying
    }

    /// `AWSError(kind, code, HTTP status, operation, request id): message`.
    public var description: String {
        var text = "AWSError(\(kind), \(code)"
        if let httpStatus { text += ", HTTP \(httpStatus)" }
        if let operation { text += ", \(operation)" }
        if let requestId { text += ", request id \(requestId)" }
        text += ")"
        if !message.isEmpty { text += ": " + message }
        return text
    }
}

extension AWSError {
    /// The kind AWS's own SDKs give `code` at `httpStatus` (botocore's standard retry sets plus the
    /// Bedrock and S3 error shapes).
    public static func kind(code: String, httpStatus: Int?) -> Kind {
        if let kind = kindByCode[code] { return kind }
        switch httpStatus {
        case 429: return .throttled
        case 500, 502, 503, 504: return .transient
        case let status? where status >= 500: return .transient
        case 404: return .notFound
        case 403: return .accessDenied
        case 401: return .authentication
        case 409: return .conflict
        case 304, 412: return .preconditionFailed
        case 400, 405, 411, 413, 414, 416, 422: return .validation
        default: return .unknown
        }
    }

    private static let kindByCode: [String: Kind] = {
        var table: [String: Kind] = [:]
        for code in ["Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
                     "TooManyRequestsException", "ProvisionedThroughputExceededException",
                     "TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
                     "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
                     "EC2ThrottledException"] { table[code] = .throttled }
        for code in ["ServiceQuotaExceededException", "TooManyBuckets", "TooManyTagsException"] { table[code] = .quota }
        for code in ["RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure",
                     "InternalServerException", "InternalServerError", "ServiceUnavailable",
                     "ServiceUnavailableException", "ServiceFailure", "IDPCommunicationError", "ModelTimeoutException",
                     "ModelStreamErrorException"] { table[code] = .transient }
        for code in ["ValidationException", "InvalidRequest", "InvalidArgument", "MalformedXML",
                     "InvalidParameterValue", "InvalidParameterCombination", "MissingParameter",
                     "InvalidBucketName", "KeyTooLongError", "EntityTooSmall", "EntityTooLarge", "InvalidPart",
                     "InvalidPartOrder", "InvalidRange", "MalformedPolicyDocument", "SerializationException",
                     "InvalidIdentityToken", "IDPRejectedClaim", "ModelErrorException", "ModelNotReadyException"] {
            table[code] = .validation
        }
        for code in ["NoSuchKey", "NoSuchBucket", "NoSuchUpload", "NoSuchVersion", "NotFound",
                     "ResourceNotFoundException", "NoSuchEntity"] { table[code] = .notFound }
        for code in ["AccessDenied", "AccessDeniedException", "Forbidden", "UnauthorizedOperation",
                     "AllAccessDisabled", "AccountProblem"] { table[code] = .accessDenied }
        for code in ["InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken", "ExpiredTokenException",
                     "InvalidToken", "InvalidClientTokenId", "UnrecognizedClientException", "RequestExpired",
                     "RequestTimeTooSkewed", "AuthFailure", "MissingAuthenticationToken",
                     "IncompleteSignature"] { table[code] = .authentication }
        for code in ["ConflictException", "BucketAlreadyOwnedByYou", "BucketAlreadyExists", "OperationAborted",
                     "BucketNotEmpty", "ResourceInUseException"] { table[code] = .conflict }
        for code in ["PreconditionFailed", "NotModified"] { table[code] = .preconditionFailed }
        for code in ["BadDigest", "InvalidDigest", "XAmzContentSHA256Mismatch"] { table[code] = .integrity }
        return table
    }()
}
