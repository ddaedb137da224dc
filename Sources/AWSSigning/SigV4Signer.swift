public import Foundation
import Crypto

/// Signs HTTP requests with AWS Signature Version 4, as headers or as a presigned URL.
///
/// Pure: no networking, no clock. The caller passes the date, so signatures are reproducible.
/// The derived signing key is cached per day, so a signer is cheap to reuse across requests and
/// tasks; create a new signer when credentials change.
///
/// ```swift
/// let signer = SigV4Signer(credentials: creds, region: "us-east-1", service: "bedrock")
/// let headers = try signer.signHeaders(method: "POST", url: url,
///                                      headers: [("Content-Type", "application/json")],
///                                      payload: .bytes(body), date: Date())
/// ```
public struct SigV4Signer: Sendable {
    /// How a service canonicalizes requests. The defaults fit every service except S3; see ``s3``.
    public struct Configuration: Sendable, Hashable {
        /// Remove `.`/`..` segments and repeated `/` from the path before signing. S3: `false`.
        public var normalizesPath: Bool
        /// Encode the path a second time (escapes already in it become `%25XX`). S3: `false`.
        public var doubleEncodesPath: Bool
        /// Send and sign `x-amz-content-sha256` on header-signed requests. S3 requires it: `true`.
        /// It is sent anyway for ``Payload/unsigned``.
        public var sendsContentSHA256Header: Bool
        /// Include the session token in what is signed (`X-Amz-Security-Token` in the signed headers
        /// or the signed query). AWS services expect `true`; a few older services (and the vectors'
        /// `omit_session_token` cases) add the token after signing: `false`.
        public var signsSessionToken: Bool

        /// Creates a configuration; the defaults are those of every AWS service except S3.
        public init(normalizesPath: Bool = true, doubleEncodesPath: Bool = true,
                    sendsContentSHA256Header: Bool = false, signsSessionToken: Bool = true) {
            self.normalizesPath = normalizesPath
            self.doubleEncodesPath = doubleEncodesPath
            self.sendsContentSHA256Header = sendsContentSHA256Header
            self.signsSessionToken = signsSessionToken
        }

        /// S3: the path is signed as sent (no normalization, encoded once) and `x-amz-content-sha256` is sent.
        public static let s3 = Configuration(normalizesPath: false, doubleEncodesPath: false, sendsContentSHA256Header: true)

        /// ``s3`` for the services named `s3` or `s3-object-lambda`, the default configuration otherwise.
        public static func `default`(forService service: String) -> Configuration {
            service == "s3" || service == "s3-object-lambda" ? .s3 : Configuration()
        }
    }

    /// The credentials every signature uses.
    public let credentials: AWSCredentials
    /// The region in the credential scope, e.g. `us-east-1`.
    public let region: String
    /// The signing name of the service in the credential scope, e.g. `s3` or `bedrock`.
    public let service: String
    /// How requests are canonicalized for this service.
    public let configuration: Configuration

    private let secretKey: [UInt8]
    /// The session token as a canonical header value, computed once.
    private let canonicalToken: [UInt8]?
    /// The session token percent-encoded for a presigned URL, computed once.
    private let encodedToken: String?
    private let scopeSuffix: String
    private let keyCache = SigningKeyCache()

