import Foundation

extension AWSError {
    /// Builds the error for a non-2xx response, reading the code and message the way the AWS SDKs do.
    ///
    /// - rest-json (Bedrock): the `X-Amzn-ErrorType` header (text after `:` dropped, text up to `#` dropped),
    ///   else the body's `__type` / `code` / `Code` (same stripping); `message` / `Message` / `errorMessage`.
    /// - rest-xml (S3) and query (STS): `<Error><Code>…</Code><Message>…</Message></Error>`, anywhere
    ///   in the document (`<ErrorResponse>` wraps it for STS); `<RequestId>` anywhere.
    /// - No body (HEAD) or an unreadable one: a code from the status (`NotFound`, `Forbidden`, `Http503`).
    ///
    /// - Parameters:
    ///   - secrets: strings removed from the message if the service echoed them (secret key, token, signature).
    static func fromResponse(status: Int, headers: [(String, String)], body: [UInt8], operation: String?,
                             secrets: [String] = []) -> AWSError {
        var code: String?
        var message: String?
        var requestId = header("x-amzn-requestid", in: headers) ?? header("x-amz-request-id", in: headers)

        if let errorType = header("x-amzn-errortype", in: headers) {
            code = sanitizeCode(errorType)
        }
        let first = body.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
        if first == 0x7B {
            if let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] {
                if code == nil, let type = (object["__type"] ?? object["code"] ?? object["Code"]) as? String {
                    code = sanitizeCode(type)
                }
                message = (object["message"] ?? object["Message"] ?? object["errorMessage"]) as? String
            }
        } else if first == 0x3C {
            if let root = try? XMLNode.parse(body) {
                let error = root.first("Error") ?? root
                if let xmlCode = error.string("Code"), !xmlCode.isEmpty { code = xmlCode }
                message = error.string("Message")
                if requestId == nil { requestId = root.first("RequestId")?.text }
            }
        }
        let resolvedCode = code ?? statusCode(status)
        var text = message ?? ""
        if text.isEmpty, code == nil { text = "The service answered HTTP \(status) without an error code" }
        return AWSError(kind: kind(code: resolvedCode, httpStatus: status), code: resolvedCode,
                        message: scrub(text, secrets: secrets), httpStatus: status, requestId: requestId,
                        operation: operation)
    }

    /// `aws.protocoltests.restjson#FooError:http://…` → `FooError`.
    static func sanitizeCode(_ raw: String) -> String {
        var value = Substring(raw)
        if let colon = value.firstIndex(of: ":") { value = value[..<colon] }
        if let hash = value.lastIndex(of: "#") { value = value[value.index(after: hash)...] }
        return value.trimmingCharacters(in: .whitespaces)
    }

    /// The code SDKs use when a response has no body: `NotFound`, `Forbidden`, …
    static func statusCode(_ status: Int) -> String {
        switch status {
        case 301: "PermanentRedirect"
        case 304: "NotModified"
        case 400: "BadRequest"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "NotFound"
        case 409: "Conflict"
        case 412: "PreconditionFailed"
        case 429: "TooManyRequests"
        case 500: "InternalError"
        case 503: "ServiceUnavailable"
        default: "Http\(status)"
        }
    }

    static func header(_ lowercasedName: String, in headers: [(String, String)]) -> String? {
        headers.first { $0.0.lowercased() == lowercasedName }?.1
    }

    /// Removes `secrets` and anything shaped like SigV4 material (`Signature=…`, `X-Amz-Credential=…`,
    /// `X-Amz-Security-Token=…`, `Credential=…`) from `text`, and caps its length.
    static func scrub(_ text: String, secrets: [String]) -> String {
        var result = text
        for secret in secrets where secret.count >= 4 {
            result = result.replacingOccurrences(of: secret, with: "<redacted>")
        }
        for marker in ["X-Amz-Signature=", "X-Amz-Credential=", "X-Amz-Security-Token=", "Signature=", "Credential="] {
            var searchStart = result.startIndex
            while let range = result.range(of: marker, options: .caseInsensitive, range: searchStart..<result.endIndex) {
                var end = range.upperBound
                while end < result.endIndex, !" &,\"'<>\n".contains(result[end]) { end = result.index(after: end) }
                result.replaceSubrange(range.upperBound..<end, with: "<redacted>")
                searchStart = result.index(range.upperBound, offsetBy: "<redacted>".count, limitedBy: result.endIndex) ?? result.endIndex
            }
        }
        if result.count > 1024 { result = String(result.prefix(1024)) + "…" }
        return result
    }
}
