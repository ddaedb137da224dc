import AWSSigning
import Crypto
import Foundation
import NIOCore

/// An Amazon S3 client (rest-xml, SigV4 signing name `s3`) for the calls Quarry needs: objects
/// (put, multipart upload, streaming and ranged get, head, list, delete) and buckets (create, head).
///
/// Works with AWS and with S3-compatible servers (MinIO, moto, the Quarry emulator) through a custom
/// endpoint; custom endpoints use path-style addressing unless told otherwise.
public struct S3Client: Sendable {
    /// How requests are addressed and uploads are split.
    public struct Configuration: Sendable {
        /// Where the bucket name goes.
        public enum AddressingStyle: Sendable, Hashable {
            /// Virtual-hosted on AWS when the bucket name allows it (DNS-compatible, no dots over HTTPS),
            /// path-style for custom endpoints.
            case automatic
            /// `https://endpoint/bucket/key`.
            case path
            /// `https://bucket.endpoint/key`.
            case virtualHosted
        }

        /// Where the bucket name goes.
        public var addressingStyle: AddressingStyle
        /// Sign bodies with their SHA-256 (`true`) or send `UNSIGNED-PAYLOAD` (`false`, saves hashing
        /// large parts; integrity then rests on `Content-MD5`, which every upload sends anyway).
        public var signsPayload: Bool
        /// The size of each multipart part but the last (at least 5 MiB).
        public var partSize: Int
        /// How many parts upload at once.
        public var maxConcurrentParts: Int
        /// Compare returned ETags with the MD5 of what was sent (and of what was read) when S3 reports
        /// an MD5 ETag (not under SSE-KMS or SSE-C).
        public var verifiesChecksums: Bool

        /// Creates a configuration; every value has a default (8 MiB parts, 4 at once).
        public init(addressingStyle: AddressingStyle = .automatic, signsPayload: Bool = true,
                    partSize: Int = 8 << 20, maxConcurrentParts: Int = 4, verifiesChecksums: Bool = true) {
            self.addressingStyle = addressingStyle
            self.signsPayload = signsPayload
            self.partSize = partSize
            self.maxConcurrentParts = maxConcurrentParts
            self.verifiesChecksums = verifiesChecksums
        }
    }

    /// The shared HTTP layer.
    public let http: AWSHTTPClient
    /// The region requests are signed for.
    public let region: String
    /// The configuration.
    public let configuration: Configuration
    let endpoint: AWSEndpoint
    let isCustomEndpoint: Bool
    let signing: AWSSigningContext

    /// Creates a client.
    ///
    /// - Parameters:
    ///   - http: The shared HTTP layer (connection pool, retries).
    ///   - credentials: Usually ``AWSDefaults/credentialChain(http:environment:profile:)``.
    ///   - region: The bucket's region.
    ///   - endpoints: Endpoint overrides (service `s3`); standard AWS endpoints by default.
    /// - Throws: ``AWSError/Kind/configuration`` for a malformed endpoint URL or part size.
    public init(http: AWSHTTPClient, credentials: any AWSCredentialProvider, region: String,
                endpoints: AWSEndpointResolver = AWSEndpointResolver(), configuration: Configuration = Configuration()) throws {
        guard configuration.partSize >= 5 << 20, configuration.maxConcurrentParts >= 1 else {
            throw AWSError(kind: .configuration, code: "InvalidPartSize",
                           message: "S3 multipart parts must be at least 5 MiB (5242880 bytes) and at least one must upload at a time")
        }
        self.http = http
        self.region = region
        self.configuration = configuration
        self.endpoint = try endpoints.endpoint(service: "s3", region: region)
        self.isCustomEndpoint = endpoints.isCustom(service: "s3")
        self.signing = AWSSigningContext(credentials: credentials, region: region, service: "s3", configuration: .s3)
    }

    // MARK: Request building

    /// Whether `bucket` goes into the host name.
    func usesVirtualHost(_ bucket: String) -> Bool {
        switch configuration.addressingStyle {
        case .path: false
        case .virtualHosted: true
        case .automatic: !isCustomEndpoint && Self.isDNSCompatible(bucket) && !(endpoint.scheme == "https" && bucket.contains("."))
        }
    }

