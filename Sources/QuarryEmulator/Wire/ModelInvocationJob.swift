public import Foundation

/// Bedrock's `GetModelInvocationJob` response, also used as a `ListModelInvocationJobs` summary.
/// Dates encode as ISO 8601 with ``BedrockJSON``.
public struct ModelInvocationJob: Codable, Sendable, Equatable {
    public var jobArn: String
    public var jobName: String?
    /// The model id as submitted.
    public var modelId: String
    public var clientRequestToken: String?
    public var roleArn: String
    public var status: ModelInvocationJobStatus?
    /// Why the job failed or expired.
    public var message: String?
    public var submitTime: Date
    public var lastModifiedTime: Date?
    public var endTime: Date?
    public var inputDataConfig: ModelInvocationJobInputDataConfig
    public var outputDataConfig: ModelInvocationJobOutputDataConfig
    public var vpcConfig: VpcConfig?
    public var timeoutDurationInHours: Int?
    public var jobExpirationTime: Date?
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
    public var invocationJobSummaries: [ModelInvocationJob]
    /// Pass back to get the next page; absent on the last page.
    public var nextToken: String?
    public init(invocationJobSummaries: [ModelInvocationJob], nextToken: String?) {
        self.invocationJobSummaries = invocationJobSummaries
        self.nextToken = nextToken
    }
}

/// `ListModelInvocationJobs` sort order.
public enum ModelInvocationJobSortOrder: String, Codable, Sendable {
    case ascending = "Ascending"
    case descending = "Descending"
}
