import AWSSigning
import Foundation
import NIOCore
import Testing
@testable import QuarryAWS

func withFakeBedrock<T>(_ fake: FakeBedrock = FakeBedrock(), maxAttempts: Int = 3,
                        _ body: (BedrockClient, FakeServer, RecordingClock) async throws -> T) async throws -> T {
    try await withFakeServer({ fake.handle($0) }) { server in
        try await withHTTPClient(maxAttempts: maxAttempts) { http, clock in
            let client = try BedrockClient(http: http, credentials: StaticCredentialProvider(testCredentials), region: "us-east-1",
                                           endpoints: AWSEndpointResolver(overrides: ["bedrock": server.url]))
            return try await body(client, server, clock)
        }
    }
}

let fullJobRequest = CreateModelInvocationJobRequest(
    jobName: "claims-embed-2026-11-24-part-0001", roleArn: "arn:aws:iam::123456789012:role/BedrockBatch",
    modelId: "amazon.titan-embed-text-v2:0",
    inputDataConfig: .init(s3Uri: "s3://in-bucket/jobs/0001/", s3BucketOwner: "123456789012"),
    outputDataConfig: .init(s3Uri: "s3://out-bucket/jobs/0001/", s3EncryptionKeyId: "arn:aws:kms:us-east-1:123456789012:key/k-1"),
    clientRequestToken: "5d0c1e3a-run-0001", vpcConfig: .init(subnetIds: ["subnet-1", "subnet-2"], securityGroupIds: ["sg-1"]),
    timeoutDurationInHours: 72, tags: [.init(key: "project", value: "quarry")], modelInvocationType: "InvokeModel")

let fullJobParams = """
    {"jobName": "claims-embed-2026-11-24-part-0001", "roleArn": "arn:aws:iam::123456789012:role/BedrockBatch",
     "clientRequestToken": "5d0c1e3a-run-0001", "modelId": "amazon.titan-embed-text-v2:0",
     "inputDataConfig": {"s3InputDataConfig": {"s3Uri": "s3://in-bucket/jobs/0001/", "s3InputFormat": "JSONL", "s3BucketOwner": "123456789012"}},
     "outputDataConfig": {"s3OutputDataConfig": {"s3Uri": "s3://out-bucket/jobs/0001/", "s3EncryptionKeyId": "arn:aws:kms:us-east-1:123456789012:key/k-1"}},
     "vpcConfig": {"subnetIds": ["subnet-1", "subnet-2"], "securityGroupIds": ["sg-1"]},
     "timeoutDurationInHours": 72, "tags": [{"key": "project", "value": "quarry"}], "modelInvocationType": "InvokeModel"}
    """

@Suite("Bedrock control plane client")
struct BedrockClientTests {
    @Test("CreateModelInvocationJob: method, path and JSON body equal botocore's; signed for 'bedrock'")
    func createMatchesBotocore() async throws {
        try await withFakeBedrock { client, server, _ in
            let arn = try await client.createModelInvocationJob(fullJobRequest)
            #expect(arn == FakeBedrock.arn("job000000001"))
            let sent = try #require(server.requests.first)
            let reference = try await BotocoreRequest.serialize(service: "bedrock", operation: "CreateModelInvocationJob", params: fullJobParams)
            #expect(sent.method == reference.method)
            #expect(sent.path == reference.path)
            #expect(try canonicalJSON(bytes: sent.body) == reference.body)
            #expect(sent.header("Content-Type") == "application/json")
            #expect(sent.header("Authorization")?.contains("/us-east-1/bedrock/aws4_request") == true)
        }
    }

    @Test("Without a token, one is generated and reused by the retries, so a retry cannot create a second job")
    func idempotentRetries() async throws {
        let fake = FakeBedrock()
        fake.injected.withLock { $0 = [(500, "InternalServerException"), (429, "ThrottlingException")] }
        try await withFakeBedrock(fake) { client, server, clock in
            var request = fullJobRequest
            request.clientRequestToken = nil
            let arn = try await client.createModelInvocationJob(request)
            #expect(arn == FakeBedrock.arn("job000000001"))
            #expect(clock.sleeps.count == 2)
            let tokens = try server.requests.map { request -> String in
                let object = try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
                return try #require(object["clientRequestToken"] as? String)
            }
            #expect(tokens.count == 3)
            #expect(Set(tokens).count == 1)
            // The same token again returns the same job.
            request.clientRequestToken = tokens[0]
            #expect(try await client.createModelInvocationJob(request) == arn)
        }
    }

