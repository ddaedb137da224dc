public import Foundation

extension SigV4Signer {
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
}
