import Foundation
import Testing

/// Runs the pyarrow helper scripts in scripts/parquet with the test Python interpreter.
///
/// The interpreter comes from `QUARRY_TEST_PYTHON`, else `.venv-test/bin/python` in the
/// package root. If neither exists the calling test fails: CI always provides one.
enum PythonOracle {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var scriptsDirectory: URL { packageRoot.appendingPathComponent("scripts/parquet") }

    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    static func interpreter() throws -> String {
        if let p = ProcessInfo.processInfo.environment["QUARRY_TEST_PYTHON"], !p.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: p) else {
                throw Unavailable(description: "QUARRY_TEST_PYTHON=\(p) is not an executable file")
            }
            return p
        }
        let local = packageRoot.appendingPathComponent(".venv-test/bin/python").path
        if FileManager.default.isExecutableFile(atPath: local) { return local }
        throw Unavailable(description: """
            pyarrow tests need a Python with pyarrow: set QUARRY_TEST_PYTHON, or run \
            `python3 -m venv .venv-test && .venv-test/bin/pip install pyarrow` in the package root
            """)
    }

    /// Runs `script` with `arguments`, returning stdout; throws with stderr on failure.
    @discardableResult
    static func run(_ script: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try interpreter())
        process.arguments = [scriptsDirectory.appendingPathComponent(script).path] + arguments
        let out = Pipe()
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-py-\(UUID().uuidString).err")
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errURL) }
        let errHandle = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = errHandle
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errHandle.close()
        let errData = (try? Data(contentsOf: errURL)) ?? Data()
        guard process.terminationStatus == 0 else {
            throw Unavailable(description: "\(script) failed (\(process.terminationStatus)): \(String(decoding: errData, as: UTF8.self))")
        }
        return outData
    }

    /// A fresh temporary directory.
    static func temporaryDirectory(_ label: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-parquet-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}
