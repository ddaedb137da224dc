public import Foundation

/// The request of CreateModelInvocationJob (a Bedrock batch inference job).
public struct CreateModelInvocationJobRequest: Sendable, Hashable, Codable {
    /// 1–63 characters: letters, digits, `-`, `+`, `.`; starts with a letter or digit.
    public var jobName: String
    /// The service role Bedrock assumes to read the input and write the output.
    public var roleArn: String
    /// Idempotency token: a repeat with the same token returns the same job instead of a new one.
    public var clientRequestToken: String?
    /// A model id, inference profile id or ARN.
    public var modelId: String
    /// Where the JSONL input is.
    public var inputDataConfig: ModelInvocationJobInputDataConfig
    /// Where the output goes.
    public var outputDataConfig: ModelInvocationJobOutputDataConfig
    /// Run the job inside a VPC.
    public var vpcConfig: BedrockVpcConfig?
    /// 24–168 hours.
    public var timeoutDurationInHours: Int?
    /// Tags on the job.
    public var tags: [BedrockTag]?
    /// `InvokeModel` (default) or `Converse`.
    public var modelInvocationType: String?

    /// Creates a request.
    public init(jobName: String, roleArn: String, modelId: String, inputDataConfig: ModelInvocationJobInputDataConfig,
                outputDataConfig: ModelInvocationJobOutputDataConfig, clientRequestToken: String? = nil,
                vpcConfig: BedrockVpcConfig? = nil, timeoutDurationInHours: Int? = nil, tags: [BedrockTag]? = nil,
                modelInvocationType: String? = nil) {
        self.jobName = jobName
        self.roleArn = roleArn
        self.clientRequestToken = clientRequestToken
        self.modelId = modelId
        self.inputDataConfig = inputDataConfig
        self.outputDataConfig = outputDataConfig
        self.vpcConfig = vpcConfig
        self.timeoutDurationInHours = timeoutDurationInHours
        self.tags = tags
        self.modelInvocationType = modelInvocationType
    }
}

/// `inputDataConfig`: a union whose only member is `s3InputDataConfig`.
public struct ModelInvocationJobInputDataConfig: Sendable, Hashable, Codable {
    /// The S3 input.
    public var s3InputDataConfig: S3Input

    /// The S3 input location.
    public struct S3Input: Sendable, Hashable, Codable {
        /// `s3://bucket/prefix/` or a single `.jsonl` object.
        public var s3Uri: String
        /// `JSONL` (the only format).
        public var s3InputFormat: String?
        /// The bucket owner's account id, for cross-account buckets.
        public var s3BucketOwner: String?

        /// Creates a value.
        public init(s3Uri: String, s3InputFormat: String? = "JSONL", s3BucketOwner: String? = nil) {
            self.s3Uri = s3Uri
            self.s3InputFormat = s3InputFormat
            self.s3BucketOwner = s3BucketOwner
        }
    }

    /// Input read from `s3Uri`.
    public init(s3Uri: String, s3InputFormat: String? = "JSONL", s3BucketOwner: String? = nil) {
        self.s3InputDataConfig = S3Input(s3Uri: s3Uri, s3InputFormat: s3InputFormat, s3BucketOwner: s3BucketOwner)
    }
}

/// `outputDataConfig`: a union whose only member is `s3OutputDataConfig`.
public struct ModelInvocationJobOutputDataConfig: Sendable, Hashable, Codable {
    /// The S3 output.
    public var s3OutputDataConfig: S3Output

    /// The S3 output location.
    public struct S3Output: Sendable, Hashable, Codable {
        /// `s3://bucket/prefix/`; Bedrock writes under `<prefix>/<jobId>/`.
        public var s3Uri: String
        /// A KMS key id, ARN or alias to encrypt the output with.
        public var s3EncryptionKeyId: String?
        /// The bucket owner's account id, for cross-account buckets.
        public var s3BucketOwner: String?

        /// Creates a value.
        public init(s3Uri: String, s3EncryptionKeyId: String? = nil, s3BucketOwner: String? = nil) {
            self.s3Uri = s3Uri
            self.s3EncryptionKeyId = s3EncryptionKeyId
            self.s3BucketOwner = s3BucketOwner
        }
    }

    /// Output written under `s3Uri`.
    public init(s3Uri: String, s3EncryptionKeyId: String? = nil, s3BucketOwner: String? = nil) {
        self.s3OutputDataConfig = S3Output(s3Uri: s3Uri, s3EncryptionKeyId: s3EncryptionKeyId, s3BucketOwner: s3BucketOwner)
    }
}

/// `vpcConfig`.
public struct BedrockVpcConfig: Sendable, Hashable, Codable {
    /// 1–16 subnet ids.
    public var subnetIds: [String]
    /// 1–5 security group ids.
    public var securityGroupIds: [String]

    /// Creates a value.
    public init(subnetIds: [String], securityGroupIds: [String]) {
        self.subnetIds = subnetIds
        self.securityGroupIds = securityGroupIds
    }
}

/// A resource tag.
public struct BedrockTag: Sendable, Hashable, Codable {
    /// 1–128 characters.
    public var key: String
    /// 0–256 characters.
    public var value: String

