import ArgumentParser
import Foundation
import Logging
import QuarryCore
import QuarryEngine

/// `quarry`: batch inference over datasets, crash-safe and resumable.
@main
struct QuarryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarry",
        abstract: "Run every row of a dataset through an LLM in provider batch jobs and join the answers back.",
        discussion: """
            Exit codes: 0 every row succeeded; 3 the run finished but some rows failed (see the output's \
            status and error columns); 1 an error stopped the command; 130 interrupted or cancelled (run again to resume).
            """,
        version: "0.1.0",
        subcommands: [PlanCommand.self, RunCommand.self, StatusCommand.self, CancelCommand.self, InspectCommand.self, EmulatorCommand.self]
    )
}

/// Exit codes shared by the commands.
enum ExitCodes {
    static let failedRows: Int32 = 3
    static let interrupted: Int32 = 130
}

/// Options every command that reads a spec shares.
struct SpecOptions: ParsableArguments {
    @Argument(help: "The job spec (YAML or JSON; also the AWS sample's Step Functions input document).")
    var spec: String

    @Option(name: .long, help: "A templates file (id → template text) for `prompt:`/`prompt_id`.")
    var templates: String?

    @Option(name: .long, help: "The provider, replacing the spec's: emulator or bedrock (default from QUARRY_PROVIDER).")
    var provider: String?

    @Option(name: .long, help: "bedrock: the S3 bucket for staged inputs and outputs (default from QUARRY_BEDROCK_BUCKET).")
    var bucket: String?

    @Option(name: .customLong("role-arn"), help: "bedrock: the service role Bedrock assumes (default from QUARRY_BEDROCK_ROLE_ARN).")
    var roleArn: String?

    @Option(name: .long, help: "bedrock: the key prefix inside the bucket (default from QUARRY_BEDROCK_PREFIX).")
    var prefix: String?

    @Option(name: .long, help: "bedrock: the AWS Region (default from AWS_REGION).")
    var region: String?

    @Option(name: .long, help: "bedrock: the AWS profile for credentials (default from AWS_PROFILE).")
    var profile: String?

    @Option(name: .long, help: "bedrock: one endpoint URL for S3, Bedrock and Bedrock Runtime (an emulator, a proxy).")
    var endpoint: String?

    @Option(name: .long, help: "The output path, replacing the spec's (.parquet, .csv or .jsonl).")
    var output: String?

    /// The command-line and environment values that complete or replace the spec file's.
    var overrides: SpecParser.Overrides {
        func absolute(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }
        var bedrock: [String: String] = [:]
        for (key, value) in [("bucket", bucket), ("role_arn", roleArn), ("prefix", prefix), ("region", region),
                             ("profile", profile), ("endpoint", endpoint)] {
            if let value { bedrock[key] = value }
        }
        var o = SpecParser.Overrides(templatesFile: templates.map(absolute), provider: provider, bedrock: bedrock, output: output.map(absolute))
        o.addEnvironmentDefaults(ProcessInfo.processInfo.environment)
        return o
    }

    func load() throws -> RunSpec {
        try SpecParser.parse(path: spec, overrides: overrides)
    }
}

/// Logging and output verbosity.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print a machine-readable JSON summary on standard output.")
    var json = false

    @Flag(name: [.short, .long], help: "Only print errors.")
    var quiet = false

    @Flag(name: [.short, .long], help: "Print debug log lines.")
    var verbose = false

    /// Sets up logging: log lines go to standard error.
    func bootstrap(progressOnTerminal: Bool) -> Logger {
        let level: Logger.Level = verbose ? .debug : (quiet || json || progressOnTerminal ? .warning : .info)
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: "quarry")
    }
}

/// Turns a thrown error into a message and an exit code.
func fail(_ error: any Error) -> ExitCode {
    let message: String
    if let e = error as? QuarryError {
        if e.code == .cancelled {
            FileHandle.standardError.write(Data(("quarry: " + e.description + "\n").utf8))
            return ExitCode(ExitCodes.interrupted)
        }
        message = e.description
    } else if error is CancellationError {
        FileHandle.standardError.write(Data("quarry: interrupted; run the same command again to resume\n".utf8))
        return ExitCode(ExitCodes.interrupted)
    } else {
        message = "\(error)"
    }
    FileHandle.standardError.write(Data(("error: " + message + "\n").utf8))
    return ExitCode.failure
}

/// Resolves the state folder: `--state`, else `.quarry/` beside the spec, else `./.quarry`.
func stateDirectory(_ explicit: String?, spec: RunSpec?) -> String {
    if let explicit { return URL(fileURLWithPath: explicit).standardizedFileURL.path }
    if let spec { return EngineEnvironment.defaultState(for: spec) }
    return FileManager.default.currentDirectoryPath + "/.quarry"
}
