import ArgumentParser
import Foundation
import QuarryCore
import QuarryEngine
import QuarryStore

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "List runs, or show one run's jobs: status, records, tokens, times.")

    @Argument(help: "A run id, a run name, or a spec file (its latest run). Omit to list every run.")
    var run: String?

    @Option(name: .long, help: "The state folder (default: .quarry/ beside the spec, or ./.quarry).")
    var state: String?

    @OptionGroup var output: OutputOptions

    func run() async throws {
        _ = output.bootstrap(progressOnTerminal: false)
        do {
            var ref = run
            var spec: RunSpec?
            if let r = run, FileManager.default.fileExists(atPath: r), r.hasSuffix(".yaml") || r.hasSuffix(".yml") || r.hasSuffix(".json") {
                spec = try SpecParser.parse(path: r)
                ref = spec?.name
            }
            let dir = stateDirectory(state, spec: spec)
            if let ref {
                let detail = try RunControl.detail(ref, state: dir)
                print(output.json ? Format.json(detail) : Format.text(detail))
            } else {
                let runs = try RunControl.runs(state: dir)
                print(output.json ? Format.json(runs) : Format.text(runs))
            }
        } catch {
            throw fail(error)
        }
    }
}
