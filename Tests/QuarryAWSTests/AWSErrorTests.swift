import Testing
@testable import QuarryAWS

@Suite("AWS error parsing")
struct AWSErrorTests {
    @Test("rest-json: X-Amzn-ErrorType wins, with ':' suffix and '#' prefix stripped")
    func restJSONHeader() {
        let error = AWSError.fromResponse(
            status: 400,
            headers: [("X-Amzn-ErrorType", "com.amazon.bedrock#ValidationException:http://internal.amazon.com/coral/"),
                      ("x-amzn-RequestId", "req-1")],
            body: Array(#"{"message":"jobName is invalid"}"#.utf8), operation: "Bedrock.CreateModelInvocationJob")
        #expect(error.code == "ValidationException")
        #expect(error.kind == .validation)
        #expect(error.message == "jobName is invalid")
        #expect(error.httpStatus == 400)
        #expect(error.requestId == "req-1")
    }

    @Test("rest-json: __type / code in the body, Message capitalized")
    func restJSONBody() {
        let typed = AWSError.fromResponse(status: 400, headers: [],
                                          body: Array(#"{"__type":"com.amazonaws#ServiceQuotaExceededException","Message":"too many jobs"}"#.utf8),
                                          operation: nil)
        #expect(typed.code == "ServiceQuotaExceededException")
        #expect(typed.kind == .quota)
        #expect(typed.message == "too many jobs")
        let coded = AWSError.fromResponse(status: 429, headers: [], body: Array(#"{"code":"ThrottlingException","message":"slow"}"#.utf8),
                                          operation: nil)
        #expect(coded.kind == .throttled)
    }

    @Test("rest-xml: S3 <Error> and STS <ErrorResponse>")
    func restXML() {
        let s3 = AWSError.fromResponse(status: 404, headers: [("x-amz-request-id", "abc")], body: Array("""
            <?xml version="1.0" encoding="UTF-8"?>
            <Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>a/b</Key><RequestId>ignored</RequestId></Error>
            """.utf8), operation: "S3.GetObject")
        #expect(s3.code == "NoSuchKey")
        #expect(s3.kind == .notFound)
        #expect(s3.requestId == "abc")
        let sts = AWSError.fromResponse(status: 403, headers: [], body: Array("""
            <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code>
            <Message>not authorized to perform sts:AssumeRole</Message></Error><RequestId>r-9</RequestId></ErrorResponse>
            """.utf8), operation: "STS.AssumeRole")
        #expect(sts.code == "AccessDenied")
        #expect(sts.kind == .accessDenied)
        #expect(sts.requestId == "r-9")
        #expect(sts.message == "not authorized to perform sts:AssumeRole")
    }

    @Test("No body: the code comes from the status", arguments: [
        (404, "NotFound", AWSError.Kind.notFound), (403, "Forbidden", .accessDenied), (503, "ServiceUnavailable", .transient),
        (429, "TooManyRequests", .throttled), (500, "InternalError", .transient), (412, "PreconditionFailed", .preconditionFailed),
    ])
    func statusOnly(status: Int, code: String, kind: AWSError.Kind) {
        let error = AWSError.fromResponse(status: status, headers: [], body: [], operation: nil)
        #expect(error.code == code)
        #expect(error.kind == kind)
    }

    @Test("Codes map to the kinds callers branch on", arguments: [
        ("SlowDown", AWSError.Kind.throttled), ("ThrottlingException", .throttled), ("TooManyRequestsException", .throttled),
        ("ServiceQuotaExceededException", .quota), ("ValidationException", .validation), ("ResourceNotFoundException", .notFound),
        ("NoSuchBucket", .notFound), ("AccessDeniedException", .accessDenied), ("ConflictException", .conflict),
        ("InternalServerException", .transient), ("ServiceUnavailableException", .transient), ("RequestTimeout", .transient),
        ("ExpiredToken", .authentication), ("SignatureDoesNotMatch", .authentication), ("BadDigest", .integrity),
    ])
    func kinds(code: String, kind: AWSError.Kind) {
        #expect(AWSError.kind(code: code, httpStatus: 400) == kind)
    }

    @Test("Only throttling, server and network errors are retryable")
    func retryable() {
        #expect(AWSError.Kind.throttled.isRetryable)
        #expect(AWSError.Kind.transient.isRetryable)
        #expect(AWSError.Kind.network.isRetryable)
        #expect(!AWSError.Kind.quota.isRetryable)
        #expect(!AWSError.Kind.validation.isRetryable)
        #expect(!AWSError.Kind.accessDenied.isRetryable)
    }

    @Test("Messages that echo secrets, signatures or presigned URLs are scrubbed")
    func scrubbing() {
        let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
        let token = "FwoGZXIvYXdzEJr//////////wEaDNotARealToken"
        let body = """
            <Error><Code>SignatureDoesNotMatch</Code><Message>bad: key \(secret) token \(token) \
            url https://b.s3.amazonaws.com/k?X-Amz-Credential=AKID%2F20261124&amp;X-Amz-Signature=deadbeefcafe&amp;X-Amz-Security-Token=abc \
            header Signature=0123456789abcdef</Message></Error>
            """
        let error = AWSError.fromResponse(status: 403, headers: [], body: Array(body.utf8), operation: "S3.GetObject",
                                          secrets: [secret, token])
        let text = error.description
        #expect(!text.contains(secret))
        #expect(!text.contains(token))
        #expect(!text.contains("deadbeefcafe"))
        #expect(!text.contains("0123456789abcdef"))
        #expect(!text.contains("AKID%2F20261124"))
        #expect(text.contains("SignatureDoesNotMatch"))
    }
}
