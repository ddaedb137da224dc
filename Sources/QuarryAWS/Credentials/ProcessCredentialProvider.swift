public import AWSSigning
import Foundation

/// Credentials printed by an external command (`credential_process` in a profile): the command runs
/// through `/bin/sh -c` and prints `{"Version": 1, "AccessKeyId": …, "SecretAccessKey": …,
/// "SessionToken": …, "Expiration": …}` on standard output.
public struct ProcessCredentialProvider: AWSCredentialProvider {
    /// The command line.
    public let command: String

    /// Runs `command` on every call (wrap in ``CachingCredentialProvider``).
    public init(command: String) { self.command = command }

    /// Runs the command and parses its output.
    public func credentials() async throws -> AWSCredentials {
        let output = try await Self.run(command)
        guard let object = (try? JSONSerialization.jsonObject(with: Data(output.stdout))) as? [String: Any] else {
            throw AWSError.credentialSource("InvalidCredentialProcessOutput",
                                            "credential_process did not print a JSON object (exit status \(output.status))")
        }
        guard output.status == 0 else {
            throw AWSError.credentialSource("CredentialProcessFailed", "credential_process exited with status \(output.status)")
        }
        guard (object["Version"] as? Int) == 1 else {
            throw AWSError.credentialSource("InvalidCredentialProcessOutput",
                                            "credential_process output must have \"Version\": 1")
        }
        return try JSONCredentials.decode(output.stdout, source: "credential_process")
    }

    /// Runs `command` with `/bin/sh -c`, returning its exit status and standard output (standard
    /// error passes through to ours, as the AWS CLI does).
    static func run(_ command: String) async throws -> (status: Int32, stdout: [UInt8]) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw AWSError.credentialSource("CredentialProcessFailed", "Could not start credential_process", underlying: error)
        }
        let handle = pipe.fileHandleForReading
        let data: Data = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let data = handle.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(returning: data)
            }
        }
        return (process.terminationStatus, Array(data))
    }
}
