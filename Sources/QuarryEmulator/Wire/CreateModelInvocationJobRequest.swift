/// The body of Bedrock's `CreateModelInvocationJob` (`POST /model-invocation-job`), with Bedrock's
/// JSON member names so it can be decoded from, and encoded to, the real wire format.
public struct CreateModelInvocationJobRequest: Codable, Sendable, Equatable {
    /// Job name: `[a-zA-Z0-9]{1,63}(-*[a-zA-Z0-9\+\-\.]){0,63}`, at most 63 characters.
    public var jobName: String
    /// Service role: `arn:aws(-[^:]+)?:iam::([0-9]{12})?:role/.+`.
    public var roleArn: String
    /// Idempotency token; a repeated token returns the first job's ARN and creates nothing.
    public var clientRequestToken: String?
    /// Model id, inference-profile id or ARN.
    public var modelId: String
    /// Where the JSONL input lives.
    public var inputDataConfig: ModelInvocationJobInputDataConfig
    /// Where outputs are written (`<s3Uri>/<jobId>/...`).
    public var outputDataConfig: ModelInvocationJobOutputDataConfig
    /// VPC settings (echoed, not used).
    public var vpcConfig: VpcConfig?
    /// Hours after which the job times out, 24...168.
    public var timeoutDurationInHours: Int?
    /// Tags (echoed through the request only).
    public var tags: [Tag]?
    /// `InvokeModel` (default: each `modelInput` is the model's native body) or `Converse` (each
    /// `modelInput` is a Converse request; text models only).
    public var modelInvocationType: String?

    /// Creates a request.
    public init(jobName: String, roleArn: String, clientRequestToken: String? = nil, modelId: String,
                inputDataConfig: ModelInvocationJobInputDataConfig,
                outputDataConfig: ModelInvocationJobOutputDataConfig, vpcConfig: VpcConfig? = nil,
                timeoutDurationInHours: Int? = nil, tags: [Tag]? = nil, modelInvocationType: String? = nil) {
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

    /// Creates a request from plain S3 URIs.
    public init(jobName: String, roleArn: String, clientRequestToken: String? = nil, modelId: String,
                inputS3Uri: String, outputS3Uri: String, timeoutDurationInHours: Int? = nil) {
        self.init(jobName: jobName, roleArn: roleArn, clientRequestToken: clientRequestToken, modelId: modelId,
                  inputDataConfig: .init(s3InputDataConfig: .init(s3Uri: inputS3Uri)),
                  outputDataConfig: .init(s3OutputDataConfig: .init(s3Uri: outputS3Uri)),
                  timeoutDurationInHours: timeoutDurationInHours)
    }

    /// A tag.
    public struct Tag: Codable, Sendable, Equatable {
        /// Tag key.
        public var key: String
        /// Tag value.
        public var value: String
        /// Creates a tag.
        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }
}

/// The answer to `CreateModelInvocationJob`.
public struct CreateModelInvocationJobResponse: Codable, Sendable, Equatable {
    /// `arn:aws:bedrock:<region>:<account>:model-invocation-job/<12-char id>`.
    public var jobArn: String
    /// Creates a response.
    public init(jobArn: String) { self.jobArn = jobArn }
}

/// Bedrock's `ModelInvocationJobInputDataConfig` (a union with one member).
public struct ModelInvocationJobInputDataConfig: Codable, Sendable, Equatable {
    /// The S3 input settings.
    public var s3InputDataConfig: ModelInvocationJobS3InputDataConfig
    /// Creates an input configuration.
    public init(s3InputDataConfig: ModelInvocationJobS3InputDataConfig) { self.s3InputDataConfig = s3InputDataConfig }
}

/// Bedrock's `ModelInvocationJobS3InputDataConfig`.
public struct ModelInvocationJobS3InputDataConfig: Codable, Sendable, Equatable {
    /// One `.jsonl` object or a prefix holding `.jsonl` objects.
    public var s3Uri: String
    /// `JSONL` (the only format).
    public var s3InputFormat: String?
    /// Owner account of the bucket.
    public var s3BucketOwner: String?
    /// Creates S3 input settings.
    public init(s3Uri: String, s3InputFormat: String? = "JSONL", s3BucketOwner: String? = nil) {
        self.s3Uri = s3Uri
        self.s3InputFormat = s3InputFormat
        self.s3BucketOwner = s3BucketOwner
    }
}

/// Bedrock's `ModelInvocationJobOutputDataConfig` (a union with one member).
public struct ModelInvocationJobOutputDataConfig: Codable, Sendable, Equatable {
    /// The S3 output settings.
    public var s3OutputDataConfig: ModelInvocationJobS3OutputDataConfig
    /// Creates an output configuration.
    public init(s3OutputDataConfig: ModelInvocationJobS3OutputDataConfig) { self.s3OutputDataConfig = s3OutputDataConfig }
}

/// Bedrock's `ModelInvocationJobS3OutputDataConfig`.
public struct ModelInvocationJobS3OutputDataConfig: Codable, Sendable, Equatable {
    /// The output prefix; results go under `<s3Uri>/<jobId>/`.
    public var s3Uri: String
    /// KMS key (echoed, not used).
    public var s3EncryptionKeyId: String?
    /// Owner account of the bucket.
    public var s3BucketOwner: String?
    /// Creates S3 output settings.
    public init(s3Uri: String, s3EncryptionKeyId: String? = nil, s3BucketOwner: String? = nil) {
        self.s3Uri = s3Uri
        self.s3EncryptionKeyId = s3EncryptionKeyId
        self.s3BucketOwner = s3BucketOwner
    }
}

/// Bedrock's `VpcConfig`.
public struct VpcConfig: Codable, Sendable, Equatable {
    /// Subnets (1...16).
    public var subnetIds: [String]
    /// Security groups (1...5).
    public var securityGroupIds: [String]
    /// Creates a VPC configuration.
    public init(subnetIds: [String], securityGroupIds: [String]) {
        self.subnetIds = subnetIds
        self.securityGroupIds = securityGroupIds
    }
}
