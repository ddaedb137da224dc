import AWSSigning
import Foundation

/// Checks SigV4 signatures on incoming requests by recomputing them with ``SigV4Signer`` from the
/// request's method, raw target, the headers it lists as signed and its payload hash, and comparing.
/// Supports header authorization (`Authorization: AWS4-HMAC-SHA256 ...`) and presigned URLs
/// (`X-Amz-Signature` in the query). S3 requests may also use the legacy SigV2 (``SigV2Verifier``).
struct SigV4Verifier: Sendable {
    /// The request as it arrived: method, raw target (`/path?query`), and headers with lowercase
    /// names (repeated names kept as separate entries; `host` included).
    struct IncomingRequest: Sendable {
        var method: String
        var target: String
        var headers: [(name: String, value: String)]

        func values(_ name: String) -> [String] { headers.filter { $0.name == name }.map(\.value) }
        func first(_ name: String) -> String? { headers.first(where: { $0.name == name })?.value }
    }

    /// What a verified request was signed with.
    struct Identity: Sendable {
        var accessKeyId: String
        var region: String
        /// The `x-amz-content-sha256` the signature covers (header auth), if any.
        var contentSHA256: String?
        /// For `STREAMING-*` uploads: the mode, and the signature chain to check chunks against
        /// (nil when signatures are not verified).
        var streaming: (mode: StreamingSignature.Mode, chain: StreamingSignature.Chain?)? = nil
    }

    /// Known credentials by access key id. Empty: signatures are parsed and time-checked but not
    /// verified (any key is accepted).
    let credentials: [String: AWSCredentials]
    /// How far a request's time may be from the server's clock.
    let maxSkew: TimeInterval

    init(credentials: [AWSCredentials], maxSkew: TimeInterval = 15 * 60) {
        var byId: [String: AWSCredentials] = [:]
        for c in credentials { byId[c.accessKeyId] = c }
        self.credentials = byId
        self.maxSkew = maxSkew
    }

    /// Verifies `request` for `service` (`s3` or `bedrock`). `bodySHA256` is the hex SHA-256 of the
    /// body, used when the request has no `x-amz-content-sha256` header (Bedrock requests).
    func verify(_ request: IncomingRequest, service: String, bodySHA256: () -> String?, now: Date) throws(AuthFailure) -> Identity {
        if service == "s3", SigV2Verifier.applies(request, target: RawTarget(request.target)) {
            return try SigV2Verifier(credentials: credentials, maxSkew: maxSkew).verify(request, target: RawTarget(request.target), now: now)
        }
        if let authorization = request.first("authorization") {
            return try verifyHeader(request, authorization: authorization, service: service, bodySHA256: bodySHA256, now: now)
        }
        let target = RawTarget(request.target)
        if target.has("X-Amz-Signature") {
            return try verifyPresigned(request, target: target, service: service, bodySHA256: bodySHA256, now: now)
        }
        throw AuthFailure(.missing, "Request is missing Authentication Token")
    }

    // MARK: Header authorization

    struct ParsedAuthorization: Equatable {
        var accessKeyId: String
        var dateStamp: String
        var region: String
        var service: String
        var signedHeaders: [String]
        var signature: String
    }

    /// Parses `AWS4-HMAC-SHA256 Credential=AKID/20261124/us-east-1/s3/aws4_request, SignedHeaders=a;b, Signature=hex`.
    static func parseAuthorization(_ value: String) -> ParsedAuthorization? {
        let prefix = "AWS4-HMAC-SHA256"
        guard value.hasPrefix(prefix) else { return nil }
        var credential: String?
        var signedHeaders: String?
        var signature: String?
        for part in value.dropFirst(prefix.count).split(separator: ",") {
            let item = part.trimmingCharacters(in: .whitespaces)
            guard let eq = item.firstIndex(of: "=") else { continue }
            let name = item[..<eq]
            let v = String(item[item.index(after: eq)...])
            switch name {
            case "Credential": credential = v
            case "SignedHeaders": signedHeaders = v
            case "Signature": signature = v
            default: break
            }
        }
        guard let credential, let signedHeaders, let signature,
              let scope = parseCredential(credential) else { return nil }
        return ParsedAuthorization(accessKeyId: scope.accessKeyId, dateStamp: scope.dateStamp, region: scope.region,
                                   service: scope.service,
                                   signedHeaders: signedHeaders.split(separator: ";").map { $0.lowercased() },
                                   signature: signature)
    }

