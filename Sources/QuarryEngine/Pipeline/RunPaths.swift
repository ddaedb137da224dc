import Foundation
public import QuarryCore

/// Where a run keeps its local files inside the state folder.
public struct RunPaths: Sendable {
    /// The state folder (default `.quarry/` beside the spec).
    public var state: String
    /// The run id.
    public var runId: String

    public init(state: String, runId: String) {
        self.state = state
        self.runId = runId
    }

    /// The SQLite job store.
    public static func database(state: String) -> String { state + "/quarry.sqlite" }
    /// The local object store's root (the emulator's S3 stand-in).
    public static func objects(state: String) -> String { state + "/objects" }
    /// The built-in emulator's own folder (its jobs, independent of the job store).
    public static func emulator(state: String) -> String { state + "/emulator" }

    /// This run's private folder.
    public var runDirectory: String { state + "/runs/" + runId }
    /// Written by `quarry cancel` to stop a `quarry run` working on the run in another process.
    public var cancelMarker: String { runDirectory + "/cancel-requested" }
    /// Result segments and indexes.
    public var results: String { runDirectory + "/results" }
    /// The row-to-record-id sidecar of a shard.
    public func sidecar(seq: Int) -> String { runDirectory + "/shards/" + JobNaming.pad(seq, 6) + ".rows" }

    /// Object key prefix of everything a run stores (`runs/<name>/<run id>/`).
    public static func runKeyPrefix(runName: String, runId: String) -> String { "runs/\(runName)/\(runId)/" }

    /// Object key of a shard's staged JSONL.
    public static func inputKey(runName: String, runId: String, seq: Int) -> String {
        "runs/\(runName)/\(runId)/input/shard-\(JobNaming.pad(seq, 6)).jsonl"
    }

    /// Object key prefix of a shard's job outputs.
    public static func outputKey(runName: String, runId: String, seq: Int) -> String {
        "runs/\(runName)/\(runId)/output/shard-\(JobNaming.pad(seq, 6))/"
    }
}

/// The row ↔ record-id list of one shard, kept in the state folder (never sent to the provider).
struct Sidecar {
    var rows: [Int] = []
    var recordIds: [String] = []

    func write(to path: String) throws(QuarryError) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(rows.count * 20)
        for (row, id) in zip(rows, recordIds) {
            bytes.append(contentsOf: String(row).utf8)
            bytes.append(0x09)
            bytes.append(contentsOf: id.utf8)
            bytes.append(0x0A)
        }
        do { try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true) } catch {
            throw QuarryError(.state, "cannot create \(path): \(error.localizedDescription)")
        }
        try AtomicFile.write(bytes, to: path)
    }

    static func read(from path: String) throws(QuarryError) -> Sidecar {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw QuarryError(.state, "the shard sidecar \(path) is missing", hint: "the state folder was damaged; rerun with --new-run")
        }
        var s = Sidecar()
        // `row<TAB>recordId<LF>` lines, read from the bytes (a shard has up to 50,000).
        data.withUnsafeBytes { (p: UnsafeRawBufferPointer) in
            var i = 0
            while i < p.count {
                var row = 0, digits = 0
                while i < p.count, p[i] &- 0x30 < 10, digits < 18 {
                    row = row * 10 + Int(p[i] &- 0x30)
                    i += 1
                    digits += 1
                }
                var end = i
                while end < p.count, p[end] != 0x0A { end += 1 }
                if digits > 0, i < end, p[i] == 0x09 {
                    s.rows.append(row)
                    s.recordIds.append(String(decoding: UnsafeRawBufferPointer(rebasing: p[(i + 1)..<end]), as: UTF8.self))
                }
                i = end + 1
            }
        }
        return s
    }
}
