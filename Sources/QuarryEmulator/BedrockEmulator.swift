public import Foundation
import QuarryCore

/// An in-process, Bedrock-compatible batch inference service.
///
/// Jobs follow Bedrock's lifecycle on a scaled clock, computed from each job's submission time
/// whenever it is looked at, so jobs advance while no caller is running. State lives in
/// `dataDirectory` (one JSON file per job), so a new instance on the same folder — a restarted
/// process, or a second process — sees the same jobs. `storageRoot` stands in for S3:
/// `s3://bucket/key` is the file `<storageRoot>/bucket/key`.
///
/// The operations mirror Bedrock's (`CreateModelInvocationJob`, `GetModelInvocationJob`,
/// `ListModelInvocationJobs`, `StopModelInvocationJob`, and Bedrock Runtime `InvokeModel`) and
/// throw ``EmulatorError`` with Bedrock's error codes. Nothing here knows about HTTP.
public final class BedrockEmulator: Sendable {
    /// The folder holding the emulator's own state.
    public let dataDirectory: String
    /// The folder standing in for S3.
    public let storageRoot: String
    /// Timing, limits and faults.
    public let configuration: EmulatorConfiguration

    let now: @Sendable () -> Date
    let directory: JobDirectory
    let paths: ObjectStorePaths
    let lock: DirectoryLock
    /// Jobs whose outputs are written never change again; they are kept here instead of re-read.
    let finished = Locked<[String: StoredJob]>([:])
    /// Counts API calls, for reproducible throttling.
    let calls = Locked<UInt64>(0)

    /// Creates an emulator over a state folder and an object-store folder (both created on demand).
    public init(dataDirectory: String, storageRoot: String, configuration: EmulatorConfiguration = EmulatorConfiguration(),
                now: @escaping @Sendable () -> Date = Date.init) {
        self.dataDirectory = dataDirectory
        self.storageRoot = storageRoot
        self.configuration = configuration
        self.now = now
        directory = JobDirectory(root: dataDirectory)
        paths = ObjectStorePaths(root: storageRoot)
        lock = DirectoryLock(path: dataDirectory + "/lock")
    }

    // MARK: - Shared machinery

    /// Runs `body` holding the in-process and cross-process locks, with the data folder present.
    func exclusive<T>(_ body: () throws(EmulatorError) -> T) throws(EmulatorError) -> T {
        try directory.ensureExists()
        return try lock.withLock(body)
    }

    /// Answers `ThrottlingException` for a share of calls (``EmulatorConfiguration/throttleRate``).
    func maybeThrottle(_ operation: String) throws(EmulatorError) {
        guard configuration.throttleRate > 0 else { return }
        let n = calls.withLock { c -> UInt64 in
            c += 1
            return c
        }
        var h = StableHash(seed: configuration.seed)
        h.combine("throttle")
        h.combine(n)
        if h.unit < configuration.throttleRate {
            throw EmulatorError(.throttling, "Too many requests, please wait before trying again. (\(operation))")
        }
    }

    /// Loads a job, from the finished cache when possible. Call holding the lock.
    func loadJob(_ jobId: String) throws(EmulatorError) -> StoredJob? {
        if let job = finished.withLock({ $0[jobId] }) { return job }
        return try directory.load(jobId)
    }

    /// Loads every job. Call holding the lock.
    func loadAllJobs() throws(EmulatorError) -> [StoredJob] {
        var jobs: [StoredJob] = []
        for id in try directory.jobIds() {
            if let job = try loadJob(id) { jobs.append(job) }
        }
        return jobs
    }

    func timeline(_ job: StoredJob) -> JobTimeline {
        JobTimeline(submitTime: job.submitTime, duration: job.durationSeconds, plan: job.plan, stopTime: job.stopTime,
                    validationFailed: job.validation.map { $0.failureMessage != nil })
    }