    /// `AKID/20261124/us-east-1/s3/aws4_request` → its parts.
    static func parseCredential(_ credential: String) -> (accessKeyId: String, dateStamp: String, region: String, service: String)? {
        let parts = credential.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 5, parts.last == "aws4_request" else { return nil }
        // The key id itself never contains '/', but be lenient and join what precedes the scope.
        let n = parts.count
        let keyId = parts[0..<(n - 4)].joined(separator: "/")
        guard !keyId.isEmpty, parts[n - 4].count == 8 else { return nil }
        return (keyId, String(parts[n - 4]), String(parts[n - 3]), String(parts[n - 2]))
    }

    private func verifyHeader(_ request: IncomingRequest, authorization: String, service: String,
                              bodySHA256: () -> String?, now: Date) throws(AuthFailure) -> Identity {
        guard let auth = Self.parseAuthorization(authorization) else {
            throw AuthFailure(.malformed, "The authorization header is malformed; expected AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...")
        }
        guard let amzDate = request.first("x-amz-date"), let date = Self.parseAMZDate(amzDate) else {
            throw AuthFailure(.malformed, "The request must contain an X-Amz-Date header in the form yyyyMMdd'T'HHmmss'Z'.")
        }
        guard amzDate.hasPrefix(auth.dateStamp) else {
            throw AuthFailure(.malformed, "The credential scope date \(auth.dateStamp) does not match the X-Amz-Date \(amzDate).")
        }
        guard auth.service == service else {
            throw AuthFailure(.malformed, "Credential should be scoped to correct service: '\(service)'.")
        }
        try checkSkew(date, amzDate: amzDate, now: now)
        let credentials = try lookUp(auth.accessKeyId, sessionToken: request.first("x-amz-security-token"))
        let contentHash = request.first("x-amz-content-sha256")
        let payload: SigV4Signer.Payload
        if let contentHash {
            if contentHash == "UNSIGNED-PAYLOAD" {
                payload = .unsigned
            } else if Self.isHexSHA256(contentHash) {
                payload = .precomputedHash(contentHash)
            } else if contentHash.hasPrefix("STREAMING-") {
                guard service == "s3", let mode = StreamingSignature.Mode(rawValue: contentHash) else {
                    throw AuthFailure(.unsupported, "The payload mode \(contentHash) is not supported; send the payload hash, "
                        + "UNSIGNED-PAYLOAD, or one of the STREAMING-AWS4-HMAC-SHA256-PAYLOAD(-TRAILER) / STREAMING-UNSIGNED-PAYLOAD-TRAILER modes.")
                }
                return try verifyStreamingSeed(request, auth: auth, amzDate: amzDate, mode: mode,
                                               credentials: credentials)
            } else {
                throw AuthFailure(.malformed, "x-amz-content-sha256 must be the hex SHA-256 of the payload or UNSIGNED-PAYLOAD.")
            }
        } else if service == "s3" {
            throw AuthFailure(.malformed, "Missing required header for this request: x-amz-content-sha256")
        } else if let hash = bodySHA256() {
            payload = .precomputedHash(hash)
        } else {
            payload = .empty
        }
        guard let credentials else {
            return Identity(accessKeyId: auth.accessKeyId, region: auth.region, contentSHA256: contentHash)
        }
        var headers: [(String, String)] = []
        for name in auth.signedHeaders {
            let values = request.values(name)
            guard !values.isEmpty else {
                throw AuthFailure(.signatureMismatch, "The header \(name) is listed in SignedHeaders but was not sent.")
            }
            for v in values { headers.append((name, v)) }
        }
        let configuration = SigV4Signer.Configuration(
            normalizesPath: service != "s3", doubleEncodesPath: service != "s3",
            sendsContentSHA256Header: auth.signedHeaders.contains("x-amz-content-sha256"),
            signsSessionToken: auth.signedHeaders.contains("x-amz-security-token"))
        let signer = SigV4Signer(credentials: credentials, region: auth.region, service: service, configuration: configuration)
        let signed: [(String, String)]
        do {
            signed = try signer.signHeaders(method: request.method, url: request.target, headers: headers, payload: payload, date: date)
        } catch {
            throw AuthFailure(.malformed, "The request could not be canonicalized: \(error.message)")
        }
        guard let expected = signed.first(where: { $0.0 == "Authorization" })?.1,
              let range = expected.range(of: "Signature=") else {
            throw AuthFailure(.signatureMismatch, Self.mismatchMessage)
        }
        let computed = expected[range.upperBound...]
        guard Self.constantTimeEqual(computed, auth.signature) else {
            throw AuthFailure(.signatureMismatch, Self.mismatchMessage)
        }
        return Identity(accessKeyId: auth.accessKeyId, region: auth.region, contentSHA256: contentHash)
    }