    /// Creates a tag.
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// A batch job's status. Unknown values from newer service versions are kept as they are.
public struct ModelInvocationJobStatus: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The wire value, e.g. `InProgress`.
    public var rawValue: String
    /// Wraps a wire value.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Queued for validation.
    public static let submitted = Self(rawValue: "Submitted")
    /// Bedrock is checking the role, the files and the record counts.
    public static let validating = Self(rawValue: "Validating")
    /// Validated, waiting for capacity.
    public static let scheduled = Self(rawValue: "Scheduled")
    /// Running; output may start to appear.
    public static let inProgress = Self(rawValue: "InProgress")
    /// Finished; output available.
    public static let completed = Self(rawValue: "Completed")
    /// Finished without every record; output for the processed ones available.
    public static let partiallyCompleted = Self(rawValue: "PartiallyCompleted")
    /// Failed; see the job's message.
    public static let failed = Self(rawValue: "Failed")
    /// A stop was requested.
    public static let stopping = Self(rawValue: "Stopping")
    /// Stopped on request.
    public static let stopped = Self(rawValue: "Stopped")
    /// Never started before its timeout.
    public static let expired = Self(rawValue: "Expired")

    /// Whether the job can no longer change: Completed, PartiallyCompleted, Failed, Stopped, Expired.
    public var isTerminal: Bool {
        [.completed, .partiallyCompleted, .failed, .stopped, .expired].contains(self)
    }

    /// The wire value.
    public var description: String { rawValue }

    /// Decodes the wire string.
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    /// Encodes the wire string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// A batch job as GetModelInvocationJob returns it (and, with the same fields, a ListModelInvocationJobs summary).
public struct ModelInvocationJob: Sendable, Hashable, Codable {
    /// `arn:aws:bedrock:<region>:<account>:model-invocation-job/<id>`.
    public var jobArn: String
    /// The job's name.
    public var jobName: String?
    /// The model as submitted (id, profile or ARN).
    public var modelId: String
    /// The idempotency token it was created with.
    public var clientRequestToken: String?
    /// The service role.
    public var roleArn: String
    /// The status; `nil` if Bedrock omitted it.
    public var status: ModelInvocationJobStatus?
    /// The failure reason (may describe the input; treat as sensitive).
    public var message: String?
    /// When it was submitted.
    public var submitTime: Date
    /// When its status last changed.
    public var lastModifiedTime: Date?
    /// When it ended.
    public var endTime: Date?
    /// Its input location.
    public var inputDataConfig: ModelInvocationJobInputDataConfig
    /// Its output location.
    public var outputDataConfig: ModelInvocationJobOutputDataConfig
    /// Its VPC settings.
    public var vpcConfig: BedrockVpcConfig?
    /// Its timeout, 24–168 hours.
    public var timeoutDurationInHours: Int?
    /// When it times (or timed) out.
    public var jobExpirationTime: Date?
    /// `InvokeModel` or `Converse`.
    public var modelInvocationType: String?
    /// Record counters; unknown (0 or absent) until the job is in progress.
    public var totalRecordCount: Int64?
    /// Records processed so far.
    public var processedRecordCount: Int64?
    /// Records that succeeded.
    public var successRecordCount: Int64?
    /// Records that failed.
    public var errorRecordCount: Int64?

    /// The 12-character job id: the last component of ``jobArn``.
    public var jobId: String { String(jobArn.split(separator: "/").last ?? Substring(jobArn)) }
}

/// One page of ListModelInvocationJobs.
public struct ModelInvocationJobPage: Sendable, Hashable, Codable {
    /// The jobs on this page.
    public var invocationJobSummaries: [ModelInvocationJob]
    /// Pass to the next call; `nil` on the last page.
    public var nextToken: String?

    /// Creates a page.
    public init(invocationJobSummaries: [ModelInvocationJob], nextToken: String? = nil) {
        self.invocationJobSummaries = invocationJobSummaries
        self.nextToken = nextToken
    }
}

/// Filters of ListModelInvocationJobs.
public struct ListModelInvocationJobsFilter: Sendable, Hashable {
    /// Only jobs submitted after this time.
    public var submitTimeAfter: Date?
    /// Only jobs submitted before this time.
    public var submitTimeBefore: Date?
    /// Only jobs in this status.
    public var statusEquals: ModelInvocationJobStatus?
    /// Only jobs whose name contains this.
    public var nameContains: String?
    /// `CreationTime`.
    public var sortBy: String?
    /// `Ascending` or `Descending`.
    public var sortOrder: String?

    /// Creates a filter; every field is optional.
    public init(submitTimeAfter: Date? = nil, submitTimeBefore: Date? = nil, statusEquals: ModelInvocationJobStatus? = nil,
                nameContains: String? = nil, sortBy: String? = nil, sortOrder: String? = nil) {
        self.submitTimeAfter = submitTimeAfter
        self.submitTimeBefore = submitTimeBefore
        self.statusEquals = statusEquals
        self.nameContains = nameContains
        self.sortBy = sortBy
        self.sortOrder = sortOrder
    }
}
