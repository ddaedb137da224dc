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
    let canonicalToken: [UInt8]?
    /// The session token percent-encoded for a presigned URL, computed once.
    let encodedToken: String?
    let scopeSuffix: String
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

    // MARK: Shared steps

    static let hostName = Array("host".utf8)
    static let tokenName = Array("x-amz-security-token".utf8)
    static let dateName = Array("x-amz-date".utf8)
    static let contentHashName = Array("x-amz-content-sha256".utf8)

    /// Whether a caller's header is dropped because the signer sets it.
    static func isReplaced(_ name: String, token: Bool, contentHash: Bool) -> Bool {
        switch name.utf8.count {
        case 10: return name.lowercased() == "x-amz-date"
        case 13: return name.lowercased() == "authorization"
        case 20: return (token && name.lowercased() == "x-amz-security-token") || (contentHash && name.lowercased() == "x-amz-content-sha256")
        default: return false
        }
    }

    /// Appends `METHOD\nCANONICAL-URI\n`.
    func appendRequestLineParts(method: String, target: RequestTarget, to out: inout [UInt8]) {
        for byte in method.utf8 { out.append(byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte) }
        out.append(0x0A)
        CanonicalRequest.appendPath(target.path, normalize: configuration.normalizesPath,
                                    doubleEncode: configuration.doubleEncodesPath, to: &out)
        out.append(0x0A)
    }

    /// The string to sign for `canonicalRequest` and its hex signature.
    func sign(canonicalRequest: [UInt8], date: AMZDate) -> (stringToSign: [UInt8], signature: String) {
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
