public import Foundation

extension SigV4Signer {
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
}
