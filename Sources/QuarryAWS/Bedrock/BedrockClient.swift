import AWSSigning
import Foundation
import NIOCore

/// The Bedrock control plane calls for batch inference (model invocation jobs): rest-json,
/// SigV4 signing name `bedrock`, host `bedrock.{region}.amazonaws.com`.
///
/// Errors are ``AWSError``s; their ``AWSError/code`` is one of ``BedrockErrorCode`` and their kind
/// says what to do (`ThrottlingException` → ``AWSError/Kind/throttled``, retried here;
/// `ServiceQuotaExceededException` → ``AWSError/Kind/quota``, not retried: wait for a slot).
public struct BedrockClient: Sendable {
    /// The shared HTTP layer.
    public let http: AWSHTTPClient
    /// The region.
    public let region: String
    let endpoint: AWSEndpoint
    let signing: AWSSigningContext

    /// Creates a client for `region`; `endpoints` may point service `bedrock` elsewhere (an emulator).
    public init(http: AWSHTTPClient, credentials: any AWSCredentialProvider, region: String,
                endpoints: AWSEndpointResolver = AWSEndpointResolver()) throws {
        self.http = http
        self.region = region
        self.endpoint = try endpoints.endpoint(service: "bedrock", region: region)
        self.signing = AWSSigningContext(credentials: credentials, region: region, service: "bedrock")
    }

    /// Submits a batch job (CreateModelInvocationJob) and returns its ARN.
    ///
    /// Without a ``CreateModelInvocationJobRequest/clientRequestToken`` a random one is used, so the
    /// automatic retries can never create a second job. Pass a deterministic token to make the call
    /// idempotent across process restarts too.
    public func createModelInvocationJob(_ request: CreateModelInvocationJobRequest) async throws -> String {
        var request = request
        if request.clientRequestToken == nil { request.clientRequestToken = UUID().uuidString.lowercased() }
        let body = try BedrockJSON.encoder().encode(request)
        let response = try await send("CreateModelInvocationJob", "POST", path: "/model-invocation-job", body: body)
        struct Output: Decodable { var jobArn: String }
        return try BedrockJSON.decode(Output.self, from: response, operation: "Bedrock.CreateModelInvocationJob").jobArn
    }

    /// One job (GetModelInvocationJob), by ARN or 12-character id.
    public func getModelInvocationJob(_ jobIdentifier: String) async throws -> ModelInvocationJob {
        let response = try await send("GetModelInvocationJob", "GET",
                                      path: "/model-invocation-job/" + AWSPercentEncoding.encode(jobIdentifier))
        return try BedrockJSON.decode(ModelInvocationJob.self, from: response, operation: "Bedrock.GetModelInvocationJob")
    }

    /// One page of jobs (ListModelInvocationJobs).
    ///
    /// - Parameters:
    ///   - maxResults: 1…1000 per page.
    ///   - nextToken: The previous page's ``ModelInvocationJobPage/nextToken``.
    public func listModelInvocationJobs(_ filter: ListModelInvocationJobsFilter = ListModelInvocationJobsFilter(),
                                        maxResults: Int? = nil, nextToken: String? = nil) async throws -> ModelInvocationJobPage {
        var query: [(String, String?)] = []
        if let date = filter.submitTimeAfter { query.append(("submitTimeAfter", ISO8601.format(date))) }
        if let date = filter.submitTimeBefore { query.append(("submitTimeBefore", ISO8601.format(date))) }
        if let status = filter.statusEquals { query.append(("statusEquals", status.rawValue)) }
        if let name = filter.nameContains { query.append(("nameContains", name)) }
        if let maxResults { query.append(("maxResults", String(maxResults))) }
        if let nextToken { query.append(("nextToken", nextToken)) }
        if let sortBy = filter.sortBy { query.append(("sortBy", sortBy)) }
        if let sortOrder = filter.sortOrder { query.append(("sortOrder", sortOrder)) }
        let response = try await send("ListModelInvocationJobs", "GET", path: "/model-invocation-jobs", query: query)
        var page = try BedrockJSON.decode(ModelInvocationJobPage.self, from: response, operation: "Bedrock.ListModelInvocationJobs")
        if page.nextToken?.isEmpty == true { page.nextToken = nil }
        return page
    }

    /// Every job matching `filter`, following `nextToken` to the last page.
    public func listAllModelInvocationJobs(_ filter: ListModelInvocationJobsFilter = ListModelInvocationJobsFilter(),
                                           pageSize: Int = 1000) async throws -> [ModelInvocationJob] {
        var jobs: [ModelInvocationJob] = []
        var token: String?
        repeat {
            let page = try await listModelInvocationJobs(filter, maxResults: pageSize, nextToken: token)
            jobs += page.invocationJobSummaries
            token = page.nextToken
        } while token != nil
        return jobs
    }

    /// Asks Bedrock to stop a job (StopModelInvocationJob); it moves to Stopping, then Stopped.
    public func stopModelInvocationJob(_ jobIdentifier: String) async throws {
        _ = try await send("StopModelInvocationJob", "POST",
                           path: "/model-invocation-job/" + AWSPercentEncoding.encode(jobIdentifier) + "/stop")
    }

    private func send(_ operation: String, _ method: String, path: String, query: [(String, String?)] = [],
                      body: Data? = nil) async throws -> AWSResponse {
        var headers: [(String, String)] = [("Accept", "application/json")]
        if body != nil { headers.append(("Content-Type", "application/json")) }
        let request = AWSRequest(operation: "Bedrock.\(operation)", method: method, endpoint: endpoint, path: path,
                                 query: query, headers: headers, body: body.map { ByteBuffer(bytes: $0) })
        return try await http.execute(request, signing: signing)
    }
}

/// The error codes of the Bedrock APIs, as ``AWSError/code``.
public enum BedrockErrorCode {
    /// Input validation failed (HTTP 400) → ``AWSError/Kind/validation``.
    public static let validation = "ValidationException"
    /// A quota (concurrent jobs, records, size) is used up (HTTP 400) → ``AWSError/Kind/quota``.
    public static let serviceQuotaExceeded = "ServiceQuotaExceededException"
    /// Too many requests (HTTP 429) → ``AWSError/Kind/throttled``.
    public static let throttling = "ThrottlingException"
    /// Not allowed (HTTP 403) → ``AWSError/Kind/accessDenied``.
    public static let accessDenied = "AccessDeniedException"
    /// Unknown job, model or resource (HTTP 404) → ``AWSError/Kind/notFound``.
    public static let resourceNotFound = "ResourceNotFoundException"
    /// Conflicts with the resource's state (HTTP 400) → ``AWSError/Kind/conflict``.
    public static let conflict = "ConflictException"
    /// The service failed (HTTP 500) → ``AWSError/Kind/transient``.
    public static let internalServer = "InternalServerException"
    /// The service is unavailable (HTTP 503) → ``AWSError/Kind/transient``.
    public static let serviceUnavailable = "ServiceUnavailableException"
    /// The model failed on the input (Runtime, HTTP 424) → ``AWSError/Kind/validation``.
    public static let modelError = "ModelErrorException"
    /// The model timed out (Runtime, HTTP 408) → ``AWSError/Kind/transient``.
    public static let modelTimeout = "ModelTimeoutException"
}
