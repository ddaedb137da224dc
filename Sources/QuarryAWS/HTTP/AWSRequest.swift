public import AWSSigning
public import NIOCore

/// One AWS API call on the wire, before signing: the client signs it again on every attempt.
public struct AWSRequest: Sendable {
    /// `GET`, `PUT`, `POST`, `HEAD` or `DELETE`.
    public var method: String
    /// Where the service is.
    public var endpoint: AWSEndpoint
    /// The path after the endpoint's base path, already percent-encoded, starting with `/`.
    public var path: String
    /// Query parameters, unencoded; a `nil` value is sent as a bare name (`?uploads`).
    public var query: [(String, String?)]
    /// Headers to send (the client adds `Host`, `Content-Length`, `User-Agent` and the signature).
    public var headers: [(String, String)]
    /// The body, if any. Kept in memory so a retry can resend it.
    public var body: ByteBuffer?
    /// How the body appears in the signature: its SHA-256 (default) or `UNSIGNED-PAYLOAD`.
    public var payloadSigning: PayloadSigning
    /// A name for logs and errors, e.g. `S3.PutObject`.
    public var operation: String

    /// How the body is covered by the signature.
    public enum PayloadSigning: Sendable, Hashable {
        /// The SHA-256 of the body is computed and signed.
        case sha256
        /// `UNSIGNED-PAYLOAD` (S3 only); integrity then rests on TLS and `Content-MD5`.
        case unsigned
        /// A SHA-256 the caller already computed (64 lowercase hex digits).
        case precomputed(String)
    }

    /// Creates a request.
    public init(operation: String, method: String, endpoint: AWSEndpoint, path: String = "/",
                query: [(String, String?)] = [], headers: [(String, String)] = [], body: ByteBuffer? = nil,
                payloadSigning: PayloadSigning = .sha256) {
        self.operation = operation
        self.method = method
        self.endpoint = endpoint
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.payloadSigning = payloadSigning
    }

    /// The URL sent on the wire. It is not secret (no signature), but it is logged only at trace level.
    public var url: String {
        var text = endpoint.scheme + "://" + endpoint.hostHeader + endpoint.basePath + (path.hasPrefix("/") ? path : "/" + path)
        if !query.isEmpty { text += "?" + AWSPercentEncoding.query(query) }
        return text
    }
}

/// How a request is signed: whose credentials, for which region and service signing name.
public struct AWSSigningContext: Sendable {
    /// Where the credentials come from; asked before every attempt.
    public var credentials: any AWSCredentialProvider
    /// The region in the credential scope.
    public var region: String
    /// The SigV4 signing name: `s3`, `bedrock` (also for Bedrock Runtime), `sts`.
    public var service: String
    /// How the service canonicalizes requests (``SigV4Signer/Configuration/s3`` for S3).
    public var configuration: SigV4Signer.Configuration

    /// Creates a signing context; `configuration` defaults to the service's.
    public init(credentials: any AWSCredentialProvider, region: String, service: String,
                configuration: SigV4Signer.Configuration? = nil) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.configuration = configuration ?? .default(forService: service)
    }
}