    /// Creates a signer. `configuration` defaults to ``Configuration/default(forService:)``.
    public init(credentials: AWSCredentials, region: String, service: String, configuration: Configuration? = nil) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.configuration = configuration ?? .default(forService: service)
        self.secretKey = Array(("AWS4" + credentials.secretAccessKey).utf8)
        self.canonicalToken = credentials.sessionToken.map(CanonicalRequest.trimmed)
        self.encodedToken = credentials.sessionToken.map(PercentEncoding.encoded)
        self.scopeSuffix = "/" + region + "/" + service + "/aws4_request"
    }

    // MARK: Header signing

    /// Signs a request with an `Authorization` header.
    ///
    /// - Parameters:
    ///   - method: The HTTP method, e.g. `GET` (uppercased).
    ///   - url: The URL as it will be sent, e.g. `https://bucket.s3.us-east-1.amazonaws.com/my%20key?list-type=2`.
    ///     Raw characters (spaces, UTF-8) are accepted and signed as their percent-encoding. An origin-form
    ///     target (`/path?query`) works when `headers` has a `Host`.
    ///   - headers: The headers that will be sent. Repeated names are signed as one comma-joined value.
    ///     `Authorization`, `X-Amz-Date` (and `X-Amz-Security-Token` when the credentials have a token,
    ///     `x-amz-content-sha256` when the signer sends it) are replaced.
    ///   - payload: The body, its precomputed hash, or ``Payload/unsigned``.
    ///   - date: The signing time; requests are accepted within about 5 minutes of it.
    /// - Returns: All headers to send, in order: the given ones, then `Host` if it was absent,
    ///   `X-Amz-Security-Token`, `X-Amz-Date`, `x-amz-content-sha256` if sent, and `Authorization`.
    public func signHeaders(method: String, url: String, headers: [(String, String)] = [],
                            payload: Payload = .empty, date: Date) throws(SigV4Error) -> [(String, String)] {
        try signHeadersTraced(method: method, url: url, headers: headers, payload: payload, date: date).headers
    }

    /// A header signature plus its intermediate steps, for tests and for debugging a mismatch.
    struct Trace {
        var canonicalRequest: [UInt8]
        var stringToSign: [UInt8]
        var signature: String
    }

    func signHeadersTraced(method: String, url: String, headers: [(String, String)],
                           payload: Payload, date: Date) throws(SigV4Error) -> (headers: [(String, String)], trace: Trace) {
        let target = try RequestTarget(parsing: url)
        let amzDate = try AMZDate(date)
        let payloadHash = try Self.payloadHash(payload)
        let token = credentials.sessionToken
        let sendsContentHash = configuration.sendsContentSHA256Header || payload == .unsigned

        var output: [(String, String)] = []
        output.reserveCapacity(headers.count + 5)
        var toSign: [CanonicalRequest.Header] = []
        toSign.reserveCapacity(headers.count + 4)
        var hasHost = false
        for (index, (name, value)) in headers.enumerated() {
            if Self.isReplaced(name, token: token != nil, contentHash: sendsContentHash) { continue }
            output.append((name, value))
            guard let header = try CanonicalRequest.header(name: name, value: value, order: index) else { continue }
            if header.name == Self.hostName { hasHost = true }
            toSign.append(header)
        }
        if !hasHost {
            guard let host = target.host else {
                throw SigV4Error(code: .invalidURL, message: "The URL has no host and no Host header was given; pass an absolute URL such as https://service.us-east-1.amazonaws.com/path")
            }
            output.append(("Host", host))
            toSign.append(.init(name: Self.hostName, value: Array(host.utf8), order: -1))
        }
        let order = headers.count
        if let token {
            output.append(("X-Amz-Security-Token", token))
            if configuration.signsSessionToken, let canonicalToken {
                toSign.append(.init(name: Self.tokenName, value: canonicalToken, order: order))
            }
        }
        output.append(("X-Amz-Date", amzDate.timestamp))
        toSign.append(.init(name: Self.dateName, value: Array(amzDate.timestamp.utf8), order: order))
        if sendsContentHash {
            output.append(("x-amz-content-sha256", payloadHash))
            toSign.append(.init(name: Self.contentHashName, value: Array(payloadHash.utf8), order: order))
        }

        var pairs = CanonicalRequest.queryPairs(target.query)
        var canonical: [UInt8] = []
        canonical.reserveCapacity(512)
        appendRequestLineParts(method: method, target: target, to: &canonical)
        CanonicalRequest.appendQuery(&pairs, to: &canonical)
        canonical.append(0x0A)
        let signedHeaders = CanonicalRequest.appendHeaders(&toSign, to: &canonical)
        canonical.append(0x0A)
        canonical.append(contentsOf: signedHeaders)
        canonical.append(0x0A)
        canonical.append(contentsOf: payloadHash.utf8)

        let (stringToSign, signature) = sign(canonicalRequest: canonical, date: amzDate)
        var authorization = "AWS4-HMAC-SHA256 Credential="
        authorization.reserveCapacity(200 + signedHeaders.count)
        authorization += credentials.accessKeyId
        authorization += "/"
        authorization += amzDate.dateStamp
        authorization += scopeSuffix
        authorization += ", SignedHeaders="
        authorization += String(decoding: signedHeaders, as: UTF8.self)
        authorization += ", Signature="
        authorization += signature
        output.append(("Authorization", authorization))
        return (output, Trace(canonicalRequest: canonical, stringToSign: stringToSign, signature: signature))
    }

    // MARK: Presigning

    /// Presigns a request: returns the URL with `X-Amz-*` query parameters that authorize it until
    /// `date + expires`, for anyone who holds the URL (treat it as a secret).
    ///
    /// - Parameters:
    ///   - method: The HTTP method the URL will be used with.
    ///   - url: The URL to presign, as in ``signHeaders(method:url:headers:payload:date:)``.
    ///   - headers: Headers the user of the URL must send (signed; usually none). `Host` comes from the URL if absent.
    ///   - expires: How long the URL stays valid: 1 second to 7 days (whole seconds).
    ///   - payload: The payload hash to sign; `nil` means ``Payload/unsigned`` for S3 (what S3 expects)
    ///     and ``Payload/empty`` for other services.
    ///   - date: The signing time.
    /// - Returns: The URL as given (path and query untouched, fragment dropped) with the query
    ///   parameters `X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`, `X-Amz-SignedHeaders`,
    ///   `X-Amz-Expires`, `X-Amz-Security-Token` (with a session token) and `X-Amz-Signature` appended.
    public func presign(method: String = "GET", url: String, headers: [(String, String)] = [],
                        expires: Duration, payload: Payload? = nil, date: Date) throws(SigV4Error) -> String {
        try presignTraced(method: method, url: url, headers: headers, expires: expires, payload: payload, date: date).url
    }

    func presignTraced(method: String, url: String, headers: [(String, String)], expires: Duration,
                       payload: Payload?, date: Date) throws(SigV4Error) -> (url: String, trace: Trace) {
        let seconds = expires.components.seconds
        guard seconds >= 1 && seconds <= 604_800 else {
            throw SigV4Error(code: .invalidExpiry, message: "A presigned URL must expire after 1 second to 7 days (604800 seconds); pass expires: .seconds(3600) for an hour")
        }
        let target = try RequestTarget(parsing: url)
        let amzDate = try AMZDate(date)
        let payloadHash = try Self.payloadHash(payload ?? (configuration == .s3 || service == "s3" ? .unsigned : .empty))

        var toSign: [CanonicalRequest.Header] = []
        toSign.reserveCapacity(headers.count + 1)
        var hasHost = false
        for (index, (name, value)) in headers.enumerated() {
            guard let header = try CanonicalRequest.header(name: name, value: value, order: index) else { continue }
            if header.name == Self.hostName { hasHost = true }
            toSign.append(header)
        }
        if !hasHost {
            guard let host = target.host else {
                throw SigV4Error(code: .invalidURL, message: "The URL has no host and no Host header was given; pass an absolute URL such as https://bucket.s3.us-east-1.amazonaws.com/key")
            }
            toSign.append(.init(name: Self.hostName, value: Array(host.utf8), order: -1))
        }
        var headerLines: [UInt8] = []
        headerLines.reserveCapacity(128)
        let signedHeaders = CanonicalRequest.appendHeaders(&toSign, to: &headerLines)

        // The X-Amz-* parameters, already encoded, in the order they are appended to the URL.
        let credential = PercentEncoding.encoded(credentials.accessKeyId + "/" + amzDate.dateStamp + scopeSuffix)
        var authParameters: [(String, String)] = [
            ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
            ("X-Amz-Credential", credential),
            ("X-Amz-Date", amzDate.timestamp),
            ("X-Amz-SignedHeaders", PercentEncoding.encoded(String(decoding: signedHeaders, as: UTF8.self))),
            ("X-Amz-Expires", String(seconds)),
        ]
        if let encodedToken { authParameters.append(("X-Amz-Security-Token", encodedToken)) }

        var pairs = CanonicalRequest.queryPairs(target.query, reservingExtra: authParameters.count)
        for (name, value) in authParameters where name != "X-Amz-Security-Token" || configuration.signsSessionToken {
            pairs.append(.init(key: Array(name.utf8), value: Array(value.utf8)))
        }

        var canonical: [UInt8] = []
        canonical.reserveCapacity(512)
        appendRequestLineParts(method: method, target: target, to: &canonical)
        CanonicalRequest.appendQuery(&pairs, to: &canonical)
        canonical.append(0x0A)
        canonical.append(contentsOf: headerLines)
        canonical.append(0x0A)
        canonical.append(contentsOf: signedHeaders)
        canonical.append(0x0A)
        canonical.append(contentsOf: payloadHash.utf8)

        let (stringToSign, signature) = sign(canonicalRequest: canonical, date: amzDate)
        var result = String(target.origin)
        result.reserveCapacity(url.utf8.count + 300 + (encodedToken?.utf8.count ?? 0))
        result += target.path
        result += "?"
        if !target.query.isEmpty {
            result += target.query
            result += "&"
        }
        for (name, value) in authParameters {
            result += name
            result += "="
            result += value
            result += "&"
        }
        result += "X-Amz-Signature="
        result += signature
        return (result, Trace(canonicalRequest: canonical, stringToSign: stringToSign, signature: signature))
    }

    // MARK: Shared steps

    private static let hostName = Array("host".utf8)
    private static let tokenName = Array("x-amz-security-token".utf8)
    private static let dateName = Array("x-amz-date".utf8)
    private static let contentHashName = Array("x-amz-content-sha256".utf8)

    /// Whether a caller's header is dropped because the signer sets it.
    private static func isReplaced(_ name: String, token: Bool, contentHash: Bool) -> Bool {
        switch name.utf8.count {
        case 10: return name.lowercased() == "x-amz-date"
        case 13: return name.lowercased() == "authorization"
        case 20: return (token && name.lowercased() == "x-amz-security-token") || (contentHash && name.lowercased() == "x-amz-content-sha256")
        default: return false
        }
    }

    /// Appends `METHOD\nCANONICAL-URI\n`.
    private func appendRequestLineParts(method: String, target: RequestTarget, to out: inout [UInt8]) {
        for byte in method.utf8 { out.append(byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte) }
        out.append(0x0A)
        CanonicalRequest.appendPath(target.path, normalize: configuration.normalizesPath,
                                    doubleEncode: configuration.doubleEncodesPath, to: &out)
        out.append(0x0A)
    }

    /// The string to sign for `canonicalRequest` and its hex signature.
    private func sign(canonicalRequest: [UInt8], date: AMZDate) -> (stringToSign: [UInt8], signature: String) {
        var stringToSign: [UInt8] = []
        stringToSign.reserveCapacity(160)
        stringToSign.append(contentsOf: "AWS4-HMAC-SHA256\n".utf8)
        stringToSign.append(contentsOf: date.timestamp.utf8)
        stringToSign.append(0x0A)
        stringToSign.append(contentsOf: date.dateStamp.utf8)
        stringToSign.append(contentsOf: scopeSuffix.utf8)
        stringToSign.append(0x0A)
        var hasher = SHA256()
        canonicalRequest.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        hasher.finalize().withUnsafeBytes { Hex.append($0, to: &stringToSign) }

        var mac = keyCache.mac(day: date.day) {
            var key = SymmetricKey(data: secretKey)
            for part in [String(date.dateStamp), region, service, "aws4_request"] {
                key = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key))
            }
            return key
        }
        mac.update(data: stringToSign)
        let signature = mac.finalize().withUnsafeBytes { Hex.string($0) }
        return (stringToSign, signature)
    }
}
