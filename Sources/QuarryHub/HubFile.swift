/// One file of a dataset revision, as the Hub lists it.
public struct HubFile: Sendable, Equatable, Codable {
    /// The path in the repository (`default/train/0000.parquet`).
    public var path: String
    /// The size in bytes.
    public var size: Int
    /// The content's name: the sha256 for LFS files, else the git blob sha1. Also the blob's name in the cache.
    public var etag: String
    /// Whether the file is stored with LFS (its ``etag`` is then a sha256 of the content).
    public var isLFS: Bool

    /// Creates a file entry.
    public init(path: String, size: Int, etag: String, isLFS: Bool) {
        self.path = path
        self.size = size
        self.etag = etag
        self.isLFS = isLFS
    }
}

/// A dataset split's Parquet files at one commit, all in the local cache.
public struct HubSnapshot: Sendable, Equatable {
    /// The commit the files come from.
    public var sha: String
    /// The local folder holding the split's files (read it as one table: the files in name order).
    public var folder: String
    /// The files, in name order.
    public var files: [HubFile]
    /// Whether the Hub converted only part of the split (datasets over 5 GB: `partial-<split>`).
    public var partial: Bool
    /// Bytes downloaded by this call (0 when everything was cached).
    public var downloadedBytes: Int
}

/// A file download about to start.
public struct HubDownloadProgress: Sendable {
    /// The file.
    public var file: HubFile
    /// Its position among the split's files (1-based).
    public var index: Int
    /// How many files the split has.
    public var count: Int
}
