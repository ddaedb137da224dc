import AWSSigning
import ArgumentParser
import Foundation
import Logging
import QuarryCore
import QuarryEmulator
import QuarryEmulatorHTTP

/// `quarry emulator`: the Bedrock emulator over real HTTP (S3 + Bedrock + Bedrock Runtime, SigV4 checked).
struct EmulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulator",
        abstract: "Serve the Bedrock emulator over HTTP (S3, Bedrock batch jobs, InvokeModel) for AWS clients.",
        discussion: """
            Prints `listening on http://HOST:PORT` on standard output once it accepts connections, then runs \
            until interrupted (SIGINT or SIGTERM). Point clients at it with --endpoint-url (AWS CLI) or \
            endpoint_url= (boto3). Requests must be signed with the credentials given here or, without \
            flags, with AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY from the server's environment; with neither, \
            any signature is accepted. State lives in --data, so jobs and objects survive restarts. \
            Bucket names model, model-invocation-job and model-invocation-jobs are reserved for Bedrock routes.
            """)

    @Option(name: .long, help: "The port to listen on (0 picks a free one).")
    var port: Int = 4599

    @Option(name: .long, help: "The address to bind.")
    var host: String = "127.0.0.1"

    @Option(name: .long, help: "The state folder (objects, jobs, uploads).")
    var data: String = ".quarry-emulator"

    @Option(name: .long, help: "The access key id requests must be signed with (default: $AWS_ACCESS_KEY_ID).")
    var accessKeyId: String?

    @Option(name: .long, help: "The secret access key requests must be signed with (default: $AWS_SECRET_ACCESS_KEY).")
    var secretAccessKey: String?

    @Option(name: .long, help: "Seconds from submission to the end of a job.")
    var jobSeconds: Double = 2

    @Option(name: .long, help: "Share of records failing with a retryable error (0...1).")
    var recordErrorRate: Double = 0

    @Option(name: .long, help: "Share of records failing with a permanent error (0...1).")
    var permanentErrorRate: Double = 0

    @Option(name: .long, help: "Share of jobs ending Failed part-way (0...1).")
    var jobFailureRate: Double = 0

    @Option(name: .long, help: "Share of Bedrock calls answered ThrottlingException (0...1).")
    var throttleRate: Double = 0

    @Option(name: .long, help: "Unfinished jobs allowed per model before ServiceQuotaExceededException.")
    var maxConcurrentJobs: Int = 20

    @Option(name: .long, help: "Fewest records a job may hold.")
    var minRecordsPerJob: Int = 100

    @Option(name: .long, help: "Most records a job may hold.")
    var maxRecordsPerJob: Int = 50_000

    @Option(name: .long, help: "Share of S3 calls answered 503 SlowDown or 500 InternalError (0...1).")
    var s3ErrorRate: Double = 0

    @Option(name: .long, help: "Share of requests whose connection is closed without an answer (0...1).")
    var dropRate: Double = 0

    @Option(name: .long, help: "The Region in job ARNs and S3 bucket locations.")
    var region: String = "us-east-1"

    @Option(name: .long, help: "Seed for every injected fault.")
    var seed: UInt64 = 0

    @Option(name: .long, help: "Create this bucket at start if it does not exist (repeatable).")
    var bucket: [String] = []

    @Flag(name: [.short, .long], help: "Log every refused or failed request on standard error.")
    var verbose = false

    func validate() throws {
        for (name, rate) in [("--record-error-rate", recordErrorRate), ("--permanent-error-rate", permanentErrorRate),
                             ("--job-failure-rate", jobFailureRate), ("--throttle-rate", throttleRate),
                             ("--s3-error-rate", s3ErrorRate), ("--drop-rate", dropRate)] where !(0...1).contains(rate) {
            throw ValidationError("\(name) must be between 0 and 1, e.g. 0.05 for 5%.")
        }
        if (accessKeyId == nil) != (secretAccessKey == nil) {
            throw ValidationError("Pass both --access-key-id and --secret-access-key, or neither.")
        }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535.") }
        guard jobSeconds >= 0 else { throw ValidationError("--job-seconds must be 0 or more.") }
        guard maxConcurrentJobs >= 1 else { throw ValidationError("--max-concurrent-jobs must be at least 1.") }
        guard minRecordsPerJob >= 0, maxRecordsPerJob >= minRecordsPerJob else {
            throw ValidationError("--max-records-per-job must be at least --min-records-per-job.")
        }
        for name in bucket where !BedrockOptions.isBucketName(name) {
            throw ValidationError("--bucket \(name) is not a valid bucket name (3 to 63 lowercase letters, digits, dots and hyphens).")
        }
    }

    func run() async throws {
        let level: Logger.Level = verbose ? .info : .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "quarry.emulator")
        var configuration = EmulatorServer.Configuration(dataDirectory: URL(fileURLWithPath: data).standardizedFileURL.path)
        configuration.host = host
        configuration.port = port
        let environment = ProcessInfo.processInfo.environment
        if let id = accessKeyId ?? environment["AWS_ACCESS_KEY_ID"],
           let secret = secretAccessKey ?? environment["AWS_SECRET_ACCESS_KEY"], !id.isEmpty, !secret.isEmpty {
            configuration.credentials = [AWSCredentials(accessKeyId: id, secretAccessKey: secret)]
        } else {
            FileHandle.standardError.write(Data("quarry emulator: no credentials given (--access-key-id/--secret-access-key or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY); accepting any signature.\n".utf8))
        }
        var emulator = EmulatorConfiguration()
        emulator.jobSeconds = jobSeconds
        emulator.recordErrorRate = recordErrorRate
        emulator.permanentErrorRate = permanentErrorRate
        emulator.jobFailureRate = jobFailureRate
        emulator.throttleRate = throttleRate
        emulator.maxConcurrentJobsPerModel = maxConcurrentJobs
        emulator.minRecordsPerJob = minRecordsPerJob
        emulator.maxRecordsPerJob = maxRecordsPerJob
        emulator.seed = seed
        emulator.region = region
        configuration.emulator = emulator
        configuration.s3ErrorRate = s3ErrorRate
        configuration.dropRate = dropRate
        configuration.faultSeed = seed
        for name in bucket {
            // The emulator's buckets are the folders of its object store.
            try FileManager.default.createDirectory(atPath: configuration.objectsDirectory + "/" + name, withIntermediateDirectories: true)
        }
        let server = EmulatorServer(configuration: configuration, logger: logger)
        let shownHost = host.contains(":") ? "[\(host)]" : host
        do {
            try await server.runUntilSignalled { port in
                FileHandle.standardOutput.write(Data("listening on http://\(shownHost):\(port)\n".utf8))
            }
        } catch {
            throw fail(error)
        }
    }
}
