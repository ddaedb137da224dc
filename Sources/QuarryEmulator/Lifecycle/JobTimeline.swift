import Foundation

/// The pure lifecycle of one job: given the facts fixed so far and a time, where the job is.
///
/// The phases split the job's duration 5% Submitted, 5% Validating, 10% Scheduled, 80% InProgress.
/// A stop freezes progress and shows Stopping for 5% of the duration, then Stopped. No I/O here:
/// when the answer depends on validation that has not happened yet, the timeline asks for it.
struct JobTimeline: Sendable {
    var submitTime: Date
    var duration: Double
    var plan: JobPlan
    var stopTime: Date?
    /// nil while validation has not run; otherwise whether the job failed it.
    var validationFailed: Bool?

    /// Where a job stands at one instant.
    struct State: Sendable, Equatable {
        var status: ModelInvocationJobStatus
        /// When the job entered ``status`` (Bedrock's `lastModifiedTime`).
        var since: Date
        /// Set for terminal states.
        var endTime: Date?
        /// Share of all records processed so far (0...1).
        var progress: Double
        /// Whether the job reached InProgress (counters and outputs exist).
        var ran: Bool
        /// Why the job ended, for Failed (not validation) and Expired.
        var reason: Reason?
    }

    enum Reason: Sendable, Equatable { case validation, injectedFailure, expired }

    /// What the caller must do before the state can be known, or the state.
    enum Observation: Sendable, Equatable {
        case needsValidation
        case state(State)
    }

    var submittedEnd: Date { submitTime + duration * 0.05 }
    var validatingEnd: Date { submitTime + duration * 0.10 }
    var scheduledEnd: Date { submitTime + duration * 0.20 }
    var runEnd: Date { submitTime + duration }
    var stopDelay: Double { duration * 0.05 }
    var failTime: Date { scheduledEnd + duration * 0.80 * plan.fraction }

    /// The state at `now`.
    func observe(at now: Date) -> Observation {
        guard let stop = stopTime, now >= stop else { return unstopped(at: now) }
        guard case .state(let atStop) = unstopped(at: stop) else { return .needsValidation }
        if atStop.status.isTerminal { return .state(atStop) } // a stop is only accepted before the end
        let stoppedAt = stop + stopDelay
        if now < stoppedAt {
            return .state(State(status: .stopping, since: stop, endTime: nil, progress: atStop.progress, ran: atStop.ran))
        }
        return .state(State(status: .stopped, since: stoppedAt, endTime: stoppedAt, progress: atStop.progress, ran: atStop.ran))
    }

    private func unstopped(at t: Date) -> Observation {
        if t < submittedEnd { return .state(State(status: .submitted, since: submitTime, progress: 0, ran: false)) }
        if t < validatingEnd { return .state(State(status: .validating, since: submittedEnd, progress: 0, ran: false)) }
        guard let failed = validationFailed else { return .needsValidation }
        if failed {
            return .state(State(status: .failed, since: validatingEnd, endTime: validatingEnd, progress: 0, ran: false,
                                reason: .validation))
        }
        if t < scheduledEnd { return .state(State(status: .scheduled, since: validatingEnd, progress: 0, ran: false)) }
        switch plan.outcome {
        case .expire:
            return .state(State(status: .expired, since: scheduledEnd, endTime: scheduledEnd, progress: 0, ran: false,
                                reason: .expired))
        case .fail where t >= failTime:
            return .state(State(status: .failed, since: failTime, endTime: failTime, progress: plan.fraction, ran: true,
                                reason: .injectedFailure))
        default:
            break
        }
        if t < runEnd {
            let x = t.timeIntervalSince(scheduledEnd) / (duration * 0.80)
            let progress = plan.outcome == .partial ? x * plan.fraction : x
            return .state(State(status: .inProgress, since: scheduledEnd, progress: min(max(progress, 0), 1), ran: true))
        }
        let done = plan.outcome == .partial ? ModelInvocationJobStatus.partiallyCompleted : .completed
        return .state(State(status: done, since: runEnd, endTime: runEnd, progress: plan.fraction, ran: true))
    }
}
