public import QuarryCore

/// A provider's batch-job lane: Bedrock batch inference (and its emulator); later OpenAI and
/// Anthropic batches. The engine speaks only this protocol.
public protocol BatchBackend: Sendable {
    /// The provider's name, for messages.
    var name: String { get }
    /// Creates a job. Submitting the same `clientToken` again returns the same job, never a second one.
    func submit(_ request: BatchJobRequest) async throws(BackendError) -> String
    /// Jobs whose names start with `namePrefix` (one call covers every job of a run).
    func list(namePrefix: String) async throws(BackendError) -> [BatchJobInfo]
    /// One job.
    func describe(jobId: String) async throws(BackendError) -> BatchJobInfo
    /// Asks a job to stop.
    func stop(jobId: String) async throws(BackendError)
    /// The prefix under which a job's outputs (`*.jsonl.out`, `manifest.json.out`) appear.
    func outputPrefix(outputURI: S3URI, jobId: String) -> S3URI
    /// The real-time lane: one InvokeModel call (body in, body out).
    func invoke(modelId: String, body: [UInt8]) async throws(BackendError) -> [UInt8]
}

/// What a job is asked to do.
public struct BatchJobRequest: Sendable, Equatable {
    public var jobName: String
    public var clientToken: String
    public var modelId: String
    public var inputURI: S3URI
    public var outputURI: S3URI

    public init(jobName: String, clientToken: String, modelId: String, inputURI: S3URI, outputURI: S3URI) {
        self.jobName = jobName
        self.clientToken = clientToken
        self.modelId = modelId
        self.inputURI = inputURI
        self.outputURI = outputURI
    }
}

/// A job as the provider reports it.
public struct BatchJobInfo: Sendable, Equatable {
    /// The provider's job identifier (Bedrock: the job ARN).
    public var jobId: String
    public var jobName: String
    /// The provider's status word (`Submitted`, `InProgress`, `Completed`, ...).
    public var status: String
    public var message: String?
    public var totalRecords: Int?
    public var processedRecords: Int?

    public init(jobId: String, jobName: String, status: String, message: String? = nil, totalRecords: Int? = nil, processedRecords: Int? = nil) {
        self.jobId = jobId
        self.jobName = jobName
        self.status = status
        self.message = message
        self.totalRecords = totalRecords
        self.processedRecords = processedRecords
    }

    /// Whether the job has ended (its outputs, if any, are final).
    public var isTerminal: Bool { Self.terminalStatuses.contains(status) }

    /// Bedrock's terminal statuses.
    public static let terminalStatuses: Set<String> = ["Completed", "PartiallyCompleted", "Failed", "Stopped", "Expired"]
}

/// A failed provider call, classified for the scheduler's policies.
public struct BackendError: Error, Sendable, CustomStringConvertible {
    /// How the scheduler should react.
    public enum Kind: Sendable, Equatable {
        /// Too many calls: back off and retry.
        case throttled
        /// The concurrent-job quota is full: wait for a slot.
        case quotaExceeded
        /// A server-side or transport failure: retry with backoff.
        case transient
        /// The request is wrong: retrying cannot help.
        case invalid
        /// The job or resource does not exist.
        case notFound
        /// Credentials or permissions: stop and tell the user.
        case accessDenied
    }

    public var kind: Kind
    /// The provider's error code (`ThrottlingException`, ...).
    public var code: String
    /// The provider's message (never credentials or request bodies).
    public var message: String

    public init(kind: Kind, code: String, message: String) {
        self.kind = kind
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    /// Whether a retry of the same call may succeed.
    public var isRetryable: Bool { kind == .throttled || kind == .transient || kind == .quotaExceeded }
}
