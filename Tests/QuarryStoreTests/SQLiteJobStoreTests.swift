import Foundation
import QuarryCore
import Testing
@testable import QuarryStore

@Suite struct SQLiteJobStoreTests {
    func tempPath() -> String { NSTemporaryDirectory() + "store-\(UUID().uuidString)/quarry.sqlite" }

    func run(_ id: String = "r1") -> RunRecord {
        RunRecord(id: id, name: "n", specHash: "h", specJSON: "{}", createdAt: 1, inputRows: 10, coveredRows: 10, inputFingerprint: "f", outputPath: "/o")
    }

    func shard(_ seq: Int) -> ShardRecord {
        ShardRecord(runId: "r1", seq: seq, kind: .base, firstRow: seq * 10, rowCount: 10, bytes: 100, objectKey: "k\(seq)", jobName: "j\(seq)", clientToken: "t\(seq)")
    }

    @Test func stateSurvivesReopening() throws {
        let path = tempPath()
        do {
            let store = try SQLiteJobStore(path: path)
            var r = run()
            r.phaseSeconds = ["stage": 1.5]
            try store.createRun(r)
            try store.recordStaged(shard(1))
        }
        let store = try SQLiteJobStore(path: path)
        let r = try #require(try store.run(id: "r1"))
        #expect(r.phaseSeconds["stage"] == 1.5)
        #expect(try store.latestRun(named: "n")?.id == "r1")
        #expect(try store.shards(runId: "r1").map(\.seq) == [1])
    }

    @Test func transitionsFormATimelineAndStagingNeverRewindsASubmittedShard() throws {
        let store = try SQLiteJobStore(path: tempPath())
        try store.createRun(run())
        var s = shard(1)
        try store.recordStaged(s)
        s.status = .submitted
        s.jobArn = "arn"
        s.providerStatus = "Submitted"
        let t = Date().timeIntervalSince1970
        try store.updateShard(s, now: t + 2)
        s.providerStatus = "InProgress"
        try store.updateShard(s, now: t + 3)
        try store.updateShard(s, now: t + 4)  // no change, no entry
        try store.recordStaged(shard(1))  // a re-staged shard must not forget its job
        #expect(try store.shards(runId: "r1")[0].jobArn == "arn")
        #expect(try store.transitions(runId: "r1").map(\.status) == ["staged", "submitted (Submitted)", "submitted (InProgress)"])
    }

    @Test func harvestQueuesRetriesAtomicallyAndRetryShardsTakeThem() throws {
        let store = try SQLiteJobStore(path: tempPath())
        var r = run()
        try store.createRun(r)
        var s = shard(1)
        try store.recordStaged(s)
        s.status = .harvested
        r.rowsOK = 8
        try store.completeHarvest(s, retries: [RetryEntry(row: 3, recordId: "R3", sourceSeq: 1, attempts: 1),
                                               RetryEntry(row: 4, recordId: "R4", sourceSeq: 1, attempts: 1)], run: r, now: 5)
        #expect(try store.pendingRetries(runId: "r1").map(\.row) == [3, 4])
        #expect(try store.run(id: "r1")?.rowsOK == 8)
        var retry = shard(100_001)
        retry.kind = .retry
        try store.recordRetryShard(retry, rows: [3, 4])
        #expect(try store.pendingRetries(runId: "r1").isEmpty)
        #expect(try store.retryRows(runId: "r1", seq: 100_001).map(\.row) == [3, 4])
        retry.status = .harvested
        try store.completeHarvest(retry, retries: [RetryEntry(row: 4, recordId: "R4", sourceSeq: 100_001, attempts: 2)], run: r, now: 6)
        #expect(try store.pendingRetries(runId: "r1").map { [$0.row, $0.attempts] } == [[4, 2]])
        try store.resolveRetries(runId: "r1", rows: [4], run: r)
        #expect(try store.pendingRetries(runId: "r1").isEmpty)
    }

    @Test func anUnwritableStateFolderIsAClearError() {
        #expect(throws: QuarryError.self) { try SQLiteJobStore(path: "/proc/quarry/quarry.sqlite") }
    }
}
