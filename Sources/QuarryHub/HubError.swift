/// A failure to find, download or cache a dataset's files, saying what to do about it.
///
/// Descriptions never contain the access token or signed download URLs.
public struct HubError: Error, Sendable, CustomStringConvertible {
    /// A machine-readable error class (a struct, so it can grow).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's name.
        public let name: String
        /// Creates a code.
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        /// No such dataset (or a private one the token cannot see).
        public static let repoNotFound = Code("repo-not-found")
        /// The dataset has no such revision (or no Parquet conversion).
        public static let revisionNotFound = Code("revision-not-found")
        /// The dataset has no such config; the message lists the ones it has.
        public static let configNotFound = Code("config-not-found")
        /// The config has no such split; the message lists the ones it has.
        public static let splitNotFound = Code("split-not-found")
        /// A path the Hub does not have (`EntryNotFound`).
        public static let entryNotFound = Code("entry-not-found")
        /// A gated or private dataset needs a token (of an account that accepted its terms).
        public static let accessDenied = Code("access-denied")
        /// Still rate limited (429) after every attempt.
        public static let rateLimited = Code("rate-limited")
        /// The Hub could not be reached, or the connection kept failing.
        public static let network = Code("network")
        /// The Hub answered something Quarry cannot use.
        public static let invalidResponse = Code("invalid-response")
        /// A downloaded file's size or checksum is not what the Hub announced.
        public static let integrity = Code("integrity")
        /// Offline (`HF_HUB_OFFLINE=1`) and the files are not in the cache.
        public static let notCached = Code("not-cached")
        /// The cache folder cannot be written.
        public static let cache = Code("cache")
        /// The task was cancelled (Ctrl-C); finished files are kept and partial downloads resume.
        public static let cancelled = Code("cancelled")
    }

    /// The error class.
    public var code: Code
    /// What went wrong.
    public var message: String
    /// How to fix it, when there is something to say.
    public var hint: String?
    /// The final HTTP status, when the Hub answered.
    public var status: Int?
    /// How long the Hub asked to wait before trying again (429 `Retry-After`).
    var retryAfter: Duration?

    /// Creates an error.
    public init(_ code: Code, _ message: String, hint: String? = nil, status: Int? = nil) {
        self.code = code
        self.message = message
        self.hint = hint
        self.status = status
    }

    public var description: String {
        var text = message
        if let hint { text += "\n  hint: " + hint }
        return text
    }

    /// Whether another attempt may succeed (rate limiting, server trouble, dropped connections).
    var isRetryable: Bool { code == .rateLimited || code == .network || (status.map { $0 >= 500 } ?? false) }
}
