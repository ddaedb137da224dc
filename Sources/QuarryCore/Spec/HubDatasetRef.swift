/// A dataset split on the Hugging Face Hub, as named in a spec's `input:`
/// (`{huggingface: owner/name, split: train, config: default, revision: main}`) or by the AWS
/// sample's `dataset_id` + `split` keys.
///
/// Quarry reads the Hub's Parquet files for the split (see `docs/huggingface.md`): `revision: main`
/// means the Hub's Parquet conversion of `main` (the `refs/convert/parquet` branch).
public struct HubDatasetRef: Sendable, Equatable, Hashable, Codable {
    /// The repository id, `owner/name` (or a bare `name` for canonical datasets).
    public var repo: String
    /// The configuration (subset); `default` for most datasets.
    public var config: String
    /// The split: `train`, `test`, `validation`, ...
    public var split: String
    /// The revision asked for: a branch, tag or commit sha (default `main`).
    public var revision: String
    /// The commit sha the revision resolved to when the files were fetched; part of a run's identity.
    public var resolvedRevision: String?

    /// Creates a reference.
    public init(repo: String, config: String = "default", split: String = "train", revision: String = "main", resolvedRevision: String? = nil) {
        self.repo = repo
        self.config = config
        self.split = split
        self.revision = revision
        self.resolvedRevision = resolvedRevision
    }

    /// `hf://datasets/owner/name@revision/config/split`: how the input is shown before it is fetched.
    public var displayName: String { "hf://datasets/\(repo)@\(resolvedRevision ?? revision)/\(config)/\(split)" }

    /// Whether `repo` has the Hub's shape: one or two segments of letters, digits, `-`, `_`, `.`
    /// (not starting or ending with `-` or `.`, no `--` or `..`), at most 96 characters each.
    public static func isValidRepoId(_ repo: String) -> Bool {
        let parts = repo.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return false }
        return parts.allSatisfy { part in
            guard !part.isEmpty, part.count <= 96 else { return false }
            guard part.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else { return false }
            guard let first = part.first, let last = part.last else { return false }
            return !"-.".contains(first) && !"-.".contains(last) && !part.contains("--") && !part.contains("..")
        }
    }
}
