import Foundation

/// Everything the emulator keeps about one job, persisted as `jobs/<jobId>.json` in the data folder.
/// The status is not stored: it is computed from ``submitTime``, the clock and the facts below, so
/// a job keeps advancing while no process is looking at it.
struct StoredJob: Codable, Sendable {
    /// Format version of this file.
    var version = 1
    var jobId: String
    var jobArn: String
    var request: CreateModelInvocationJobRequest
    /// The foundation-model id the quota is counted against.
    var baseModelId: String
    var submitTime: Date
    /// Seconds from submission to the end, fixed at creation (later configuration changes do not
    /// reshape existing jobs).
    var durationSeconds: Double
    /// How the job will end if nobody stops it, decided at creation.
    var plan: JobPlan
    /// The input objects, listed at creation.
    var inputFiles: [InputFile]
    /// When a stop was accepted.
    var stopTime: Date?
    /// Filled at the end of the Validating phase.
    var validation: ValidationResult?
    /// Filled once the job's outputs have been written (or it was decided none are due).
    var result: JobResult?

    /// One input object of the job.
    struct InputFile: Codable, Sendable, Equatable {
        /// The object key in the input bucket.
        var key: String
        /// Output object name relative to `<outputS3Uri>/<jobId>/` (`<name>.jsonl.out`).
        var outputName: String
    }

    /// What validation found.
    struct ValidationResult: Codable, Sendable {
        /// Records per input file, in ``StoredJob/inputFiles`` order.
        var recordsPerFile: [Int]
        var totalRecords: Int
        /// Share of records whose fate is an error line (for progress counters).
        var errorShare: Double
        /// Set when the job fails validation.
        var failureMessage: String?
    }

    /// The manifest of a finished job.
    struct JobResult: Codable, Sendable {
        /// Whether counters are reported (false when the job never ran).
        var ran: Bool
        var totalRecordCount: Int
        var processedRecordCount: Int
        var successRecordCount: Int
        var errorRecordCount: Int
        var inputTokenCount: Int
        var outputTokenCount: Int

        static let none = JobResult(ran: false, totalRecordCount: 0, processedRecordCount: 0, successRecordCount: 0,
                                    errorRecordCount: 0, inputTokenCount: 0, outputTokenCount: 0)
    }
}

/// How a job ends when left alone.
struct JobPlan: Codable, Sendable, Equatable {
    enum Outcome: String, Codable, Sendable {
        /// Every record processed.
        case complete
        /// Ends `PartiallyCompleted` having processed ``JobPlan/fraction`` of the records.
        case partial
        /// Ends `Failed` after processing ``JobPlan/fraction`` of the records.
        case fail
        /// Ends `Expired` at the end of `Scheduled`.
        case expire
    }

    var outcome: Outcome
    /// Share of records processed before the end (1 for `complete`, 0 for `expire`).
    var fraction: Double

    static let complete = JobPlan(outcome: .complete, fraction: 1)

    /// Rolls a job's fate from the configured rates (expiry first, then failure, then partial).
    static func roll(seed: UInt64, jobId: String, configuration c: EmulatorConfiguration) -> JobPlan {
        if StableHash.unit(seed: seed, "expire", jobId) < c.expiryRate { return JobPlan(outcome: .expire, fraction: 0) }
        if StableHash.unit(seed: seed, "fail", jobId) < c.jobFailureRate {
            return JobPlan(outcome: .fail, fraction: 0.1 + 0.6 * StableHash.unit(seed: seed, "fail-at", jobId))
        }
        if StableHash.unit(seed: seed, "partial", jobId) < c.partialRate {
            return JobPlan(outcome: .partial, fraction: 0.5 + 0.45 * StableHash.unit(seed: seed, "partial-share", jobId))
        }
        return .complete
    }
}