    /// Lowercase letters, digits, `-` and `.`, 3 to 63 characters, starting and ending with a letter or digit.
    static func isDNSCompatible(_ bucket: String) -> Bool {
        let bytes = Array(bucket.utf8)
        guard (3...63).contains(bytes.count) else { return false }
        func alnum(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) }
        guard alnum(bytes.first!), alnum(bytes.last!) else { return false }
        return bytes.allSatisfy { alnum($0) || $0 == 0x2D || $0 == 0x2E } && !bucket.contains("..")
    }

    /// The request for `bucket` and optionally `key` (a greedy label: `/` kept, everything else encoded).
    func request(_ operation: String, _ method: String, bucket: String, key: String? = nil,
                 query: [(String, String?)] = [], headers: [(String, String)] = [], body: ByteBuffer? = nil) throws -> AWSRequest {
        guard !bucket.isEmpty, !bucket.contains("/") else {
            throw AWSError(kind: .validation, code: "InvalidBucketName",
                           message: "The bucket name '\(bucket)' is empty or contains '/'", operation: "S3.\(operation)")
        }
        var target = endpoint
        var path: String
        if usesVirtualHost(bucket) {
            target = endpoint.withHostPrefix(bucket)
            path = "/"
        } else {
            path = "/" + AWSPercentEncoding.encode(bucket)
            if key != nil { path += "/" }
        }
        if let key {
            guard !key.isEmpty else {
                throw AWSError(kind: .validation, code: "InvalidKey", message: "The object key is empty", operation: "S3.\(operation)")
            }
            path += AWSPercentEncoding.encode(key, keepSlash: true)
        }
        var signingMode: AWSRequest.PayloadSigning = .sha256
        if body != nil, !configuration.signsPayload { signingMode = .unsigned }
        return AWSRequest(operation: "S3.\(operation)", method: method, endpoint: target, path: path, query: query,
                          headers: headers, body: body, payloadSigning: signingMode)
    }

    func send(_ request: AWSRequest) async throws -> AWSResponse {
        try await http.execute(request, signing: signing)
    }

    // MARK: Shared helpers

    /// MD5 of `buffer`: raw bytes.
    static func md5(_ buffer: ByteBuffer) -> [UInt8] {
        buffer.withUnsafeReadableBytes { Array(Insecure.MD5.hash(data: $0)) }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `"abc"` → `abc`.
    static func unquote(_ eTag: String?) -> String? {
        guard var value = eTag?.trimmingCharacters(in: .whitespaces) else { return nil }
        if value.hasPrefix("W/") { value.removeFirst(2) }
        if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
        return value
    }

    /// Whether an ETag is expected to be the MD5 of the bytes: 32 hex digits, and no KMS or customer-key encryption.
    static func eTagIsMD5(_ eTag: String, headers: [(String, String)]) -> Bool {
        let sse = AWSError.header("x-amz-server-side-encryption", in: headers) ?? ""
        guard !sse.hasPrefix("aws:kms"), AWSError.header("x-amz-server-side-encryption-customer-algorithm", in: headers) == nil else {
            return false
        }
        return eTag.utf8.count == 32 && eTag.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }

    static func integrityError(_ operation: String, sent: String, received: String, requestId: String?) -> AWSError {
        AWSError(kind: .integrity, code: "ChecksumMismatch",
                 message: "S3 reported ETag \(received) but the MD5 of the bytes is \(sent); the data was corrupted in transit, retry the transfer",
                 requestId: requestId, operation: "S3.\(operation)")
    }

    /// Parses an XML body or throws ``AWSError/Kind/invalidResponse``.
    static func xml(_ response: AWSResponse, operation: String) throws -> XMLNode {
        do {
            return try XMLNode.parse(response.body.readableBytesView)
        } catch {
            throw AWSError(kind: .invalidResponse, code: "InvalidXML", message: "S3 returned XML that could not be parsed: \(error)",
                           httpStatus: response.status, requestId: response.requestId, operation: "S3.\(operation)")
        }
    }

    /// `Wed, 12 Oct 2009 17:50:00 GMT`.
    static func httpDate(_ text: String?) -> Date? {
        guard let text else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}
