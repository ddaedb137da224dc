/// A snapshot of a run, for progress displays and `status`.
public struct RunProgress: Sendable, Equatable {
    /// What the run is doing.
    public enum Phase: String, Sendable {
        case checking, staging, running, assembling, done
    }

    public var phase: Phase
    public var runId: String
    public var rowsTotal: Int
    /// Rows with a final answer or a final failure.
    public var rowsDone: Int
    public var rowsOK: Int
    public var rowsFailed: Int
    /// Rows staged so far.
    public var rowsStaged: Int
    /// Rows waiting for another attempt.
    public var rowsRetrying: Int
    /// Shards by status (`staged`, `InProgress`, `Completed`, ...).
    public var jobsByStatus: [String: Int]
    /// Seconds since this process started on the run.
    public var elapsed: Double
    /// Estimated seconds to the end, when it can be told.
    public var eta: Double?

    public init(phase: Phase, runId: String, rowsTotal: Int) {
        self.phase = phase
        self.runId = runId
        self.rowsTotal = rowsTotal
        rowsDone = 0
        rowsOK = 0
        rowsFailed = 0
        rowsStaged = 0
        rowsRetrying = 0
        jobsByStatus = [:]
        elapsed = 0
    }
}

/// The end of a run, as reported to the user.
public struct RunReport: Sendable {
    public var runId: String
    public var name: String
    public var status: String
    public var output: String
    public var rows: Int
    public var rowsOK: Int
    public var rowsFailed: Int
    public var jobs: Int
    public var realtimeRows: Int
    public var inputTokens: Int
    public var outputTokens: Int
    /// Estimated cost in USD at the batch price (nil when the model's price is unknown).
    public var estimatedCost: Double?
    /// Seconds per phase.
    public var phaseSeconds: [String: Double]
}
