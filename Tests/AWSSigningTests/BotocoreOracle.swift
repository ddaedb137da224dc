import Foundation

/// Runs `scripts/sigv4/botocore_sign.py` (botocore's own SigV4 signers) on a batch of requests.
enum BotocoreOracle {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let script = packageRoot.appendingPathComponent("scripts/sigv4/botocore_sign.py")

    /// Whether `python3` can import botocore here (the differential test is skipped otherwise).
    static let isAvailable: Bool = {
        guard let result = try? run(["-c", "import botocore"], input: Data()) else { return false }
        return result.status == 0
    }()

    /// One request in the script's input format (see the script's docstring).
    struct Request: Encodable {
        var id: Int
        var style: String
        var s3: Bool
        var method: String
        var url: String
        var params: [[String]]
        var headers: [[String]]
        var body: String
        var unsigned: Bool
        var access_key: String
        var secret_key: String
        var token: String?
        var region: String
        var service: String
        var timestamp: String
        var expires: Int
    }

    /// One result: the canonical request botocore built and its headers or presigned URL.
    struct Result: Decodable {
        var id: Int
        var canonical_request: String?
        var headers: [String: String]?
        var url: String?
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func sign(_ requests: [Request]) throws -> [Result] {
        let input = try JSONEncoder().encode(requests)
        let result = try run([script.path], input: input)
        guard result.status == 0 else {
            throw Failure(description: "botocore_sign.py exited \(result.status): \(String(decoding: result.stderr, as: UTF8.self))")
        }
        return try JSONDecoder().decode([Result].self, from: result.stdout)
    }

    private static func run(_ arguments: [String], input: Data) throws -> (status: Int32, stdout: Data, stderr: Data) {
        let inputFile = FileManager.default.temporaryDirectory.appendingPathComponent("sigv4-botocore-\(UUID().uuidString).json")
        try input.write(to: inputFile)
        defer { try? FileManager.default.removeItem(at: inputFile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        process.standardInput = try FileHandle(forReadingFrom: inputFile)
        let stdout = Pipe()
        let stderrFile = FileManager.default.temporaryDirectory.appendingPathComponent("sigv4-botocore-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: stderrFile) }
        process.standardOutput = stdout
        process.standardError = try FileHandle(forWritingTo: stderrFile)
        try process.run()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderr = (try? Data(contentsOf: stderrFile)) ?? Data()
        return (process.terminationStatus, output, stderr)
    }
}
