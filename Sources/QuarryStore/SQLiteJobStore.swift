import Foundation
import GRDB
public import QuarryCore

/// The embedded job store: one SQLite file (WAL mode), migrated on open.
public final class SQLiteJobStore: JobStore {
    private let db: DatabaseQueue
    /// The database file.
    public let path: String

    /// Opens (creating and migrating if needed) the store at `path`.
    public init(path: String) throws(QuarryError) {
        self.path = path
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            var config = Configuration()
            config.busyMode = .timeout(10)
            config.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            db = try DatabaseQueue(path: path, configuration: config)
            try db.writeWithoutTransaction { try $0.execute(sql: "PRAGMA journal_mode = WAL") }
            try Self.migrator.migrate(db)
        } catch {
            throw QuarryError(.state, "cannot open the state database \(path): \(Self.describe(error))",
                              hint: "check that the folder is writable, or choose another with --state")
        }
    }

    static func describe(_ error: any Error) -> String {
        if let e = error as? DatabaseError { return "\(e.resultCode)" + (e.message.map { ": \($0)" } ?? "") }
        return "\(error)"
    }

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE runs (
                  id TEXT PRIMARY KEY, name TEXT NOT NULL, spec_hash TEXT NOT NULL, spec_json TEXT NOT NULL,
                  status TEXT NOT NULL, created_at REAL NOT NULL, updated_at REAL NOT NULL,
                  input_rows INTEGER NOT NULL, covered_rows INTEGER NOT NULL, input_fingerprint TEXT NOT NULL,
                  staging_done INTEGER NOT NULL DEFAULT 0, rows_ok INTEGER NOT NULL DEFAULT 0,
                  rows_failed INTEGER NOT NULL DEFAULT 0, input_tokens INTEGER NOT NULL DEFAULT 0,
                  output_tokens INTEGER NOT NULL DEFAULT 0, phase_json TEXT NOT NULL DEFAULT '{}',
                  output_path TEXT NOT NULL, message TEXT);
                CREATE INDEX runs_name ON runs(name, created_at);
                CREATE TABLE shards (
                  run_id TEXT NOT NULL REFERENCES runs(id), seq INTEGER NOT NULL, kind TEXT NOT NULL,
                  first_row INTEGER NOT NULL, row_count INTEGER NOT NULL, bytes INTEGER NOT NULL,
                  object_key TEXT NOT NULL, status TEXT NOT NULL, job_name TEXT NOT NULL, client_token TEXT NOT NULL,
                  job_arn TEXT, provider_status TEXT, message TEXT, submitted_at REAL, ended_at REAL,
                  success_count INTEGER NOT NULL DEFAULT 0, error_count INTEGER NOT NULL DEFAULT 0,
                  input_tokens INTEGER NOT NULL DEFAULT 0, output_tokens INTEGER NOT NULL DEFAULT 0,
                  PRIMARY KEY (run_id, seq));
                CREATE TABLE transitions (
                  run_id TEXT NOT NULL, seq INTEGER NOT NULL, status TEXT NOT NULL, at REAL NOT NULL);
                CREATE INDEX transitions_run ON transitions(run_id, at);
                CREATE TABLE retry_pool (
                  run_id TEXT NOT NULL, row INTEGER NOT NULL, record_id TEXT NOT NULL, source_seq INTEGER NOT NULL,
                  attempts INTEGER NOT NULL, assigned_seq INTEGER, PRIMARY KEY (run_id, row));
                CREATE INDEX retry_assigned ON retry_pool(run_id, assigned_seq);
                """)
        }
        return m
    }

    private func write<T>(_ body: (Database) throws -> T) throws(QuarryError) -> T {
        do { return try db.write(body) } catch let e as QuarryError { throw e } catch {
            throw QuarryError(.state, "state database write failed: \(Self.describe(error))")
        }
    }

    private func read<T>(_ body: (Database) throws -> T) throws(QuarryError) -> T {
        do { return try db.read(body) } catch {
            throw QuarryError(.state, "state database read failed: \(Self.describe(error))")
        }
    }

    // MARK: Runs

    private static func runArguments(_ r: RunRecord) -> StatementArguments {
        let phases = (try? JSONSerialization.data(withJSONObject: r.phaseSeconds, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return [r.id, r.name, r.specHash, r.specJSON, r.status.rawValue, r.createdAt, r.updatedAt, r.inputRows, r.coveredRows,
                r.inputFingerprint, r.stagingDone, r.rowsOK, r.rowsFailed, r.inputTokens, r.outputTokens, phases, r.outputPath, r.message]
    }

    private static let runColumns = "id, name, spec_hash, spec_json, status, created_at, updated_at, input_rows, covered_rows, input_fingerprint, staging_done, rows_ok, rows_failed, input_tokens, output_tokens, phase_json, output_path, message"

    private static func run(from row: Row) -> RunRecord {
        var r = RunRecord(id: row["id"], name: row["name"], specHash: row["spec_hash"], specJSON: row["spec_json"],
                          createdAt: row["created_at"], inputRows: row["input_rows"], coveredRows: row["covered_rows"],
                          inputFingerprint: row["input_fingerprint"], outputPath: row["output_path"])
        r.status = RunRecord.Status(rawValue: row["status"]) ?? .running
        r.updatedAt = row["updated_at"]
        r.stagingDone = row["staging_done"]
        r.rowsOK = row["rows_ok"]
        r.rowsFailed = row["rows_failed"]
        r.inputTokens = row["input_tokens"]
        r.outputTokens = row["output_tokens"]
        r.message = row["message"]
        let phaseText: String = row["phase_json"]
        if let obj = try? JSONSerialization.jsonObject(with: Data(phaseText.utf8)) as? [String: Double] { r.phaseSeconds = obj }
        return r
    }

    private static func saveRun(_ r: RunRecord, _ db: Database) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO runs (\(runColumns)) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", arguments: runArguments(r))
    }

    public func createRun(_ run: RunRecord) throws(QuarryError) {
        try write { db in
            try db.execute(sql: "INSERT INTO runs (\(Self.runColumns)) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", arguments: Self.runArguments(run))
        }
    }

    public func updateRun(_ run: RunRecord) throws(QuarryError) {
        try write { db in try Self.saveRun(run, db) }
    }

    public func run(id: String) throws(QuarryError) -> RunRecord? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE id = ?", arguments: [id]).map(Self.run(from:)) }
    }

    public func latestRun(named name: String) throws(QuarryError) -> RunRecord? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE name = ? ORDER BY created_at DESC, rowid DESC LIMIT 1", arguments: [name]).map(Self.run(from:))
        }
    }

    public func runs() throws(QuarryError) -> [RunRecord] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM runs ORDER BY created_at DESC, rowid DESC").map(Self.run(from:)) }
    }

    // MARK: Shards

    private static let shardColumns = "run_id, seq, kind, first_row, row_count, bytes, object_key, status, job_name, client_token, job_arn, provider_status, message, submitted_at, ended_at, success_count, error_count, input_tokens, output_tokens"

    private static func shardArguments(_ s: ShardRecord) -> StatementArguments {
        [s.runId, s.seq, s.kind.rawValue, s.firstRow, s.rowCount, s.bytes, s.objectKey, s.status.rawValue, s.jobName, s.clientToken,
         s.jobArn, s.providerStatus, s.message, s.submittedAt, s.endedAt, s.successCount, s.errorCount, s.inputTokens, s.outputTokens]
    }

    private static func shard(from row: Row) -> ShardRecord {
        var s = ShardRecord(runId: row["run_id"], seq: row["seq"], kind: ShardRecord.Kind(rawValue: row["kind"]) ?? .base,
                            firstRow: row["first_row"], rowCount: row["row_count"], bytes: row["bytes"], objectKey: row["object_key"],
                            jobName: row["job_name"], clientToken: row["client_token"])
        s.status = ShardRecord.Status(rawValue: row["status"]) ?? .staged
        s.jobArn = row["job_arn"]
        s.providerStatus = row["provider_status"]
        s.message = row["message"]
        s.submittedAt = row["submitted_at"]
        s.endedAt = row["ended_at"]
        s.successCount = row["success_count"]
        s.errorCount = row["error_count"]
        s.inputTokens = row["input_tokens"]
        s.outputTokens = row["output_tokens"]
        return s
    }

    private static func saveShard(_ s: ShardRecord, _ db: Database, now: Double) throws {
        let old = try String.fetchOne(db, sql: "SELECT status || '/' || coalesce(provider_status, '') FROM shards WHERE run_id = ? AND seq = ?", arguments: [s.runId, s.seq])
        try db.execute(sql: "INSERT OR REPLACE INTO shards (\(shardColumns)) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", arguments: shardArguments(s))
        let new = s.status.rawValue + "/" + (s.providerStatus ?? "")
        if old != new {
            try db.execute(sql: "INSERT INTO transitions (run_id, seq, status, at) VALUES (?,?,?,?)",
                           arguments: [s.runId, s.seq, s.providerStatus.map { "\(s.status.rawValue) (\($0))" } ?? s.status.rawValue, now])
        }
    }

    public func recordStaged(_ shard: ShardRecord) throws(QuarryError) {
        try write { db in
            if let status = try String.fetchOne(db, sql: "SELECT status FROM shards WHERE run_id = ? AND seq = ?", arguments: [shard.runId, shard.seq]),
               status != ShardRecord.Status.staged.rawValue {
                return
            }
            try Self.saveShard(shard, db, now: Date().timeIntervalSince1970)
        }
    }

    public func updateShard(_ shard: ShardRecord, now: Double) throws(QuarryError) {
        try write { db in try Self.saveShard(shard, db, now: now) }
    }

    public func shards(runId: String) throws(QuarryError) -> [ShardRecord] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM shards WHERE run_id = ? ORDER BY seq", arguments: [runId]).map(Self.shard(from:)) }
    }

    // MARK: Harvest and retries

    public func completeHarvest(_ shard: ShardRecord, retries: [RetryEntry], run: RunRecord, now: Double) throws(QuarryError) {
        try write { db in
            try Self.saveShard(shard, db, now: now)
            try db.execute(sql: "DELETE FROM retry_pool WHERE run_id = ? AND assigned_seq = ?", arguments: [shard.runId, shard.seq])
            let insert = try db.makeStatement(sql: "INSERT OR REPLACE INTO retry_pool (run_id, row, record_id, source_seq, attempts, assigned_seq) VALUES (?,?,?,?,?,NULL)")
            for r in retries {
                try insert.execute(arguments: [shard.runId, r.row, r.recordId, r.sourceSeq, r.attempts])
            }
            try Self.saveRun(run, db)
        }
    }

    private static func retry(from row: Row) -> RetryEntry {
        RetryEntry(row: row["row"], recordId: row["record_id"], sourceSeq: row["source_seq"], attempts: row["attempts"], assignedSeq: row["assigned_seq"])
    }

    public func pendingRetries(runId: String) throws(QuarryError) -> [RetryEntry] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM retry_pool WHERE run_id = ? AND assigned_seq IS NULL ORDER BY row", arguments: [runId]).map(Self.retry(from:))
        }
    }

    public func recordRetryShard(_ shard: ShardRecord, rows: [Int]) throws(QuarryError) {
        try write { db in
            try Self.saveShard(shard, db, now: Date().timeIntervalSince1970)
            let update = try db.makeStatement(sql: "UPDATE retry_pool SET assigned_seq = ? WHERE run_id = ? AND row = ?")
            for r in rows { try update.execute(arguments: [shard.seq, shard.runId, r]) }
        }
    }

    public func resolveRetries(runId: String, rows: [Int], run: RunRecord) throws(QuarryError) {
        try write { db in
            let delete = try db.makeStatement(sql: "DELETE FROM retry_pool WHERE run_id = ? AND row = ?")
            for r in rows { try delete.execute(arguments: [runId, r]) }
            try Self.saveRun(run, db)
        }
    }

    public func retryRows(runId: String, seq: Int) throws(QuarryError) -> [RetryEntry] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM retry_pool WHERE run_id = ? AND assigned_seq = ? ORDER BY row", arguments: [runId, seq]).map(Self.retry(from:))
        }
    }

    public func transitions(runId: String) throws(QuarryError) -> [Transition] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT seq, status, at FROM transitions WHERE run_id = ? ORDER BY at, rowid", arguments: [runId])
                .map { Transition(seq: $0["seq"], status: $0["status"], at: $0["at"]) }
        }
    }
}
