public import Foundation

/// A child process run to its end for what it prints (a Python oracle, a benchmark phase).
public enum Subprocess {
    /// Runs `executable` with `arguments` (and `environment`, else this process's) and returns its
    /// exit status and standard output.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> (status: Int32, output: Data) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        if let environment { p.environment = environment }
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, data)
    }
}
