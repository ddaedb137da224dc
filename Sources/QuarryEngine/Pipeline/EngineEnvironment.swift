import Foundation
public import Logging
public import QuarryCore

/// What a run needs from the outside world: where state lives, time, logging, the provider.
public struct EngineEnvironment: Sendable {
    /// The state folder.
    public var stateDirectory: String
    /// Wall-clock time in seconds since 1970.
    public var now: @Sendable () -> Double
    /// Waits (tests may shorten it).
    public var sleep: @Sendable (Double) async throws -> Void
    /// Where log lines go.
    public var logger: Logger
    /// Makes the provider's backend; nil uses the one the spec names.
    public var makeBackend: (@Sendable (RunSpec, String) throws(QuarryError) -> any BatchBackend)?
    /// The environment variables an S3 input takes its settings from without a `bedrock:` block
    /// (`AWS_REGION`, `AWS_PROFILE`, credentials, `AWS_ENDPOINT_URL_S3`); nil: the process's.
    public var awsVariables: [String: String]?
    /// How an S3 input is fetched into the cache.
    public var s3InputConfiguration = S3Input.Configuration()

    /// Creates an environment with the real clock.
    public init(stateDirectory: String, logger: Logger = Logger(label: "quarry")) {
        self.stateDirectory = stateDirectory
        self.now = { Date().timeIntervalSince1970 }
        self.sleep = { seconds in try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000)) }
        self.logger = logger
        self.makeBackend = nil
    }

    /// The state folder a spec uses by default: `.quarry/` beside the spec file.
    public static func defaultState(for spec: RunSpec) -> String { spec.specDirectory + "/.quarry" }
}

/// An exclusive lock on a state folder, so two processes never drive the same runs at once.
final class StateLock {
    let fd: Int32

    init(directory: String) throws(QuarryError) {
        do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
            throw QuarryError(.state, "cannot create the state folder \(directory): \(error.localizedDescription)",
                              hint: "choose a writable folder with --state")
        }
        let path = directory + "/quarry.lock"
        fd = open(path, O_RDWR | O_CREAT, 0o644)
        guard fd >= 0 else { throw QuarryError(.state, "cannot open \(path) (errno \(errno))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw QuarryError(.state, "another quarry process is running on the state folder \(directory)",
                              hint: "wait for it to finish (or stop it); a run resumes where it left off")
        }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
