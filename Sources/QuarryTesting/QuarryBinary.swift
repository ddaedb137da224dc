public import Foundation

/// The built `quarry` executable, run as a user would.
public enum QuarryBinary {
    /// The package root (found from this file's location).
    public static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// Path of the executable built for the tests.
    public static var path: String {
        if let p = ProcessInfo.processInfo.environment["QUARRY_BINARY"] { return p }
        for config in ["debug", "release"] {
            let p = packageRoot + "/.build/\(config)/quarry"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return packageRoot + "/.build/debug/quarry"
    }

    /// What a finished command left behind.
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        /// Whether it was killed by a signal.
        public var signaled: Bool
        /// Its peak resident set size in KiB (VmHWM, sampled from /proc every 20 ms while it ran; 0 where there is no /proc).
        public var peakRSSKilobytes: Int = 0
    }

    /// Starts `quarry` (or another build of it, `executable`) with arguments; returns the process
    /// (stdout and stderr go to files in `logDirectory`).
    public static func start(_ arguments: [String], in directory: String, environment: [String: String] = [:], logDirectory: String,
                             executable: String = path) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        p.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        p.environment = env
        _ = FileManager.default.createFile(atPath: logDirectory + "/stdout.txt", contents: nil)
        _ = FileManager.default.createFile(atPath: logDirectory + "/stderr.txt", contents: nil)
        p.standardOutput = FileHandle(forWritingAtPath: logDirectory + "/stdout.txt")
        p.standardError = FileHandle(forWritingAtPath: logDirectory + "/stderr.txt")
        p.standardInput = FileHandle.nullDevice
        try p.run()
        return p
    }

    /// Runs `quarry` to the end (killing it after `timeout` seconds).
    public static func run(_ arguments: [String], in directory: String, environment: [String: String] = [:], timeout: Double = 120) throws -> Result {
        let logs = NSTemporaryDirectory() + "quarry-log-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: logs) }
        let p = try start(arguments, in: directory, environment: environment, logDirectory: logs)
        let deadline = Date().addingTimeInterval(timeout)
        var peak = 0
        while p.isRunning && Date() < deadline {
            peak = max(peak, peakRSSKilobytes(pid: p.processIdentifier))
            usleep(20_000)
        }
        if p.isRunning { kill(p.processIdentifier, SIGKILL) }
        p.waitUntilExit()
        let out = (try? String(contentsOfFile: logs + "/stdout.txt", encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: logs + "/stderr.txt", encoding: .utf8)) ?? ""
        return Result(status: p.terminationStatus, stdout: out, stderr: err, signaled: p.terminationReason == .uncaughtSignal, peakRSSKilobytes: peak)
    }

    /// VmHWM of a running process in KiB (0 when unknown).
    public static func peakRSSKilobytes(pid: Int32) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
        return 0
    }
}
