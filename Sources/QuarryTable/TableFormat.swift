/// A table file format, chosen by file extension.
public enum TableFormat: String, Sendable, Hashable, CaseIterable {
    /// Comma-separated values with a header row (RFC 4180). Extension `.csv`.
    case csv
    /// JSON Lines: one JSON object per line. Extensions `.jsonl`, `.ndjson`.
    case jsonl
    /// Apache Parquet. Extension `.parquet`.
    case parquet

    /// The format named by `path`'s extension (case-insensitive), or nil.
    public init?(path: String) {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        switch path[path.index(after: dot)...].lowercased() {
        case "csv": self = .csv
        case "jsonl", "ndjson": self = .jsonl
        case "parquet": self = .parquet
        default: return nil
        }
    }
}