    /// The seed signature of a streaming upload, recomputed with ``StreamingSignature`` (the
    /// payload hash is the mode's literal).
    private func verifyStreamingSeed(_ request: IncomingRequest, auth: ParsedAuthorization, amzDate: String,
                                     mode: StreamingSignature.Mode, credentials: AWSCredentials?) throws(AuthFailure) -> Identity {
        var identity = Identity(accessKeyId: auth.accessKeyId, region: auth.region, contentSHA256: mode.rawValue)
        guard let credentials else {
            identity.streaming = (mode, nil)
            return identity
        }
        for name in auth.signedHeaders where request.values(name).isEmpty {
            throw AuthFailure(.signatureMismatch, "The header \(name) is listed in SignedHeaders but was not sent.")
        }
        let canonical = StreamingSignature.canonicalRequest(method: request.method, target: RawTarget(request.target),
                                                            signedHeaders: auth.signedHeaders, values: request.values,
                                                            payloadHash: mode.rawValue)
        let scope = auth.dateStamp + "/" + auth.region + "/s3/aws4_request"
        let stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + sha256Hex(Array(canonical.utf8))
        let key = StreamingSignature.signingKey(secret: credentials.secretAccessKey, dateStamp: auth.dateStamp,
                                                region: auth.region, service: "s3")
        let seed = StreamingSignature.hmacHex(stringToSign, key: key)
        guard Self.constantTimeEqual(seed, auth.signature) else {
            throw AuthFailure(.signatureMismatch, Self.mismatchMessage)
        }
        identity.streaming = (mode, StreamingSignature.Chain(key: key, amzDate: amzDate, scope: scope, seed: seed))
        return identity
    }

    // MARK: Presigned URLs

    private static let authParameters: Set<String> = [
        "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-SignedHeaders", "X-Amz-Expires",
        "X-Amz-Security-Token", "X-Amz-Signature",
    ]

