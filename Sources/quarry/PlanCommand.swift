import ArgumentParser
import Foundation
import QuarryCore
import QuarryEngine

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Check everything and print the job plan, tokens and cost; submits nothing and writes nothing.")

    @OptionGroup var specOptions: SpecOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        _ = output.bootstrap(progressOnTerminal: false)
        do {
            let spec = try specOptions.load()
            let plan = try RunPlanner.plan(spec)
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
