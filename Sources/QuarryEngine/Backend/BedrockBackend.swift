import Foundation
import NIOCore
public import QuarryAWS
public import QuarryCore

/// Amazon Bedrock batch inference as a backend: the control plane (Create/Get/List/Stop
/// ModelInvocationJob) and, for the real-time lane, Bedrock Runtime InvokeModel under a rate limit.
///
/// Jobs carry the shard's deterministic `clientRequestToken`, so a repeated submission (a retry, or a
/// rerun after a crash between the call and its bookkeeping) returns the job created the first time.
public struct BedrockBackend: BatchBackend {
    let bedrock: BedrockClient
    let runtime: BedrockRuntimeClient
    let options: BedrockOptions
    let runName: String
    let limiter: RateLimiter

    public var name: String { options.endpoint.map { "Bedrock at \($0)" } ?? "Amazon Bedrock" }

    /// Creates the backend over the two clients, with the spec's `bedrock:` options.
    public init(bedrock: BedrockClient, runtime: BedrockRuntimeClient, options: BedrockOptions, runName: String) {
        self.bedrock = bedrock
        self.runtime = runtime
        self.options = options
        self.runName = runName
        self.limiter = RateLimiter(perSecond: options.realtimeRate)
    }

    /// The CreateModelInvocationJob request for a shard (tags, timeout, VPC and KMS settings from the spec).
    func createRequest(_ request: BatchJobRequest) -> CreateModelInvocationJobRequest {
        var tags = options.tags.sorted { $0.key < $1.key }.map { BedrockTag(key: $0.key, value: $0.value) }
        tags.append(BedrockTag(key: "quarry:run", value: runName))
        let vpc = options.subnetIds.isEmpty ? nil : BedrockVpcConfig(subnetIds: options.subnetIds, securityGroupIds: options.securityGroupIds)
        return CreateModelInvocationJobRequest(
            jobName: request.jobName, roleArn: options.roleArn, modelId: request.modelId,
            inputDataConfig: .init(s3Uri: request.inputURI.description),
            outputDataConfig: .init(s3Uri: request.outputURI.description, s3EncryptionKeyId: options.kmsKeyId),
            clientRequestToken: request.clientToken, vpcConfig: vpc, timeoutDurationInHours: options.timeoutHours, tags: tags)
    }

    public func submit(_ request: BatchJobRequest) async throws(BackendError) -> String {
        do { return try await bedrock.createModelInvocationJob(createRequest(request)) } catch { throw Self.map(error) }
    }

    public func list(namePrefix: String) async throws(BackendError) -> [BatchJobInfo] {
        do {
            // `nameContains` narrows the listing server-side; every page is followed.
            let jobs = try await bedrock.listAllModelInvocationJobs(ListModelInvocationJobsFilter(nameContains: namePrefix), pageSize: 1000)
            return jobs.filter { ($0.jobName ?? "").hasPrefix(namePrefix) }.map(Self.info)
        } catch { throw Self.map(error) }
    }

    public func describe(jobId: String) async throws(BackendError) -> BatchJobInfo {
        do { return Self.info(try await bedrock.getModelInvocationJob(jobId)) } catch { throw Self.map(error) }
    }

    public func stop(jobId: String) async throws(BackendError) {
        do { try await bedrock.stopModelInvocationJob(jobId) } catch { throw Self.map(error) }
    }

    /// Bedrock writes a job's outputs under `<outputS3Uri>/<job id>/`.
    public func outputPrefix(outputURI: S3URI, jobId: String) -> S3URI {
        let id = jobId.split(separator: "/").last.map(String.init) ?? jobId
        return outputURI.appending(id + "/")
    }

    public func invoke(modelId: String, body: [UInt8]) async throws(BackendError) -> [UInt8] {
        do {
            try await limiter.acquire()
            let output = try await runtime.invokeModel(modelId: modelId, body: body)
            return Array(output.body.readableBytesView)
        } catch { throw Self.map(error) }
    }

    static func info(_ job: ModelInvocationJob) -> BatchJobInfo {
        BatchJobInfo(jobId: job.jobArn, jobName: job.jobName ?? "", status: job.status?.rawValue ?? "Submitted", message: job.message,
                     totalRecords: job.totalRecordCount.map { Int($0) }, processedRecords: job.processedRecordCount.map { Int($0) })
    }

    /// Maps an AWS failure onto the scheduler's kinds: throttling → throttled, the job quota →
    /// quotaExceeded, 5xx and transport failures → transient, validation and conflicts → invalid,
    /// access and credential problems → accessDenied, unknown resources → notFound.
    static func map(_ error: any Error) -> BackendError {
        if let e = error as? BackendError { return e }
        if error is CancellationError { return BackendError(kind: .transient, code: "Cancelled", message: "the call was cancelled") }
        guard let e = error as? AWSError else { return BackendError(kind: .transient, code: "Unknown", message: String(describing: type(of: error))) }
        let kind: BackendError.Kind
        switch e.kind {
        case .throttled: kind = .throttled
        case .quota: kind = .quotaExceeded
        case .transient, .network, .integrity: kind = .transient
        case .accessDenied, .authentication, .credentials: kind = .accessDenied
        case .notFound: kind = .notFound
        case .validation, .conflict, .preconditionFailed, .configuration: kind = .invalid
        default: kind = (e.httpStatus ?? 0) >= 500 ? .transient : .invalid
        }
        return BackendError(kind: kind, code: e.code, message: e.message)
    }
}
