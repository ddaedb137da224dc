import Foundation

/// The data folder: one JSON file per job under `jobs/`, written atomically (temporary file and
/// rename), and the lock file that serializes mutations across processes.
struct JobDirectory: Sendable {
    let root: String
    var jobsPath: String { root + "/jobs" }
    var lockPath: String { root + "/lock" }

    init(root: String) { self.root = root }

    /// Creates the folder if it does not exist yet.
    func ensureExists() throws(EmulatorError) {
        if FileSystem.isDirectory(jobsPath) { return }
        do {
            try FileManager.default.createDirectory(atPath: jobsPath, withIntermediateDirectories: true)
        } catch {
            throw .internalError("create its data folder \(root)")
        }
    }

    func path(of jobId: String) -> String { jobsPath + "/" + jobId + ".json" }

    /// Ids of every stored job.
    func jobIds() throws(EmulatorError) -> [String] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: jobsPath) } catch {
            throw .internalError("list its jobs")
        }
        return names.compactMap { name in
            guard name.hasSuffix(".json"), !name.hasPrefix(".") else { return nil }
            return String(name.dropLast(5))
        }
    }

    /// The job with this id, or nil when there is none.
    func load(_ jobId: String) throws(EmulatorError) -> StoredJob? {
        guard let data = FileManager.default.contents(atPath: path(of: jobId)) else { return nil }
        do { return try JSONDecoder().decode(StoredJob.self, from: data) } catch {
            throw .internalError("read the state of job \(jobId)")
        }
    }

    /// Writes a job atomically.
    func save(_ job: StoredJob) throws(EmulatorError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        do {
            let data = try encoder.encode(job)
            let temp = jobsPath + "/." + job.jobId + ".json.tmp-\(ProcessInfo.processInfo.processIdentifier)"
            try data.write(to: URL(fileURLWithPath: temp))
            try FileSystem.rename(temp, to: path(of: job.jobId))
        } catch {
            throw .internalError("save the state of job \(job.jobId)")
        }
    }
}
