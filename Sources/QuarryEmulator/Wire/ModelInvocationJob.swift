public import Foundation

/// Bedrock's `GetModelInvocationJob` response, also used as a `ListModelInvocationJobs` summary.
/// Dates encode as ISO 8601 with ``BedrockJSON``.
public struct ModelInvocationJob: Codable, Sendable, Equatable {
    /// `arn:aws:bedrock:<region>:<account>:model-invocation-job/<jobId>`.
    public var jobArn: String
    /// The name given at creation.
    public var jobName: String?
    /// The model id as submitted.
    public var modelId: String
    /// The idempotency token given at creation.
    public var clientRequestToken: String?
    /// The service role given at creation.
    public var roleArn: String
    /// Where the job stands now.
    public var status: ModelInvocationJobStatus?
    /// Why the job failed or expired.
    public var message: String?
    /// When the job was created.
    public var submitTime: Date
    /// When the job entered its current status.
    public var lastModifiedTime: Date?
    /// When the job ended (terminal statuses only).
    public var endTime: Date?
    /// The input location, as submitted.
    public var inputDataConfig: ModelInvocationJobInputDataConfig
    /// The output location, as submitted.
    public var outputDataConfig: ModelInvocationJobOutputDataConfig
    /// VPC settings, as submitted.
    public var vpcConfig: VpcConfig?
    /// The timeout given at creation.
    public var timeoutDurationInHours: Int?
    /// When the job times out (submission time plus the timeout, 24 hours by default; not scaled).
    public var jobExpirationTime: Date?
    /// `InvokeModel`.
    public var modelInvocationType: String?
    /// Records in the input; absent until the job is `InProgress`.
    public var totalRecordCount: Int?
    /// Records processed so far.
    public var processedRecordCount: Int?
    /// Records that succeeded so far.
    public var successRecordCount: Int?
    /// Records that failed so far.
    public var errorRecordCount: Int?

    /// The 12-character job id (the last component of ``jobArn``).
    public var jobId: String {
        guard let slash = jobArn.lastIndex(of: "/") else { return jobArn }
        return String(jobArn[jobArn.index(after: slash)...])
    }

    /// Creates a job description.
    public init(jobArn: String, jobName: String?, modelId: String, clientRequestToken: String?, roleArn: String,
                status: ModelInvocationJobStatus?, message: String? = nil, submitTime: Date,
                lastModifiedTime: Date? = nil, endTime: Date? = nil,
                inputDataConfig: ModelInvocationJobInputDataConfig,
                outputDataConfig: ModelInvocationJobOutputDataConfig, vpcConfig: VpcConfig? = nil,
                timeoutDurationInHours: Int? = nil, jobExpirationTime: Date? = nil,
                modelInvocationType: String? = nil, totalRecordCount: Int? = nil,
                processedRecordCount: Int? = nil, successRecordCount: Int? = nil, errorRecordCount: Int? = nil) {
        self.jobArn = jobArn
        self.jobName = jobName
        self.modelId = modelId
        self.clientRequestToken = clientRequestToken
        self.roleArn = roleArn
        self.status = status
        self.message = message
        self.submitTime = submitTime
        self.lastModifiedTime = lastModifiedTime
        self.endTime = endTime
        self.inputDataConfig = inputDataConfig
        self.outputDataConfig = outputDataConfig
        self.vpcConfig = vpcConfig
        self.timeoutDurationInHours = timeoutDurationInHours
        self.jobExpirationTime = jobExpirationTime
        self.modelInvocationType = modelInvocationType
        self.totalRecordCount = totalRecordCount
        self.processedRecordCount = processedRecordCount
        self.successRecordCount = successRecordCount
        self.errorRecordCount = errorRecordCount
    }
}

/// The answer to `ListModelInvocationJobs`.
public struct ListModelInvocationJobsResponse: Codable, Sendable, Equatable {
    /// One page of jobs.
    public var invocationJobSummaries: [ModelInvocationJob]
    /// Pass back to get the next page; absent on the last page.
    public var nextToken: String?
    /// Creates a page.
    public init(invocationJobSummaries: [ModelInvocationJob], nextToken: String?) {
        self.invocationJobSummaries = invocationJobSummaries
        self.nextToken = nextToken
    }
}

/// `ListModelInvocationJobs` sort order.
public enum ModelInvocationJobSortOrder: String, Codable, Sendable {
    /// Oldest first.
    case ascending = "Ascending"
    /// Newest first (the default).
    case descending = "Descending"
}
