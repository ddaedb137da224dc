import ArgumentParser
import Dispatch
import Foundation
import QuarryCore
import QuarryEngine
import QuarryStore

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a spec to the end with a progress display. Running it again resumes it.")

    @OptionGroup var specOptions: SpecOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: "The state folder (default: .quarry/ beside the spec).")
    var state: String?

    @Flag(name: .long, help: "Start a new run even if a run with this name exists (also after changing the spec).")
    var newRun = false

    func run() async throws {
        MemoryTuning.returnLargeBuffers()
        let terminal = isatty(STDERR_FILENO) == 1 && !output.quiet && !output.json
        let logger = output.bootstrap(progressOnTerminal: terminal)
        var report: RunReport
        do {
            let quiet = output.quiet || output.json
            let loaded = try specOptions.load()
            let resume = newRun ? nil : stateDirectory(state, spec: loaded)
            let downloadStart = Date()
            let spec = try await HubInput.resolve(loaded, resumeFrom: resume, logger: logger) { note in
                if !quiet { FileHandle.standardError.write(Data(("quarry: " + note + "\n").utf8)) }
            }
            let downloadSeconds = loaded.huggingface == nil ? nil : Date().timeIntervalSince(downloadStart)
            let env = EngineEnvironment(stateDirectory: stateDirectory(state, spec: spec), logger: logger)
            let display = ProgressDisplay(terminal: terminal, quiet: output.quiet || output.json)
            let engine = RunEngine(spec: spec, environment: env)
            let newRun = self.newRun
            let task = Task { try await engine.run(newRun: newRun, progress: { display.show($0) }) }
            signal(SIGINT, SIG_IGN)
            signal(SIGTERM, SIG_IGN)
            let sources = [SIGINT, SIGTERM].map { sig -> any DispatchSourceSignal in
                let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
                source.setEventHandler { task.cancel() }
                source.resume()
                return source
            }
            defer { sources.forEach { $0.cancel() } }
            do {
                report = try await task.value
                // A Hub input's download (or cache check) happens before the engine starts.
                if let downloadSeconds { report.phaseSeconds["download"] = downloadSeconds }
            } catch {
                display.finish()
                throw error
            }
            display.finish()
        } catch {
            throw fail(error)
        }
        if output.json {
            print(Format.json(report))
        } else if !output.quiet {
            print(Format.text(report))
        }
        if report.rowsFailed > 0 { throw ExitCode(ExitCodes.failedRows) }
    }
}
