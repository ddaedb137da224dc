public import Foundation

extension BedrockEmulator {
    /// Bedrock `GetModelInvocationJob`. `identifier` is the job ARN or its 12-character id.
    /// Observing a job that has ended writes its outputs (once).
    ///
    /// - Throws: `ValidationException` (malformed identifier), `ResourceNotFoundException`, `ThrottlingException`.
    public func getModelInvocationJob(identifier: String) throws(EmulatorError) -> ModelInvocationJob {
        try maybeThrottle("GetModelInvocationJob")
        let jobId = try Self.parseIdentifier(identifier)
        return try exclusive { () throws(EmulatorError) -> ModelInvocationJob in
            guard var job = try loadJob(jobId) else { throw Self.notFound(identifier) }
            let state = try advance(&job, at: now())
            return describe(job, state)
        }
    }

    /// Bedrock `ListModelInvocationJobs`: jobs filtered by name substring, status and submission time,
    /// newest first by default, in pages of `maxResults` (1...1000). Pass the returned `nextToken`
    /// back for the next page.
    ///
    /// - Throws: `ValidationException` (bad `maxResults` or `nextToken`), `ThrottlingException`.
    public func listModelInvocationJobs(
        nameContains: String? = nil, statusEquals: ModelInvocationJobStatus? = nil, maxResults: Int? = nil,
        nextToken: String? = nil, submitTimeAfter: Date? = nil, submitTimeBefore: Date? = nil,
        sortOrder: ModelInvocationJobSortOrder = .descending
    ) throws(EmulatorError) -> (summaries: [ModelInvocationJob], nextToken: String?) {
        try maybeThrottle("ListModelInvocationJobs")
        let limit = maxResults ?? 1000
        guard (1...1000).contains(limit) else {
            throw .constraint("maxResults", value: String(limit), "have value less than or equal to 1000 and greater than or equal to 1")
        }
        if let nameContains {
            if nameContains.isEmpty || nameContains.utf8.count > 63 {
                throw .constraint("nameContains", value: nameContains, "have length less than or equal to 63 and greater than or equal to 1")
            }
            if !CreateModelInvocationJobRequest.isValidJobName(nameContains) {
                throw .pattern("nameContains", value: nameContains, pattern: CreateModelInvocationJobRequest.jobNamePattern)
            }
        }
        return try exclusive { () throws(EmulatorError) -> ([ModelInvocationJob], String?) in
            let now = self.now()
            var jobs = try loadAllJobs()
            jobs.sort { a, b in
                if a.submitTime != b.submitTime {
                    return sortOrder == .ascending ? a.submitTime < b.submitTime : a.submitTime > b.submitTime
                }
                return sortOrder == .ascending ? a.jobId < b.jobId : a.jobId > b.jobId
            }
            var start = 0
            if let token = nextToken {
                guard let i = jobs.firstIndex(where: { $0.jobId == token }) else {
                    throw .validation("The provided nextToken is not valid. Start again without a nextToken.")
                }
                start = i + 1
            }
            var page: [ModelInvocationJob] = []
            var index = start
            while index < jobs.count, page.count < limit {
                var job = jobs[index]
                index += 1
                if let nameContains, !job.request.jobName.contains(nameContains) { continue }
                if let submitTimeAfter, job.submitTime <= submitTimeAfter { continue }
                if let submitTimeBefore, job.submitTime >= submitTimeBefore { continue }
                let state = try advance(&job, at: now)
                if let statusEquals, state.status != statusEquals { continue }
                page.append(describe(job, state))
            }
            let more = index < jobs.count
            return (page, more ? jobs[index - 1].jobId : nil)
        }
    }

    /// Bedrock `StopModelInvocationJob`: the job shows `Stopping`, then `Stopped`, with outputs for
    /// the records processed before the stop. Stopping a job that is already stopping does nothing.
    ///
    /// - Throws: `ConflictException` (the job has already ended), `ResourceNotFoundException`,
    ///   `ValidationException`, `ThrottlingException`.
    public func stopModelInvocationJob(identifier: String) throws(EmulatorError) {
        try maybeThrottle("StopModelInvocationJob")
        let jobId = try Self.parseIdentifier(identifier)
        try exclusive { () throws(EmulatorError) in
            guard var job = try loadJob(jobId) else { throw Self.notFound(identifier) }
            let now = self.now()
            let state = try advance(&job, at: now)
            if state.status == .stopping { return }
            if state.status.isTerminal {
                throw EmulatorError(.conflict, "The job \(job.jobArn) has already ended with status \(state.status.rawValue) and cannot be stopped.")
            }
            job.stopTime = now
            try directory.save(job)
            _ = try advance(&job, at: now)
        }
    }

    static func parseIdentifier(_ identifier: String) throws(EmulatorError) -> String {
        guard let id = CreateModelInvocationJobRequest.jobId(fromIdentifier: identifier) else {
            throw .pattern("jobIdentifier", value: identifier,
                           pattern: "((arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:model-invocation-job/)?[a-z0-9]{12})")
        }
        return id
    }

    static func notFound(_ identifier: String) -> EmulatorError {
        EmulatorError(.resourceNotFound, "The specified model invocation job \(identifier) was not found.")
    }
}
