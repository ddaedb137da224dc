import Foundation
import QuarryCore

extension BedrockEmulator {
    /// Bedrock `CreateModelInvocationJob`: validates the request, checks that the input exists and
    /// the per-model quota, and returns the new job's ARN. A repeated `clientRequestToken` returns
    /// the first job's ARN and creates nothing.
    ///
    /// - Throws: `ValidationException` (bad member, unknown model, missing input),
    ///   `ServiceQuotaExceededException` (too many unfinished jobs for the base model),
    ///   `ThrottlingException` (injected).
    public func createModelInvocationJob(_ request: CreateModelInvocationJobRequest) throws(EmulatorError) -> String {
        try maybeThrottle("CreateModelInvocationJob")
        try request.validateMembers()
        let resolved: ResolvedModel
        do { resolved = try ModelCatalog.resolve(request.modelId) } catch {
            throw .validation("The provided model identifier is invalid: \(error.description)")
        }
        if request.isConverse, resolved.adapter.kind != .text {
            throw .validation("The model \(request.modelId) does not support the Converse API. "
                + "Use modelInvocationType InvokeModel for embedding models.")
        }
        return try exclusive { () throws(EmulatorError) -> String in
            let now = self.now()
            var jobs = try loadAllJobs()
            if let token = request.clientRequestToken,
               let existing = jobs.first(where: { $0.request.clientRequestToken == token }) {
                return existing.jobArn
            }
            let inputFiles = try paths.inputFiles(for: request.inputDataConfig.s3InputDataConfig.s3Uri)
            guard paths.outputDirectory(outputS3Uri: request.outputDataConfig.s3OutputDataConfig.s3Uri, jobId: "x") != nil else {
                throw .validation("The provided output S3 URI \(request.outputDataConfig.s3OutputDataConfig.s3Uri) is not valid.")
            }
            var active = 0
            for i in jobs.indices where jobs[i].baseModelId == resolved.baseModelId {
                if !(try advance(&jobs[i], at: now).status.isTerminal) { active += 1 }
            }
            if active >= configuration.maxConcurrentJobsPerModel {
                throw EmulatorError(.serviceQuotaExceeded,
                    "The number of submitted and in-progress batch inference jobs for model \(resolved.baseModelId) "
                    + "has reached the quota of \(configuration.maxConcurrentJobsPerModel). Wait for a job to finish, "
                    + "or request a quota increase.")
            }
            let jobId = newJobId(request: request, now: now, existing: Set(jobs.map(\.jobId)))
            let job = StoredJob(
                jobId: jobId, jobArn: arn(jobId: jobId), request: request, baseModelId: resolved.baseModelId,
                submitTime: now, durationSeconds: max(0, configuration.jobSeconds),
                plan: JobPlan.roll(seed: configuration.seed, jobId: jobId, configuration: configuration),
                inputFiles: inputFiles)
            try directory.save(job)
            return job.jobArn
        }
    }

    /// A 12-character `[a-z0-9]` id, a hash of the seed, the request and the clock (so runs with an
    /// injected clock are reproducible), never one already used in this folder.
    func newJobId(request: CreateModelInvocationJobRequest, now: Date, existing: Set<String>) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
        var attempt = 0
        while true {
            var h = StableHash(seed: configuration.seed)
            h.combine("job-id")
            h.combine(request.jobName)
            h.combine(request.clientRequestToken ?? "")
            h.combine(request.modelId)
            h.combine(request.inputDataConfig.s3InputDataConfig.s3Uri)
            h.combine(now.timeIntervalSince1970.bitPattern)
            h.combine(existing.count)
            h.combine(attempt)
            var rng = SplitMix64(seed: h.value)
            let id = String(decoding: (0..<12).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }, as: UTF8.self)
            if !existing.contains(id), !FileManager.default.fileExists(atPath: directory.path(of: id)) { return id }
            attempt += 1
        }
    }
}
