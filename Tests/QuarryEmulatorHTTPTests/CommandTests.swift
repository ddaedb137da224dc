import AWSSigning
import Foundation
import QuarryEmulatorHTTP
import Testing

/// `quarry emulator` run as a user would: the built binary, its first stdout line, signals.
@Suite("quarry emulator command")
struct CommandTests {
    /// The `quarry` built next to the test runner (or `$QUARRY_BINARY`).
    static let binary: String? = {
        if let p = ProcessInfo.processInfo.environment["QUARRY_BINARY"] { return p }
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for dir in [runner, runner.deletingLastPathComponent()] {
            let p = dir.appendingPathComponent("quarry").path
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }()

    /// Starts the emulator; returns the process and the endpoint from its first line.
    static func start(data: String, extra: [String] = []) throws -> (Process, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary!)
        process.arguments = ["emulator", "--port", "0", "--data", data, "--access-key-id", "AKIDTEST",
                             "--secret-access-key", "secret/test+key", "--job-seconds", "0", "--min-records-per-job", "1"] + extra
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line: [UInt8] = []
        while true {
            let byte = out.fileHandleForReading.readData(ofLength: 1)
            guard let b = byte.first else { break }
            if b == 0x0A { break }
            line.append(b)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("listening on ") else {
            process.terminate()
            throw CocoaError(.fileReadCorruptFile)
        }
        return (process, String(text.dropFirst("listening on ".count)))
    }

    static func waitForExit(_ process: Process, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        return !process.isRunning
    }

    @Test(.enabled(if: binary != nil, "the quarry binary is not built"), .timeLimit(.minutes(2)))
    func servesUntilSIGTERMAndKeepsState() async throws {
        let data = makeTemporaryDirectory()
        let (first, endpoint) = try Self.start(data: data)
        #expect(endpoint.hasPrefix("http://127.0.0.1:"))
        let client = TestClient(endpoint: endpoint)
        #expect(try await client.send("PUT", "/cli-bucket").status == 200)
        #expect(try await client.send("PUT", "/cli-bucket/in/records.jsonl", body: claudeRecords(3)).status == 200)
        let create = try await client.send("POST", "/model-invocation-job", service: "bedrock", body: Array(#"""
            {"jobName":"cli","roleArn":"arn:aws:iam::123456789012:role/R","modelId":"\#(claudeModel)",
             "inputDataConfig":{"s3InputDataConfig":{"s3Uri":"s3://cli-bucket/in/"}},
             "outputDataConfig":{"s3OutputDataConfig":{"s3Uri":"s3://cli-bucket/out/"}}}
            """#.utf8))
        let arn = try #require(create.json["jobArn"] as? String)
        var wrong = client
        wrong.credentials = AWSCredentials(accessKeyId: "AKIDTEST", secretAccessKey: "nope")
        #expect(try await wrong.send("GET", "/").xml("Code") == "SignatureDoesNotMatch")
        first.terminate()  // SIGTERM
        #expect(Self.waitForExit(first, seconds: 15))
        #expect(first.terminationReason == .exit && first.terminationStatus == 0)

        let (second, endpoint2) = try Self.start(data: data)
        defer { second.interrupt() }
        let again = TestClient(endpoint: endpoint2)
        #expect(try await again.send("GET", "/cli-bucket/in/records.jsonl").body == claudeRecords(3))
        let job = try await again.send("GET", "/model-invocation-job/" + arn.split(separator: "/").last!, service: "bedrock")
        #expect(job.json["status"] as? String == "Completed")
        second.interrupt()  // SIGINT
        #expect(Self.waitForExit(second, seconds: 15))
    }

    @Test func portInUseFailsInsteadOfHanging() async throws {
        try await withServer { client, _ in
            let port = Int(client.endpoint.split(separator: ":").last!)!
            var configuration = EmulatorServer.Configuration(dataDirectory: makeTemporaryDirectory())
            configuration.port = port
            let second = EmulatorServer(configuration: configuration)
            await #expect(throws: (any Error).self) {
                try await second.withRunning { _ in }
            }
        }
    }
}
