import AWSSigning
import Foundation
import QuarryEmulator
import QuarryEmulatorHTTP
import Testing

/// The real oracle: unmodified boto3 drives every supported S3 and Bedrock operation against an
/// in-process server (scripts/emulator/boto3_oracle.py). Skipped when python3 with boto3 is absent.
@Suite("boto3 oracle")
struct Boto3OracleTests {
    static let scriptsDirectory: String = {
        var dir = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { dir.deleteLastPathComponent() }
        return dir.appendingPathComponent("scripts/emulator").path
    }()

    static let boto3Available: Bool = {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import boto3"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()

    /// `boto3_oracle.py`: every supported operation. `boto3_chunked_oracle.py`: botocore's own
    /// aws-chunked uploads with trailing checksums (put_object and multipart).
    @Test(.enabled(if: boto3Available, "python3 with boto3 is not installed"), .timeLimit(.minutes(5)),
          arguments: ["boto3_oracle.py", "boto3_chunked_oracle.py"])
    func boto3DrivesEveryOperation(script: String) async throws {
        let credentials = AWSCredentials(accessKeyId: "AKIDORACLE", secretAccessKey: "oracle/secret+key")
        let (status, output) = try await withServer(credentials: [credentials], configure: {
            $0.emulator.jobSeconds = 1
            $0.emulator.minRecordsPerJob = 100
        }) { client, _ in
            try await Self.runScript(script, environment: [
                "QUARRY_EMULATOR_ENDPOINT": client.endpoint,
                "AWS_ACCESS_KEY_ID": credentials.accessKeyId,
                "AWS_SECRET_ACCESS_KEY": credentials.secretAccessKey,
            ])
        }
        #expect(status == 0, "\(output)")
        #expect(output.contains("all checks passed"), "\(output)")
    }

    /// botocore's standard retries ride through injected S3 errors, dropped connections and throttling.
    @Test(.enabled(if: boto3Available, "python3 with boto3 is not installed"), .timeLimit(.minutes(5)))
    func boto3RetriesThroughInjectedFaults() async throws {
        let credentials = AWSCredentials(accessKeyId: "AKIDORACLE", secretAccessKey: "oracle/secret+key")
        let (status, output) = try await withServer(credentials: [credentials], configure: {
            $0.s3ErrorRate = 0.1
            $0.dropRate = 0.05
            $0.emulator.throttleRate = 0.1
            $0.faultSeed = 7
        }) { client, _ in
            try await Self.runScript("boto3_faults_oracle.py", environment: [
                "QUARRY_EMULATOR_ENDPOINT": client.endpoint,
                "AWS_ACCESS_KEY_ID": credentials.accessKeyId,
                "AWS_SECRET_ACCESS_KEY": credentials.secretAccessKey,
                "QUARRY_ORACLE_FAULT_CALLS": "20",
            ])
        }
        #expect(status == 0, "\(output)")
        #expect(output.contains("all checks passed"), "\(output)")
    }

    /// Runs the oracle script; returns its exit status and combined output.
    static func runScript(_ script: String, environment: [String: String]) async throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", scriptsDirectory + "/" + script]
        var env = ProcessInfo.processInfo.environment
        for key in ["AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"] { env[key] = nil }
        env.merge(environment) { $1 }
        process.environment = env
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("oracle-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { p in continuation.resume(returning: p.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        try? handle.close()
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(at: output)
        return (status, text)
    }
}
