/// Spaces calls at most `perSecond` a second (a burst of one): each caller takes the next free slot
/// and sleeps until it comes. Used for the real-time lane's InvokeModel calls.
actor RateLimiter {
    let interval: Duration
    private var next: ContinuousClock.Instant?

    init(perSecond: Double) {
        interval = .nanoseconds(Int64(1_000_000_000 / max(perSecond, 0.001)))
    }

    /// Waits for this caller's slot.
    func acquire() async throws {
        let now = ContinuousClock.now
        let slot = max(now, next ?? now)
        next = slot + interval
        if slot > now { try await Task.sleep(until: slot, clock: .continuous) }
    }
}
