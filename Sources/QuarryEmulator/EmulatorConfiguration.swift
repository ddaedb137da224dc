/// How the emulated Bedrock batch service behaves: timing, limits, identity and injected faults.
///
/// Every fault is decided by a stable hash of ``seed`` and the job or record it applies to, so a run
/// with the same seed, inputs and clock produces byte-identical outputs.
public struct EmulatorConfiguration: Sendable, Equatable {
    /// Wall-clock seconds from submission to the end of a job (split 5% Submitted, 5% Validating,
    /// 10% Scheduled, 80% InProgress). `0` makes jobs finish on the first look.
    public var jobSeconds: Double = 2
    /// Share of records that fail with a retryable error (429 / 500 / 503), rolled per job and record.
    public var recordErrorRate: Double = 0
    /// Share of records that fail with a permanent 400 error, stable across retries (rolled on the input).
    public var permanentErrorRate: Double = 0
    /// Share of jobs that end `Failed` part-way through, with outputs for what they processed.
    public var jobFailureRate: Double = 0
    /// Share of API calls (control plane and InvokeModel) answered with `ThrottlingException`.
    public var throttleRate: Double = 0
    /// Share of jobs that go `Scheduled` → `Expired` without processing anything.
    public var expiryRate: Double = 0
    /// Share of jobs that end `PartiallyCompleted`: some records are missing from the output.
    public var partialRate: Double = 0
    /// Non-terminal jobs allowed per base model; one more is refused with `ServiceQuotaExceededException`.
    public var maxConcurrentJobsPerModel: Int = 20
    /// Fewest records a job may hold; fewer ends the job `Failed` during validation.
    public var minRecordsPerJob: Int = 100
    /// Most records a job may hold; more ends the job `Failed` during validation.
    public var maxRecordsPerJob: Int = 50_000
    /// Largest input file in bytes (Bedrock: 1 GB); a larger one ends the job `Failed` during validation.
    public var maxInputFileBytes: Int = 1_000_000_000
    /// Largest total input in bytes (Bedrock: 5 GB for most models); more ends the job `Failed` during validation.
    public var maxJobBytes: Int = 5_000_000_000
    /// The Region in job ARNs.
    public var region: String = "us-east-1"
    /// The account id in job ARNs.
    public var accountId: String = "123456789012"
    /// Seed for every deterministic decision.
    public var seed: UInt64 = 0

    /// Creates a configuration with the defaults; change fields with `var` assignment.
    public init() {}

    /// Creates a configuration, every argument defaulted.
    public init(jobSeconds: Double = 2, recordErrorRate: Double = 0, permanentErrorRate: Double = 0,
                jobFailureRate: Double = 0, throttleRate: Double = 0, expiryRate: Double = 0,
                partialRate: Double = 0, maxConcurrentJobsPerModel: Int = 20, minRecordsPerJob: Int = 100,
                maxRecordsPerJob: Int = 50_000, region: String = "us-east-1",
                accountId: String = "123456789012", seed: UInt64 = 0,
                maxInputFileBytes: Int = 1_000_000_000, maxJobBytes: Int = 5_000_000_000) {
        self.jobSeconds = jobSeconds
        self.recordErrorRate = recordErrorRate
        self.permanentErrorRate = permanentErrorRate
        self.jobFailureRate = jobFailureRate
        self.throttleRate = throttleRate
        self.expiryRate = expiryRate
        self.partialRate = partialRate
        self.maxConcurrentJobsPerModel = maxConcurrentJobsPerModel
        self.minRecordsPerJob = minRecordsPerJob
        self.maxRecordsPerJob = maxRecordsPerJob
        self.region = region
        self.accountId = accountId
        self.seed = seed
        self.maxInputFileBytes = maxInputFileBytes
        self.maxJobBytes = maxJobBytes
    }
}