    @Test("GetModelInvocationJob by ARN (percent-encoded like botocore) and by id; fields decoded")
    func get() async throws {
        try await withFakeBedrock { client, server, _ in
            let arn = try await client.createModelInvocationJob(fullJobRequest)
            let job = try await client.getModelInvocationJob(arn)
            #expect(job.jobArn == arn)
            #expect(job.jobId == "job000000001")
            #expect(job.status == .submitted)
            #expect(job.status?.isTerminal == false)
            #expect(job.jobName == fullJobRequest.jobName)
            #expect(job.inputDataConfig == fullJobRequest.inputDataConfig)
            #expect(job.outputDataConfig == fullJobRequest.outputDataConfig)
            #expect(job.vpcConfig == fullJobRequest.vpcConfig)
            #expect(job.timeoutDurationInHours == 72)
            #expect(job.totalRecordCount == 1000)
            #expect(abs(job.submitTime.timeIntervalSince1970 - ISO8601.parse("2026-11-24T10:00:00Z")!.timeIntervalSince1970 - 0.123456) < 0.001)
            #expect(job.lastModifiedTime == ISO8601.parse("2026-11-24T10:05:00Z"))
            let reference = try await BotocoreRequest.serialize(service: "bedrock", operation: "GetModelInvocationJob",
                                                          params: #"{"jobIdentifier": "\#(arn)"}"#)
            #expect(server.requests.last?.path == reference.path)
            #expect(try await client.getModelInvocationJob(job.jobId).jobArn == arn)
            let missing = await awsError { _ = try await client.getModelInvocationJob("zzzzzzzzzzzz") }
            #expect(missing?.kind == .notFound)
            #expect(missing?.code == BedrockErrorCode.resourceNotFound)
        }
    }

    @Test("ListModelInvocationJobs: query equals botocore's; nextToken pagination collects every job")
    func list() async throws {
        try await withFakeBedrock { client, server, _ in
            for index in 1...7 {
                var request = fullJobRequest
                request.jobName = index % 2 == 0 ? "even-\(index)" : "odd-\(index)"
                request.clientRequestToken = "token-\(index)"
                _ = try await client.createModelInvocationJob(request)
            }
            let filter = ListModelInvocationJobsFilter(submitTimeAfter: ISO8601.parse("2026-01-01T00:00:00Z"),
                                                       statusEquals: .submitted, nameContains: "odd",
                                                       sortBy: "CreationTime", sortOrder: "Descending")
            let first = try await client.listModelInvocationJobs(filter, maxResults: 2)
            #expect(first.invocationJobSummaries.map(\.jobName) == ["odd-1", "odd-3"])
            #expect(first.nextToken == "2")
            let reference = try await BotocoreRequest.serialize(service: "bedrock", operation: "ListModelInvocationJobs", params: """
                {"submitTimeAfter": "2026-01-01T00:00:00Z", "statusEquals": "Submitted", "nameContains": "odd",
                 "maxResults": 2, "sortBy": "CreationTime", "sortOrder": "Descending"}
                """)
            let sent = try #require(server.requests.last)
            #expect(sent.path == reference.path)
            #expect(sent.query == reference.query)
            let all = try await client.listAllModelInvocationJobs(ListModelInvocationJobsFilter(nameContains: "odd"), pageSize: 2)
            #expect(all.map(\.jobName) == ["odd-1", "odd-3", "odd-5", "odd-7"])
            #expect(try await client.listAllModelInvocationJobs(pageSize: 3).count == 7)
        }
    }

    @Test("StopModelInvocationJob: path equals botocore's; stopping twice is a conflict")
    func stop() async throws {
        try await withFakeBedrock { client, server, _ in
            let arn = try await client.createModelInvocationJob(fullJobRequest)
            try await client.stopModelInvocationJob(arn)
            let reference = try await BotocoreRequest.serialize(service: "bedrock", operation: "StopModelInvocationJob",
                                                          params: #"{"jobIdentifier": "\#(arn)"}"#)
            #expect(server.requests.last?.method == reference.method)
            #expect(server.requests.last?.path == reference.path)
            #expect(try await client.getModelInvocationJob(arn).status == .stopped)
            let again = await awsError { try await client.stopModelInvocationJob(arn) }
            #expect(again?.kind == .conflict)
            #expect(again?.code == BedrockErrorCode.conflict)
        }
    }

    @Test("Error shapes map to kinds; quota and validation are not retried", arguments: [
        (400, "ValidationException", AWSError.Kind.validation, 1), (400, "ServiceQuotaExceededException", .quota, 1),
        (403, "AccessDeniedException", .accessDenied, 1), (404, "ResourceNotFoundException", .notFound, 1),
        (400, "ConflictException", .conflict, 1), (429, "ThrottlingException", .throttled, 3),
        (500, "InternalServerException", .transient, 3), (503, "ServiceUnavailableException", .transient, 3),
    ])
    func errors(status: Int, code: String, kind: AWSError.Kind, attempts: Int) async throws {
        let fake = FakeBedrock()
        fake.injected.withLock { $0 = Array(repeating: (status, code), count: 5) }
        try await withFakeBedrock(fake, maxAttempts: 3) { client, server, _ in
            let error = await awsError { _ = try await client.createModelInvocationJob(fullJobRequest) }
            #expect(error?.code == code)
            #expect(error?.kind == kind)
            #expect(error?.httpStatus == status)
            #expect(error?.requestId == "fake-\(code)")
            #expect(error?.message == "injected \(code)")
            #expect(server.requests.count == attempts)
        }
    }

    @Test("The concurrent-job quota surfaces as .quota once the fake's limit is reached")
    func quota() async throws {
        try await withFakeBedrock(FakeBedrock(quota: 2)) { client, _, _ in
            for index in 1...2 {
                var request = fullJobRequest
                request.jobName = "job-\(index)"
                request.clientRequestToken = "t-\(index)"
                _ = try await client.createModelInvocationJob(request)
            }
            var third = fullJobRequest
            third.jobName = "job-3"
            third.clientRequestToken = "t-3"
            #expect(await awsError { _ = try await client.createModelInvocationJob(third) }?.kind == .quota)
        }
    }
}

@Suite("Bedrock Runtime client")
struct BedrockRuntimeClientTests {
    @Test("InvokeModel: POST /model/{id}/invoke with the id percent-encoded as botocore does, signed for 'bedrock'")
    func invokeModel() async throws {
        let modelId = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0"
        try await withFakeServer({ _ in
            .json(#"{"content":[{"text":"hi"}]}"#, headers: [("X-Amzn-Bedrock-Input-Token-Count", "12"), ("X-Amzn-Bedrock-Output-Token-Count", "3")])
        }) { server in
            try await withHTTPClient { http, _ in
                let client = try BedrockRuntimeClient(http: http, credentials: StaticCredentialProvider(testCredentials), region: "us-east-1",
                                                      endpoints: AWSEndpointResolver(overrides: ["bedrock-runtime": server.url]))
                let output = try await client.invokeModel(modelId: modelId, body: Array(#"{"messages":[]}"#.utf8))
                #expect(String(buffer: output.body) == #"{"content":[{"text":"hi"}]}"#)
                #expect(output.inputTokenCount == 12)
                #expect(output.outputTokenCount == 3)
            }
            let sent = try #require(server.requests.first)
            let reference = try await BotocoreRequest.serialize(service: "bedrock-runtime", operation: "InvokeModel",
                                                          params: #"{"modelId": "\#(modelId)", "body": "{\"messages\":[]}"}"#)
            #expect(sent.method == reference.method)
            #expect(sent.path == reference.path)
            #expect(try canonicalJSON(bytes: sent.body) == reference.body)
            #expect(sent.header("Authorization")?.contains("/us-east-1/bedrock/aws4_request") == true)
        }
    }
}
