/// Job-size and concurrency limits (the spec's `limits:` block).
public struct Limits: Sendable, Equatable, Codable {
    /// The provider's minimum records per batch job; smaller remainders never become a job.
    public var minRecordsPerJob: Int = 100
    /// The provider's maximum records per batch job.
    public var maxRecordsPerJob: Int = 50_000
    /// Maximum bytes of staged input per job.
    public var maxBytesPerJob: Int = 1_000_000_000
    /// Jobs kept submitted or in progress at once.
    public var maxConcurrentJobs: Int = 20
    /// Cap on the number of batch jobs of the first pass (trials); nil = no cap.
    public var maxJobs: Int? = nil
    /// Cap on the number of input rows the run covers (trials); nil = all.
    public var maxRecords: Int? = nil

    /// Creates the defaults.
    public init() {}
}

/// Retry behaviour (the spec's `retry:` block).
public struct RetryPolicy: Sendable, Equatable, Codable {
    /// Attempts per record, including the first.
    public var maxAttempts: Int = 5
    /// Whether retries below the job minimum go through the real-time lane (InvokeModel).
    public var realtime: Bool = true
    /// Concurrent requests of the real-time lane.
    public var realtimeConcurrency: Int = 4

    /// Creates the defaults.
    public init() {}
}

/// The built-in emulator's options (the spec's `emulator:` block).
public struct EmulatorOptions: Sendable, Equatable, Codable {
    public var recordErrorRate: Double = 0
    public var permanentErrorRate: Double = 0
    public var jobFailureRate: Double = 0
    public var throttleRate: Double = 0
    public var expiryRate: Double = 0
    public var partialRate: Double = 0
    /// Wall-clock seconds a job takes from submission to its end.
    public var jobSeconds: Double = 2
    /// The emulated concurrent-job quota per model.
    public var maxConcurrentJobs: Int = 20
    /// The emulated minimum records per job.
    public var minRecordsPerJob: Int = 100
    /// The emulated maximum records per job.
    public var maxRecordsPerJob: Int = 50_000
    /// Seed for the emulator's fault decisions.
    public var seed: Int = 0

    /// Creates the defaults.
    public init() {}
}
