public import Foundation

/// Where the Hub is, who is asking, where files are cached, and how patiently to retry.
///
/// ``fromEnvironment(_:)`` follows huggingface_hub's conventions: `HF_ENDPOINT`, `HF_TOKEN`
/// (then `HUGGING_FACE_HUB_TOKEN`, then the file `HF_TOKEN_PATH` or `$HF_HOME/token`), `HF_HUB_CACHE`
/// (else `$HF_HOME/hub`, `HF_HOME` defaulting to `$XDG_CACHE_HOME/huggingface` or
/// `~/.cache/huggingface`) and `HF_HUB_OFFLINE`.
public struct HubConfiguration: Sendable, CustomStringConvertible {
    /// The Hub's base URL (`https://huggingface.co`, a mirror, or a local fake in tests).
    public var endpoint: String
    /// The hub cache folder: `datasets--owner--name/{blobs,refs,snapshots}` live under it.
    public var cacheDirectory: String
    /// The access token sent as `Authorization: Bearer` to the Hub (never to other hosts, never logged).
    public var token: String?
    /// Work from the cache alone: no request is sent.
    public var offline: Bool
    /// The revision whose files are read when a spec says `main`: the Hub's Parquet conversion.
    public var parquetRevision: String
    /// Files downloaded at once.
    public var parallelDownloads: Int
    /// Attempts per request (rate limiting, server errors, dropped connections) before giving up.
    public var maxAttempts: Int
    /// The first backoff delay; it doubles with each attempt (with jitter) up to ``maxDelay``.
    public var baseDelay: Duration
    /// The longest wait between attempts, also the cap on a server's `Retry-After`.
    public var maxDelay: Duration
    /// How long opening a connection may take.
    public var connectTimeout: Duration
    /// How long a response may stall (head or body) before the attempt counts as a network failure.
    public var readTimeout: Duration
    /// Sent as `User-Agent`.
    public var userAgent: String

    /// Creates a configuration; every value has a default.
    public init(endpoint: String = "https://huggingface.co", cacheDirectory: String = HubConfiguration.defaultCacheDirectory([:]),
                token: String? = nil, offline: Bool = false, parquetRevision: String = "refs/convert/parquet",
                parallelDownloads: Int = 4, maxAttempts: Int = 6, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(120),
                connectTimeout: Duration = .seconds(5), readTimeout: Duration = .seconds(60), userAgent: String = "quarry/0.1") {
        self.endpoint = endpoint
        self.cacheDirectory = cacheDirectory
        self.token = token
        self.offline = offline
        self.parquetRevision = parquetRevision
        self.parallelDownloads = parallelDownloads
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        self.userAgent = userAgent
    }

    /// A configuration from the process environment (or the given variables), huggingface_hub style.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> HubConfiguration {
        var c = HubConfiguration(cacheDirectory: defaultCacheDirectory(env))
        if let e = env["HF_ENDPOINT"]?.trimmingCharacters(in: .whitespaces), !e.isEmpty {
            c.endpoint = e.hasSuffix("/") ? String(e.dropLast()) : e
        }
        c.token = token(env)
        c.offline = ["1", "true", "yes", "on"].contains((env["HF_HUB_OFFLINE"] ?? "").lowercased())
        return c
    }

    /// `$HF_HUB_CACHE`, else `$HF_HOME/hub`.
    public static func defaultCacheDirectory(_ env: [String: String]) -> String {
        if let c = env["HF_HUB_CACHE"], !c.isEmpty { return expand(c) }
        return home(env) + "/hub"
    }

    /// `$HF_HOME`, else `$XDG_CACHE_HOME/huggingface`, else `~/.cache/huggingface`.
    static func home(_ env: [String: String]) -> String {
        if let h = env["HF_HOME"], !h.isEmpty { return expand(h) }
        if let x = env["XDG_CACHE_HOME"], !x.isEmpty { return expand(x) + "/huggingface" }
        return NSHomeDirectory() + "/.cache/huggingface"
    }

    /// `HF_TOKEN`, `HUGGING_FACE_HUB_TOKEN`, then the token file; whitespace stripped, empty = none.
    static func token(_ env: [String: String]) -> String? {
        for key in ["HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"] {
            if let t = env[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !t.isEmpty { return t }
        }
        let file = env["HF_TOKEN_PATH"].map(expand) ?? home(env) + "/token"
        guard let data = FileManager.default.contents(atPath: file) else { return nil }
        let t = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return t.isEmpty ? nil : t
    }

    private static func expand(_ path: String) -> String {
        path.hasPrefix("~") ? NSString(string: path).expandingTildeInPath : path
    }

    /// Everything but the token.
    public var description: String {
        "HubConfiguration(endpoint: \(endpoint), cache: \(cacheDirectory), token: \(token == nil ? "none" : "set"), offline: \(offline))"
    }
}
