import ArgumentParser
import Foundation
import Logging
import QuarryCore
import QuarryEngine

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Check everything and print the job plan, tokens and cost; submits nothing and writes nothing.")

    @OptionGroup var specOptions: SpecOptions
    @OptionGroup var output: OutputOptions
    @Option(name: .long, help: "The state folder whose input cache an S3 input is fetched into, as `quarry run --state` (default: .quarry/ beside the spec).")
    var state: String?

    func run() async throws {
        let logger = output.bootstrap(progressOnTerminal: false)
        do {
            let quiet = output.quiet || output.json
            // A Hub input is fetched into the cache (the run that follows finds it there).
            let spec = try await HubInput.resolve(try specOptions.load(), logger: logger) { note in
                if !quiet { FileHandle.standardError.write(Data(("quarry: " + note + "\n").utf8)) }
            }
            // An S3 input is resolved and its template columns fetched into the state folder's cache,
            // where the run that follows finds them.
            let plan = try await RunPlanner.plan(spec, stateDirectory: stateDirectory(state, spec: spec), logger: logger)
            if output.json {
                print(Format.json(plan))
            } else if !output.quiet {
                print(Format.text(plan, limits: spec.limits))
            }
        } catch {
            throw fail(error)
        }
    }
}
