import Foundation
import Logging
import QuarryCore
import QuarryEngine
import QuarryHub
import QuarryStore

/// Inputs on the Hugging Face Hub: fetched into the local cache before anything reads them.
enum HubInput {
    /// When the spec names a Hub dataset split, brings its Parquet files into the cache (downloading
    /// only what is missing) and points `input` at their folder; the resolved commit joins the run's
    /// identity. Other specs are returned unchanged.
    ///
    /// - Parameter resumeFrom: the state folder: when the latest run of this spec's name is unfinished
    ///   and read this dataset split, its commit is used (a rerun resumes even if the branch has moved).
    static func resolve(_ spec: RunSpec, resumeFrom state: String? = nil, logger: Logger, note: @escaping @Sendable (String) -> Void) async throws -> RunSpec {
        guard var ref = spec.huggingface else { return spec }
        ref.resolvedRevision = nil
        var wanted = ref
        if let state, let sha = commitOfUnfinishedRun(spec, state: state) {
            note("resuming the unfinished run `\(spec.name)` on commit \(sha.prefix(10)) of \(ref.repo), the one it started on (--new-run reads the current \(ref.revision))")
            wanted.revision = sha
        }
        let snapshot = try await fetch(wanted, logger: logger, note: note)
        var resolved = spec
        ref.resolvedRevision = snapshot.sha
        resolved.huggingface = ref
        resolved.input = snapshot.folder
        return resolved
    }

    /// The commit the latest run of `spec`'s name read, when that run is unfinished and read the same
    /// dataset, config and split, and the spec names a branch or tag (not a commit).
    static func commitOfUnfinishedRun(_ spec: RunSpec, state: String) -> String? {
        guard let ref = spec.huggingface, !isCommitSha(ref.revision) else { return nil }
        let database = RunPaths.database(state: state)
        guard FileManager.default.fileExists(atPath: database),
              let store = try? SQLiteJobStore(path: database),
              let run = try? store.latestRun(named: spec.name),
              run.status != .completed, run.status != .completedWithFailures,
              let identity = try? JSONSerialization.jsonObject(with: Data(run.specJSON.utf8)) as? [String: Any],
              let hub = identity["huggingface"] as? [String: Any],
              hub["repo"] as? String == ref.repo, hub["config"] as? String == ref.config, hub["split"] as? String == ref.split,
              let sha = hub["revision"] as? String, isCommitSha(sha) else { return nil }
        return sha
    }

    static func isCommitSha(_ s: String) -> Bool {
        s.count == 40 && s.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }

    /// Fetches one split, with `HF_ENDPOINT`, `HF_TOKEN`, `HF_HOME` and `HF_HUB_OFFLINE` from the environment.
    static func fetch(_ ref: HubDatasetRef, logger: Logger, note: @escaping @Sendable (String) -> Void) async throws -> HubSnapshot {
        let configuration = HubConfiguration.fromEnvironment()
        let client = HubClient(configuration: configuration, logger: logger)
        let snapshot: HubSnapshot
        do {
            snapshot = try await client.fetch(ref) { p in
                note("downloading \(p.file.path) (\(Format.bytes(p.file.size)), file \(p.index) of \(p.count)) from \(configuration.endpoint)")
            }
        } catch {
            await client.shutdown()
            if error.code == .cancelled {
                throw QuarryError(.cancelled, error.message + "; run the same command again to resume the download")
            }
            throw QuarryError(.invalidInput, "input \(ref.displayName): \(error.message)", hint: error.hint)
        }
        await client.shutdown()
        let bytes = snapshot.files.reduce(0) { $0 + $1.size }
        let fetched = snapshot.downloadedBytes > 0 ? "\(Format.bytes(snapshot.downloadedBytes)) downloaded" : "all cached"
        note("\(ref.repo) \(ref.config)/\(ref.split) at \(snapshot.sha.prefix(10)): \(snapshot.files.count) Parquet file\(snapshot.files.count == 1 ? "" : "s"), \(Format.bytes(bytes)) (\(fetched))\(snapshot.partial ? "; the Hub converted only part of this split" : "")")
        return snapshot
    }

    /// `hf://datasets/owner/name[@revision][/config[/split]]` (a revision with `/` percent-encoded), or nil.
    static func reference(_ uri: String) -> HubDatasetRef? {
        let prefix = "hf://datasets/"
        guard uri.hasPrefix(prefix) else { return nil }
        let parts = uri.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, parts.count <= 4 else { return nil }
        let nameAndRevision = parts[1].split(separator: "@", maxSplits: 1).map(String.init)
        var ref = HubDatasetRef(repo: parts[0] + "/" + (nameAndRevision.first ?? ""))
        if nameAndRevision.count == 2 { ref.revision = nameAndRevision[1].removingPercentEncoding ?? nameAndRevision[1] }
        if parts.count > 2, !parts[2].isEmpty { ref.config = parts[2] }
        if parts.count > 3, !parts[3].isEmpty { ref.split = parts[3] }
        return HubDatasetRef.isValidRepoId(ref.repo) ? ref : nil
    }
}

