public import Foundation

/// `quarry emulator` started as a child process on a free loopback port, for end-to-end tests.
public final class EmulatorProcess: @unchecked Sendable {
    /// The access key requests must be signed with.
    public static let accessKeyId = "AKIDQUARRYTEST"
    /// Its secret (tests check it never appears in any output).
    public static let secretAccessKey = "quarry-test-secret-K3y/+never-printed"

    /// `http://127.0.0.1:PORT`.
    public let endpoint: String
    /// The emulator's state folder (`objects/<bucket>/...`, `jobs/`).
    public let dataDirectory: String
    private let process: Process
    private let logs: String

    /// Starts the emulator with extra flags (faults, job seconds, `--bucket NAME`) and waits until it listens.
    public init(data: String, flags: [String] = [], timeout: Double = 30, executable: String = QuarryBinary.path) throws {
        dataDirectory = data
        logs = data + "-logs"
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
        process = try QuarryBinary.start(["emulator", "--port", "0", "--data", data,
                                          "--access-key-id", Self.accessKeyId, "--secret-access-key", Self.secretAccessKey] + flags,
                                         in: NSTemporaryDirectory(), logDirectory: logs, executable: executable)
        let deadline = Date().addingTimeInterval(timeout)
        var found: String?
        while found == nil && Date() < deadline && process.isRunning {
            let out = (try? String(contentsOfFile: logs + "/stdout.txt", encoding: .utf8)) ?? ""
            if let range = out.range(of: "listening on ") { found = out[range.upperBound...].split(separator: "\n").first.map(String.init) }
            else { usleep(20_000) }
        }
        guard let found else {
            let err = (try? String(contentsOfFile: logs + "/stderr.txt", encoding: .utf8)) ?? ""
            if process.isRunning { process.terminate() }
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "quarry emulator did not start: \(err)"])
        }
        endpoint = found
    }

    /// The emulator's process id.
    public var pid: Int32 { process.processIdentifier }

    /// Creates a bucket (the emulator's buckets are folders of its object store).
    public func createBucket(_ name: String) throws {
        try FileManager.default.createDirectory(atPath: dataDirectory + "/objects/" + name, withIntermediateDirectories: true)
    }

    /// The names of every job the emulator holds.
    public func jobNames() throws -> [String] { try EmulatorJobs.names(inFolder: dataDirectory + "/jobs/jobs") }

    /// The environment a `quarry run` against this emulator needs (its credentials, no real AWS lookups).
    public var clientEnvironment: [String: String] {
        ["AWS_ACCESS_KEY_ID": Self.accessKeyId, "AWS_SECRET_ACCESS_KEY": Self.secretAccessKey, "AWS_EC2_METADATA_DISABLED": "true",
         "AWS_PROFILE": "", "AWS_SESSION_TOKEN": "", "AWS_ENDPOINT_URL": ""]
    }

    /// Stops the emulator (SIGTERM, then waits) and removes its log folder.
    public func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: logs)
    }

    deinit { if process.isRunning { process.terminate() } }
}

/// Reads the names of the jobs an emulator holds, from its job folder.
public enum EmulatorJobs {
    /// The jobs of the built-in emulator of a state folder (`<state>/emulator/jobs`).
    public static func names(state: String) throws -> [String] { try names(inFolder: state + "/emulator/jobs") }

    /// The jobs recorded in a job folder, sorted.
    public static func names(inFolder dir: String) throws -> [String] {
        guard FileManager.default.fileExists(atPath: dir) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".json") }.compactMap { file in
            let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + file))
            let obj = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            return (obj?["request"] as? [String: Any])?["jobName"] as? String
        }.sorted()
    }
}
