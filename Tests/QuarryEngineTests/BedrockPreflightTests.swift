import QuarryAWS
import QuarryCore
@testable import QuarryEngine
import Testing

/// What preflight and the backend tell the user for each AWS failure (pure: no network).
@Suite struct BedrockPreflightTests {
    static func error(_ code: String, _ kind: AWSError.Kind, status: Int) -> AWSError {
        AWSError(kind: kind, code: code, message: "msg for \(code)", httpStatus: status, operation: "S3.ListObjectsV2")
    }

    @Test func s3FailuresNameTheSettingOrThePermission() {
        let missing = BedrockPreflight.s3Failure(Self.error("NoSuchBucket", .notFound, status: 404), bucket: "b-1", region: "us-east-1",
                                                 action: "s3:ListBucket", resource: "arn:aws:s3:::b-1")
        #expect(missing.message == "the bucket `b-1` does not exist (bedrock.bucket)")
        #expect(missing.hint?.contains("aws s3 mb s3://b-1 --region us-east-1") == true)
        let denied = BedrockPreflight.s3Failure(Self.error("AccessDenied", .accessDenied, status: 403), bucket: "b-1", region: "us-east-1",
                                                action: "s3:PutObject", resource: "arn:aws:s3:::b-1/quarry/*")
        #expect(denied.message == "access denied to the bucket `b-1`: the credentials need s3:PutObject on arn:aws:s3:::b-1/quarry/*")
        let moved = BedrockPreflight.s3Failure(Self.error("AuthorizationHeaderMalformed", .validation, status: 400), bucket: "b-1",
                                               region: "us-east-1", action: "s3:ListBucket", resource: "arn:aws:s3:::b-1")
        #expect(moved.message.hasPrefix("the bucket `b-1` is not in us-east-1") && moved.hint?.contains("bedrock.region") == true)
        let refused = BedrockPreflight.s3Failure(Self.error("InvalidAccessKeyId", .authentication, status: 403), bucket: "b-1",
                                                 region: "us-east-1", action: "s3:ListBucket", resource: "arn:aws:s3:::b-1")
        #expect(refused.message.hasPrefix("S3 refused the credentials (InvalidAccessKeyId)"))
    }

    @Test func bedrockFailuresNameTheAction() {
        let denied = BedrockPreflight.bedrockFailure(AWSError(kind: .accessDenied, code: "AccessDeniedException", message: "no", httpStatus: 403),
                                                     action: "bedrock:ListModelInvocationJobs", region: "eu-west-1")
        #expect(denied.message == "access denied by Bedrock: the credentials need bedrock:ListModelInvocationJobs in eu-west-1")
        let down = BedrockPreflight.bedrockFailure(AWSError(kind: .network, code: "ConnectionFailed", message: "refused"),
                                                   action: "bedrock:ListModelInvocationJobs", region: "eu-west-1")
        #expect(down.hint?.contains("did not answer after retries") == true)
    }

    @Test(arguments: [
        ("ThrottlingException", AWSError.Kind.throttled, BackendError.Kind.throttled),
        ("ServiceQuotaExceededException", .quota, .quotaExceeded),
        ("InternalServerException", .transient, .transient),
        ("ConnectionFailed", .network, .transient),
        ("ValidationException", .validation, .invalid),
        ("ConflictException", .conflict, .invalid),
        ("AccessDeniedException", .accessDenied, .accessDenied),
        ("UnrecognizedClientException", .authentication, .accessDenied),
        ("ResourceNotFoundException", .notFound, .notFound),
    ])
    func awsErrorsMapOntoBackendKinds(_ code: String, _ kind: AWSError.Kind, _ expected: BackendError.Kind) {
        let mapped = BedrockBackend.map(AWSError(kind: kind, code: code, message: "m"))
        #expect(mapped.kind == expected && mapped.code == code)
    }

    @Test func theRealtimeLimiterSpacesCalls() async throws {
        let limiter = RateLimiter(perSecond: 50)
        let start = ContinuousClock.now
        for _ in 0..<6 { try await limiter.acquire() }
        // Five intervals of 20 ms after the first call.
        #expect(ContinuousClock.now - start >= .milliseconds(95))
    }
}
