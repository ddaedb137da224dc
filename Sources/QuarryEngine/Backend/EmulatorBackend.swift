import Foundation
public import QuarryCore
import QuarryEmulator

/// The built-in Bedrock emulator as a backend, in process. Its state lives in its own folder
/// (`<state>/emulator`) and its jobs advance by the clock whether or not Quarry is running.
public struct EmulatorBackend: BatchBackend {
    let emulator: BedrockEmulator
    /// The service role the emulated jobs "assume".
    static let roleArn = "arn:aws:iam::123456789012:role/QuarryEmulator"

    public var name: String { "the Bedrock emulator" }

    /// Creates the backend over a state folder, with the spec's `emulator:` options.
    public init(spec: RunSpec, stateDirectory: String) throws(QuarryError) {
        let o = spec.emulator
        let config = EmulatorConfiguration(jobSeconds: o.jobSeconds, recordErrorRate: o.recordErrorRate, permanentErrorRate: o.permanentErrorRate,
                                           jobFailureRate: o.jobFailureRate, throttleRate: o.throttleRate, expiryRate: o.expiryRate,
                                           partialRate: o.partialRate, maxConcurrentJobsPerModel: o.maxConcurrentJobs,
                                           minRecordsPerJob: o.minRecordsPerJob, maxRecordsPerJob: o.maxRecordsPerJob,
                                           seed: UInt64(o.seed))
        emulator = BedrockEmulator(dataDirectory: RunPaths.emulator(state: stateDirectory), storageRoot: RunPaths.objects(state: stateDirectory),
                                   configuration: config)
    }

    static func map(_ e: EmulatorError) -> BackendError {
        let kind: BackendError.Kind
        switch e.code {
        case .throttling: kind = .throttled
        case .serviceQuotaExceeded: kind = .quotaExceeded
        case .resourceNotFound: kind = .notFound
        case .accessDenied: kind = .accessDenied
        case .validation, .conflict: kind = .invalid
        default: kind = e.isRetryable ? .transient : .invalid
        }
        return BackendError(kind: kind, code: e.code.name, message: e.message)
    }

    static func info(_ job: ModelInvocationJob) -> BatchJobInfo {
        BatchJobInfo(jobId: job.jobArn, jobName: job.jobName ?? "", status: job.status?.rawValue ?? "Submitted", message: job.message,
                     totalRecords: job.totalRecordCount, processedRecords: job.processedRecordCount)
    }

    public func submit(_ request: BatchJobRequest) async throws(BackendError) -> String {
        do {
            return try emulator.createModelInvocationJob(CreateModelInvocationJobRequest(
                jobName: request.jobName, roleArn: Self.roleArn, clientRequestToken: request.clientToken, modelId: request.modelId,
                inputS3Uri: request.inputURI.description, outputS3Uri: request.outputURI.description, timeoutDurationInHours: 72))
        } catch { throw Self.map(error) }
    }

    public func list(namePrefix: String) async throws(BackendError) -> [BatchJobInfo] {
        var out: [BatchJobInfo] = []
        var token: String?
        repeat {
            do {
                let page = try emulator.listModelInvocationJobs(nameContains: namePrefix, maxResults: 1000, nextToken: token)
                out += page.summaries.filter { ($0.jobName ?? "").hasPrefix(namePrefix) }.map(Self.info)
                token = page.nextToken
            } catch { throw Self.map(error) }
        } while token != nil
        return out
    }

    public func describe(jobId: String) async throws(BackendError) -> BatchJobInfo {
        do { return Self.info(try emulator.getModelInvocationJob(identifier: jobId)) } catch { throw Self.map(error) }
    }

    public func stop(jobId: String) async throws(BackendError) {
        do { try emulator.stopModelInvocationJob(identifier: jobId) } catch { throw Self.map(error) }
    }

    public func outputPrefix(outputURI: S3URI, jobId: String) -> S3URI {
        let id = jobId.split(separator: "/").last.map(String.init) ?? jobId
        return outputURI.appending(id + "/")
    }

    public func invoke(modelId: String, body: [UInt8]) async throws(BackendError) -> [UInt8] {
        do { return try emulator.invokeModel(modelId: modelId, body: body) } catch { throw Self.map(error) }
    }
}