    func processor(for job: StoredJob) throws(EmulatorError) -> RecordProcessor {
        let resolved: ResolvedModel
        do { resolved = try ModelCatalog.resolve(job.request.modelId) } catch {
            throw .internalError("resolve the model of job \(job.jobId)")
        }
        let adapter: any ModelAdapter = job.request.isConverse ? ConverseAdapter() : resolved.adapter
        return RecordProcessor(jobId: job.jobId, model: StandInModel(baseModelId: resolved.baseModelId, adapter: adapter),
                               faults: faultRules)
    }

    var faultRules: FaultRules {
        FaultRules(seed: configuration.seed, recordErrorRate: configuration.recordErrorRate,
                   permanentErrorRate: configuration.permanentErrorRate)
    }

    /// Brings a job up to `now`: runs validation when its phase has passed, writes outputs when it
    /// has ended, and persists whatever changed. Call holding the lock.
    func advance(_ job: inout StoredJob, at now: Date) throws(EmulatorError) -> JobTimeline.State {
        var changed = false
        defer {
            if changed { try? directory.save(job) }
        }
        while true {
            switch timeline(job).observe(at: now) {
            case .needsValidation:
                let validator = InputValidator(paths: paths, processor: try processor(for: job),
                                               minRecords: configuration.minRecordsPerJob,
                                               maxRecords: configuration.maxRecordsPerJob,
                                               maxFileBytes: configuration.maxInputFileBytes,
                                               maxJobBytes: configuration.maxJobBytes)
                job.validation = validator.validate(job)
                changed = true
            case .state(let state):
                if state.status.isTerminal, job.result == nil {
                    if state.ran {
                        let materializer = OutputMaterializer(paths: paths, processor: try processor(for: job),
                                                              seed: configuration.seed)
                        job.result = try materializer.materialize(job, fraction: state.progress)
                    } else {
                        job.result = StoredJob.JobResult.none
                    }
                    changed = true
                    try directory.save(job)
                    changed = false
                }
                if state.status.isTerminal, job.result != nil {
                    let finishedJob = job
                    finished.withLock { $0[finishedJob.jobId] = finishedJob }
                }
                return state
            }
        }
    }

    /// The Bedrock view of a job in a given state.
    func describe(_ job: StoredJob, _ state: JobTimeline.State) -> ModelInvocationJob {
        var view = ModelInvocationJob(
            jobArn: job.jobArn, jobName: job.request.jobName, modelId: job.request.modelId,
            clientRequestToken: job.request.clientRequestToken, roleArn: job.request.roleArn, status: state.status,
            submitTime: job.submitTime, lastModifiedTime: state.since, endTime: state.endTime,
            inputDataConfig: job.request.inputDataConfig, outputDataConfig: job.request.outputDataConfig,
            vpcConfig: job.request.vpcConfig, timeoutDurationInHours: job.request.timeoutDurationInHours,
            jobExpirationTime: job.submitTime + Double((job.request.timeoutDurationInHours ?? 24) * 3600),
            modelInvocationType: job.request.modelInvocationType ?? "InvokeModel")
        switch state.reason {
        case .validation: view.message = job.validation?.failureMessage
        case .injectedFailure:
            view.message = "The batch inference job failed because of an internal error after processing part of "
                + "its records. Outputs for the processed records are available; submit the rest in a new job."
        case .expired:
            view.message = "The batch inference job expired because it did not start before its timeout. Submit a new job."
        case nil: break
        }
        if let result = job.result, state.status.isTerminal {
            if result.ran {
                view.totalRecordCount = result.totalRecordCount
                view.processedRecordCount = result.processedRecordCount
                view.successRecordCount = result.successRecordCount
                view.errorRecordCount = result.errorRecordCount
            }
        } else if state.ran, let validation = job.validation {
            let total = validation.totalRecords
            let processed = min(total, Int((state.progress * Double(total)).rounded(.down)))
            let errors = min(processed, Int((Double(processed) * validation.errorShare).rounded()))
            view.totalRecordCount = total
            view.processedRecordCount = processed
            view.successRecordCount = processed - errors
            view.errorRecordCount = errors
        }
        return view
    }

    func arn(jobId: String) -> String {
        "arn:aws:bedrock:\(configuration.region):\(configuration.accountId):model-invocation-job/\(jobId)"
    }
}
