/// Bedrock's `ModelInvocationJobStatus`.
public enum ModelInvocationJobStatus: String, Codable, Sendable, CaseIterable {
    case submitted = "Submitted"
    case validating = "Validating"
    case scheduled = "Scheduled"
    case inProgress = "InProgress"
    case completed = "Completed"
    case partiallyCompleted = "PartiallyCompleted"
    case failed = "Failed"
    case stopping = "Stopping"
    case stopped = "Stopped"
    case expired = "Expired"

    /// Whether the job has ended (no further transitions).
    public var isTerminal: Bool {
        switch self {
        case .completed, .partiallyCompleted, .failed, .stopped, .expired: true
        case .submitted, .validating, .scheduled, .inProgress, .stopping: false
        }
    }
}
