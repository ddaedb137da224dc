public import Logging
import QuarryAWS
public import QuarryCore

extension RunEngine {
    /// Fetches what `phase` reads of an S3 input into the cache (nothing for other inputs). Called
    /// before the check pass (with resolution), before staging, and before assembly.
    func prepareInput(_ phase: S3Input.Phase) async throws(QuarryError) -> RunSpec {
        guard spec.s3 != nil else { return spec }
        let environment = env.awsVariables.map { AWSEnvironment(variables: $0) } ?? .process
        do {
            return try await S3Input.prepare(spec, phase: phase, stateDirectory: env.stateDirectory, environment: environment,
                                             configuration: env.s3InputConfiguration, logger: env.logger).spec
        } catch {
            throw S3Input.presentable(error, spec: spec)
        }
    }
}

extension RunEngine {
    /// The rest of an S3 Parquet input (every column, for the assembler), fetched while the jobs run.
    /// A failure is only logged: assembly fetches again and reports it then.
    func prefetchInputForAssembly() async {
        guard spec.s3 != nil else { return }
        do {
            _ = try await prepareInput(.assemble)
        } catch {
            if error.code != .cancelled {
                env.logger.warning("S3 input prefetch failed; retried before assembly", metadata: ["error": "\(error.message)"])
            }
        }
    }
}

extension RunPlanner {
    /// ``plan(_:)`` for any input: an S3 input is first resolved and its template columns fetched
    /// into the cache under `stateDirectory` (the run that follows finds them there).
    public static func plan(_ spec: RunSpec, stateDirectory: String, logger: Logger) async throws(QuarryError) -> PlanReport {
        guard spec.s3 != nil else { return try plan(spec) }
        let resolved = try await S3Input.prepare(spec, phase: .stage, stateDirectory: stateDirectory, logger: logger).spec
        do { return try plan(resolved) } catch { throw S3Input.presentable(error, spec: resolved) }
    }
}
