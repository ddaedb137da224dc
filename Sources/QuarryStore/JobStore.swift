public import QuarryCore

/// The single source of truth of runs, shards and retries. Every method is one transaction.
///
/// The SQLite implementation is the embedded default; a PostgreSQL one can satisfy the same protocol.
public protocol JobStore: Sendable {
    /// Inserts a new run.
    func createRun(_ run: RunRecord) throws(QuarryError)
    /// Replaces a run's row.
    func updateRun(_ run: RunRecord) throws(QuarryError)
    /// A run by id.
    func run(id: String) throws(QuarryError) -> RunRecord?
    /// The newest run with a name.
    func latestRun(named name: String) throws(QuarryError) -> RunRecord?
    /// All runs, newest first.
    func runs() throws(QuarryError) -> [RunRecord]

    /// Inserts a staged shard (idempotent: an existing shard with the same seq is replaced only if not yet submitted).
    func recordStaged(_ shard: ShardRecord) throws(QuarryError)
    /// Replaces a shard's row and appends a timeline entry when its status changed.
    func updateShard(_ shard: ShardRecord, now: Double) throws(QuarryError)
    /// Every shard of a run, by seq.
    func shards(runId: String) throws(QuarryError) -> [ShardRecord]

    /// Marks a shard harvested, queues retryable rows and updates the run's totals, in one transaction.
    func completeHarvest(_ shard: ShardRecord, retries: [RetryEntry], run: RunRecord, now: Double) throws(QuarryError)
    /// Rows waiting for a retry and not yet assigned to a shard.
    func pendingRetries(runId: String) throws(QuarryError) -> [RetryEntry]
    /// Stages a retry shard: records the shard and assigns its rows, in one transaction.
    func recordRetryShard(_ shard: ShardRecord, rows: [Int]) throws(QuarryError)
    /// Removes rows from the retry pool (answered through the real-time lane, or given up), updating the run.
    func resolveRetries(runId: String, rows: [Int], run: RunRecord) throws(QuarryError)
    /// Rows assigned to a retry shard.
    func retryRows(runId: String, seq: Int) throws(QuarryError) -> [RetryEntry]

    /// The timeline of a run.
    func transitions(runId: String) throws(QuarryError) -> [Transition]
}
