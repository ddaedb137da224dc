@testable import AWSSigning
import Testing

@Suite("Splitting request URLs")
struct RequestTargetTests {
    struct Example: Sendable, CustomTestStringConvertible {
        var url: String
        var host: String?
        var path: String
        var query: String
        var origin: String
        var testDescription: String { url }
    }

    static let examples: [Example] = [
        .init(url: "https://Bucket.S3.amazonaws.com/Key%20A?x=1#frag", host: "bucket.s3.amazonaws.com", path: "/Key%20A", query: "x=1", origin: "https://Bucket.S3.amazonaws.com"),
        .init(url: "HTTPS://h.example:443", host: "h.example", path: "/", query: "", origin: "HTTPS://h.example:443"),
        .init(url: "https://h.example:80/", host: "h.example:80", path: "/", query: "", origin: "https://h.example:80"),
        .init(url: "http://h.example:80/a", host: "h.example", path: "/a", query: "", origin: "http://h.example:80"),
        .init(url: "http://user:p%40ss@LOCALHOST:9000/b/k?", host: "localhost:9000", path: "/b/k", query: "", origin: "http://user:p%40ss@LOCALHOST:9000"),
        .init(url: "http://[::1]:4566/q?a=b?c", host: "[::1]:4566", path: "/q", query: "a=b?c", origin: "http://[::1]:4566"),
        .init(url: "https://[FE80::1]/", host: "[fe80::1]", path: "/", query: "", origin: "https://[FE80::1]"),
        .init(url: "https://h?only=query", host: "h", path: "/", query: "only=query", origin: "https://h"),
        .init(url: "/example space/?ሴ=bar", host: nil, path: "/example space/", query: "ሴ=bar", origin: ""),
        .init(url: "/a:b/c", host: nil, path: "/a:b/c", query: "", origin: ""),
    ]

    @Test("Host, path and query are split without re-encoding", arguments: examples)
    func split(_ example: Example) throws {
        let target = try RequestTarget(parsing: example.url)
        #expect(target.host == example.host)
        #expect(String(target.path) == example.path)
        #expect(String(target.query) == example.query)
        #expect(String(target.origin) == example.origin)
    }

    @Test("A URL without a host is rejected", arguments: ["https:///path", "https://user@/x", "https://[::1/x"])
    func noHost(_ url: String) {
        #expect(throws: SigV4Error.self) { try RequestTarget(parsing: url) }
    }
}
