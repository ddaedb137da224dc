/// A run as the job store keeps it.
public struct RunRecord: Sendable, Equatable {
    /// Run status values.
    public enum Status: String, Sendable, Codable {
        case running, assembling, completed, completedWithFailures = "completed_with_failures", cancelled, failed
    }

    public var id: String
    public var name: String
    public var specHash: String
    /// The spec as JSON (for `status` and for resuming with the same settings).
    public var specJSON: String
    public var status: Status
    public var createdAt: Double
    public var updatedAt: Double
    /// Rows in the input file.
    public var inputRows: Int
    /// Rows the run covers (after trial caps).
    public var coveredRows: Int
    /// Byte size and modification time of the input when the run started (to detect a changed input).
    public var inputFingerprint: String
    /// Whether every base shard has been staged.
    public var stagingDone: Bool
    public var rowsOK: Int
    public var rowsFailed: Int
    public var inputTokens: Int
    public var outputTokens: Int
    /// Seconds spent per phase (`prepare`, `jobs`, `assemble`), accumulated over resumes.
    public var phaseSeconds: [String: Double]
    public var outputPath: String
    public var message: String?

    public init(id: String, name: String, specHash: String, specJSON: String, createdAt: Double, inputRows: Int,
                coveredRows: Int, inputFingerprint: String, outputPath: String) {
        self.id = id
        self.name = name
        self.specHash = specHash
        self.specJSON = specJSON
        self.status = .running
        self.createdAt = createdAt
        self.updatedAt = createdAt
        self.inputRows = inputRows
        self.coveredRows = coveredRows
        self.inputFingerprint = inputFingerprint
        self.stagingDone = false
        self.rowsOK = 0
        self.rowsFailed = 0
        self.inputTokens = 0
        self.outputTokens = 0
        self.phaseSeconds = [:]
        self.outputPath = outputPath
    }
}

/// A shard of requests and the provider job that processes it (one job per shard; retries make new shards).
public struct ShardRecord: Sendable, Equatable {
    /// Where a shard is in its life.
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Written to the object store, not yet submitted.
        case staged
        /// Submission decided and recorded (name and token fixed); the provider may or may not have it.
        case submitting
        /// The provider accepted it (the job ARN is known).
        case submitted
        /// The provider reported a terminal status; outputs not yet harvested.
        case ended
        /// Outputs harvested; its records are answered or queued for retry.
        case harvested
    }

    /// Whether the shard holds first-pass rows (a contiguous range) or retried rows.
    public enum Kind: String, Sendable, Codable { case base, retry }

    public var runId: String
    public var seq: Int
    public var kind: Kind
    /// First row of a base shard (retry shards list their rows in a sidecar).
    public var firstRow: Int
    public var rowCount: Int
    public var bytes: Int
    /// Object key of the staged JSONL.
    public var objectKey: String
    public var status: Status
    public var jobName: String
    public var clientToken: String
    public var jobArn: String?
    /// The provider's last status (`InProgress`, `Completed`, ...).
    public var providerStatus: String?
    public var message: String?
    public var submittedAt: Double?
    public var endedAt: Double?
    public var successCount: Int
    public var errorCount: Int
    public var inputTokens: Int
    public var outputTokens: Int

    public init(runId: String, seq: Int, kind: Kind, firstRow: Int, rowCount: Int, bytes: Int, objectKey: String,
                jobName: String, clientToken: String) {
        self.runId = runId
        self.seq = seq
        self.kind = kind
        self.firstRow = firstRow
        self.rowCount = rowCount
        self.bytes = bytes
        self.objectKey = objectKey
        self.status = .staged
        self.jobName = jobName
        self.clientToken = clientToken
        self.successCount = 0
        self.errorCount = 0
        self.inputTokens = 0
        self.outputTokens = 0
    }

    /// Whether the shard occupies one of the provider's concurrent-job slots.
    public var isActive: Bool { status == .submitting || status == .submitted }
}

/// A row waiting for another attempt.
public struct RetryEntry: Sendable, Equatable {
    public var row: Int
    public var recordId: String
    /// The shard whose staged file holds the row's request line.
    public var sourceSeq: Int
    /// Attempts already made.
    public var attempts: Int
    /// The retry shard it was assigned to, if any.
    public var assignedSeq: Int?

    public init(row: Int, recordId: String, sourceSeq: Int, attempts: Int, assignedSeq: Int? = nil) {
        self.row = row
        self.recordId = recordId
        self.sourceSeq = sourceSeq
        self.attempts = attempts
        self.assignedSeq = assignedSeq
    }
}

/// One entry of a run's timeline.
public struct Transition: Sendable, Equatable {
    public var seq: Int
    public var status: String
    public var at: Double
}
