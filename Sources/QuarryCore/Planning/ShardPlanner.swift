/// Splits records into balanced shards within the provider's limits.
///
/// N records at most `max` per job make `ceil(N / max)` jobs whose sizes differ by at most one
/// (2,214,941 at 50,000 make 45 jobs of 49,220 or 49,221). A remainder below `min` never becomes
/// its own job: when balanced jobs would fall below the minimum, fewer jobs are made and what
/// cannot fill one goes to the real-time lane. The byte cap closes a shard early; the planner is
/// then asked again for the rest, so the plan stays balanced over what remains.
public struct ShardPlanner: Sendable, Equatable {
    /// Minimum records per job.
    public var minRecords: Int
    /// Maximum records per job.
    public var maxRecords: Int
    /// Maximum jobs (a trial cap), if any.
    public var maxJobs: Int?

    /// Creates a planner.
    public init(minRecords: Int, maxRecords: Int, maxJobs: Int? = nil) {
        self.minRecords = max(1, minRecords)
        self.maxRecords = max(self.minRecords, maxRecords)
        self.maxJobs = maxJobs
    }

    /// Records the run covers after the `max_jobs` cap.
    public func coveredRecords(total: Int) -> Int {
        guard let maxJobs else { return total }
        return min(total, maxJobs * maxRecords)
    }

    /// Sizes of the batch jobs for `count` records, in order, and how many records are left for
    /// the real-time lane (fewer than `minRecords`, or none).
    public func plan(count: Int) -> (jobs: [Int], remainder: Int) {
        guard count >= minRecords else { return ([], count) }
        var jobs = (count + maxRecords - 1) / maxRecords
        if count / jobs < minRecords { jobs = count / minRecords }
        let covered = min(count, jobs * maxRecords)
        let base = covered / jobs, extra = covered % jobs
        let sizes = (0..<jobs).map { $0 < extra ? base + 1 : base }
        return (sizes, count - covered)
    }

    /// The size of the next shard when `remaining` records are still to be planned.
    public func nextShardSize(remaining: Int) -> Int? {
        plan(count: remaining).jobs.first
    }
}
