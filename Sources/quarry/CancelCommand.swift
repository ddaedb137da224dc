import ArgumentParser
import Foundation
import QuarryCore
import QuarryEngine
import QuarryStore

struct CancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Stop a run's jobs. Finished records are kept; `quarry run` resumes the run later.")

    @Argument(help: "A run id, a run name, or the run's spec file.")
    var run: String

    @Option(name: .long, help: "The state folder (default: .quarry/ beside the spec, or ./.quarry).")
    var state: String?

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let logger = output.bootstrap(progressOnTerminal: false)
        do {
            var ref = run
            var spec: RunSpec?
            if FileManager.default.fileExists(atPath: run), run.hasSuffix(".yaml") || run.hasSuffix(".yml") || run.hasSuffix(".json") {
                spec = try SpecParser.parse(path: run)
                ref = spec!.name
            }
            let env = EngineEnvironment(stateDirectory: stateDirectory(state, spec: spec), logger: logger)
            let result = try await RunControl.cancel(ref, spec: spec, environment: env)
            if output.json {
                print("{\"run\":\"\(result.run.id)\",\"status\":\"\(result.run.status.rawValue)\",\"stopped_jobs\":\(result.stopped)}")
            } else if !output.quiet {
                print("run \(result.run.id) (\(result.run.name)): \(result.run.status.rawValue); asked \(result.stopped) job(s) to stop. `quarry run` resumes it.")
            }
        } catch {
            throw fail(error)
        }
    }
}
