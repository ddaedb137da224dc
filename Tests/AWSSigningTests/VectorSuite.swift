import Foundation

/// The AWS SigV4 known-answer vectors in `shared/reference/sigv4-test-suite`, beside the repository.
enum VectorSuite {
    /// `<package root>/../shared/reference/sigv4-test-suite`, found from this file's path so it works
    /// in any clone that has `shared/` beside it.
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent() // AWSSigningTests
        .deletingLastPathComponent() // Tests
        .deletingLastPathComponent() // package root
        .deletingLastPathComponent()
        .appendingPathComponent("shared/reference/sigv4-test-suite")

    /// Every case folder's name, sorted.
    static func caseNames() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }.sorted()
    }

    /// One case: its context and raw request, and a reader for the expected files.
    struct Case {
        struct Context: Decodable {
            struct Credentials: Decodable {
                var access_key_id: String
                var secret_access_key: String
                var token: String?
            }
            var credentials: Credentials
            var expiration_in_seconds: Int
            var normalize: Bool
            var region: String
            var service: String
            var sign_body: Bool
            var timestamp: String
            var omit_session_token: Bool?
        }

        var name: String
        var context: Context
        var method: String
        /// The request target as written (path and query, raw).
        var target: String
        var headers: [(String, String)]
        var body: [UInt8]

        init(name: String) throws {
            self.name = name
            let folder = VectorSuite.directory.appendingPathComponent(name)
            context = try JSONDecoder().decode(Context.self, from: Data(contentsOf: folder.appendingPathComponent("context.json")))
            let raw = try String(contentsOf: folder.appendingPathComponent("request.txt"), encoding: .utf8)
            (method, target, headers, body) = try Self.parse(raw)
        }

        /// The expected file `name` (e.g. `header-signature.txt`) as text.
        func expected(_ file: String) throws -> String {
            try String(contentsOf: VectorSuite.directory.appendingPathComponent(name).appendingPathComponent(file), encoding: .utf8)
        }

        /// Splits `METHOD target HTTP/1.1`, headers (folded continuation lines kept with their
        /// line break, as the vectors write them) and the body.
        static func parse(_ raw: String) throws -> (String, String, [(String, String)], [UInt8]) {
            var lines = raw.components(separatedBy: "\n")
            let requestLine = lines.removeFirst()
            guard let firstSpace = requestLine.firstIndex(of: " "), let versionRange = requestLine.range(of: " HTTP/", options: .backwards) else {
                throw ParseError(message: "bad request line")
            }
            let method = String(requestLine[..<firstSpace])
            let target = String(requestLine[requestLine.index(after: firstSpace)..<versionRange.lowerBound])
            var headers: [(String, String)] = []
            while let line = lines.first {
                lines.removeFirst()
                if line.isEmpty { break }
                if line.first == " " || line.first == "\t", !headers.isEmpty {
                    headers[headers.count - 1].1 += "\n" + line
                    continue
                }
                guard let colon = line.firstIndex(of: ":") else { throw ParseError(message: "bad header line") }
                headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
            }
            let body = Array(lines.joined(separator: "\n").utf8)
            return (method, target, headers, body)
        }
    }

    struct ParseError: Error { var message: String }

    /// The date of an ISO 8601 timestamp like `2015-08-30T12:36:00Z`.
    static func date(_ timestamp: String) throws -> Date {
        try Date(timestamp, strategy: .iso8601)
    }
}