    private func verifyPresigned(_ request: IncomingRequest, target: RawTarget, service: String,
                                 bodySHA256: () -> String?, now: Date) throws(AuthFailure) -> Identity {
        guard target.parameter("X-Amz-Algorithm") == "AWS4-HMAC-SHA256",
              let credential = target.parameter("X-Amz-Credential"), let scope = Self.parseCredential(credential),
              let amzDate = target.parameter("X-Amz-Date"), let date = Self.parseAMZDate(amzDate),
              let signedHeaders = target.parameter("X-Amz-SignedHeaders"),
              let expiresText = target.parameter("X-Amz-Expires"), let expires = Int(expiresText),
              let signature = target.parameter("X-Amz-Signature") else {
            throw AuthFailure(.malformed, "The presigned URL is missing X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, "
                + "X-Amz-SignedHeaders, X-Amz-Expires or X-Amz-Signature.")
        }
        guard scope.service == service else {
            throw AuthFailure(.malformed, "Credential should be scoped to correct service: '\(service)'.")
        }
        guard (1...604_800).contains(expires) else {
            throw AuthFailure(.malformed, "X-Amz-Expires must be between 1 and 604800 seconds.")
        }
        if now.timeIntervalSince(date) > Double(expires) {
            throw AuthFailure(.expired, "Request has expired")
        }
        if date.timeIntervalSince(now) > maxSkew {
            throw AuthFailure(.skewed, "The difference between the request time and the current time is too large.")
        }
        let credentials = try lookUp(scope.accessKeyId, sessionToken: target.parameter("X-Amz-Security-Token"))
        guard let credentials else {
            return Identity(accessKeyId: scope.accessKeyId, region: scope.region, contentSHA256: nil)
        }
        // The target without the authorization parameters, the rest kept byte for byte.
        let kept = target.query.split(separator: "&", omittingEmptySubsequences: true).filter { piece in
            let name = piece.firstIndex(of: "=").map { piece[..<$0] } ?? piece
            return !Self.authParameters.contains(PercentCoding.decode(name))
        }
        let url = String(target.path) + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
        var headers: [(String, String)] = []
        for name in signedHeaders.split(separator: ";").map({ $0.lowercased() }) {
            let values = request.values(name)
            guard !values.isEmpty else {
                throw AuthFailure(.signatureMismatch, "The header \(name) is listed in X-Amz-SignedHeaders but was not sent.")
            }
            for v in values { headers.append((name, v)) }
        }
        let payload: SigV4Signer.Payload
        if service == "s3" {
            payload = .unsigned
        } else if let hash = bodySHA256() {
            payload = .precomputedHash(hash)
        } else {
            payload = .empty
        }
        let configuration = SigV4Signer.Configuration(
            normalizesPath: service != "s3", doubleEncodesPath: service != "s3", sendsContentSHA256Header: false,
            signsSessionToken: target.has("X-Amz-Security-Token"))
        let signer = SigV4Signer(credentials: credentials, region: scope.region, service: service, configuration: configuration)
        let presigned: String
        do {
            presigned = try signer.presign(method: request.method, url: url, headers: headers,
                                           expires: .seconds(expires), payload: payload, date: date)
        } catch {
            throw AuthFailure(.malformed, "The presigned URL could not be canonicalized: \(error.message)")
        }
        guard let range = presigned.range(of: "X-Amz-Signature=", options: .backwards),
              Self.constantTimeEqual(presigned[range.upperBound...], signature) else {
            throw AuthFailure(.signatureMismatch, Self.mismatchMessage)
        }
        return Identity(accessKeyId: scope.accessKeyId, region: scope.region, contentSHA256: nil)
    }

    // MARK: Shared steps

    static let mismatchMessage = "The request signature we calculated does not match the signature you provided. "
        + "Check your key and signing method."

    /// The credentials for `accessKeyId` (with the request's session token), nil in open mode.
    private func lookUp(_ accessKeyId: String, sessionToken: String?) throws(AuthFailure) -> AWSCredentials? {
        if credentials.isEmpty { return nil }
        guard var c = credentials[accessKeyId] else {
            throw AuthFailure(.unknownAccessKey, "The AWS Access Key Id you provided does not exist in our records.")
        }
        c.sessionToken = sessionToken
        return c
    }

    private func checkSkew(_ date: Date, amzDate: String, now: Date) throws(AuthFailure) {
        if abs(now.timeIntervalSince(date)) > maxSkew {
            throw AuthFailure(.skewed, "The difference between the request time (\(amzDate)) and the current time "
                + "(\(Self.formatAMZDate(now))) is too large.")
        }
    }

    static func isHexSHA256(_ s: String) -> Bool {
        s.utf8.count == 64 && s.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }

    static func constantTimeEqual(_ a: some StringProtocol, _ b: some StringProtocol) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }

    /// `20150830T123600Z` → a date; nil when malformed.
    static func parseAMZDate(_ text: String) -> Date? {
        let u = Array(text.utf8)
        guard u.count == 16, u[8] == UInt8(ascii: "T"), u[15] == UInt8(ascii: "Z") else { return nil }
        func number(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r {
                guard u[i] >= 0x30 && u[i] <= 0x39 else { return nil }
                v = v * 10 + Int(u[i] - 0x30)
            }
            return v
        }
        guard let y = number(0..<4), let mo = number(4..<6), let d = number(6..<8),
              let h = number(9..<11), let mi = number(11..<13), let s = number(13..<15),
              (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 61 else { return nil }
        // Days from civil (Howard Hinnant).
        let yy = mo <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return Date(timeIntervalSince1970: Double(days * 86_400 + h * 3600 + mi * 60 + s))
    }

    static func formatAMZDate(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return f.string(from: date)
    }
}
