/// Bedrock's `ModelInvocationJobStatus`.
public enum ModelInvocationJobStatus: String, Codable, Sendable, CaseIterable {
    /// Queued for validation.
    case submitted = "Submitted"
    /// Input being checked.
    case validating = "Validating"
    /// Validated, waiting to start.
    case scheduled = "Scheduled"
    /// Running; counters grow.
    case inProgress = "InProgress"
    /// Every record processed.
    case completed = "Completed"
    /// Ended with some records not processed.
    case partiallyCompleted = "PartiallyCompleted"
    /// Failed; see `message`.
    case failed = "Failed"
    /// Stop requested.
    case stopping = "Stopping"
    /// Stopped by the user.
    case stopped = "Stopped"
    /// Did not start before its timeout.
    case expired = "Expired"

    /// Whether the job has ended (no further transitions).
    public var isTerminal: Bool {
        switch self {
        case .completed, .partiallyCompleted, .failed, .stopped, .expired: true
        case .submitted, .validating, .scheduled, .inProgress, .stopping: false
        }
    }
}
