@testable import AWSSigning
import Foundation
import Testing

/// Generated requests signed by us and by botocore must carry identical signatures.
@Suite("Agreement with botocore")
struct BotocoreAgreementTests {
    static let requestCount = 600
    /// Fixed so CI is reproducible; set `SIGV4_SEED` to explore other requests locally.
    static let seed: UInt64 = ProcessInfo.processInfo.environment["SIGV4_SEED"].flatMap { UInt64($0) } ?? 0x5167_0004

    @Test("Hundreds of odd requests sign exactly as botocore signs them",
          .enabled(if: BotocoreOracle.isAvailable, "python3 with botocore is needed (pip install botocore)"))
    func agreesWithBotocore() throws {
        var generator = SeededGenerator(seed: Self.seed)
        let cases = (0..<Self.requestCount).map { GeneratedCase.make(id: $0, using: &generator) }
        let results = try BotocoreOracle.sign(cases.map(\.botocore))
        try #require(results.count == cases.count)

        var mismatches: [String] = []
        var styles: [String: Int] = [:]
        var features: [String: Int] = [:]
        for (generated, expected) in zip(cases, results) {
            styles[(generated.botocore.s3 ? "s3-" : "") + generated.botocore.style, default: 0] += 1
            for feature in generated.features { features[feature, default: 0] += 1 }
            if let problem = try generated.compare(with: expected) { mismatches.append(problem) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(cases.count) differ; first:\n\(mismatches.prefix(3).joined(separator: "\n\n"))")
        // Every style was exercised many times.
        #expect(styles.count == 4 && styles.values.allSatisfy { $0 >= 50 }, "\(styles)")
        // And so was every kind of trouble the generator is there to make.
        for feature in GeneratedCase.allFeatures {
            #expect(features[feature, default: 0] >= 10, "only \(features[feature, default: 0]) requests with \(feature)")
        }
    }
}

/// One generated request: what botocore is given, and what our signer is given for the same request.
struct GeneratedCase {
    var botocore: BotocoreOracle.Request
    /// The URL our signer gets: the one botocore gets, or its raw (unencoded) spelling where that is unambiguous.
    var swiftURL: String
    var swiftPayload: SigV4Signer.Payload
    var date: Date
    /// Which kinds of trouble this request contains (see ``allFeatures``).
    var features: Set<String> {
        let r = botocore
        var f: Set<String> = []
        let path = r.url.dropFirst("https://".count).drop { $0 != "/" }
        if r.token != nil { f.insert("session token") }
        if path.contains(" ") || path.unicodeScalars.contains(where: { !$0.isASCII }) { f.insert("raw path") }
        if path.contains("%") { f.insert("percent-encoded path") }
        if path.contains("//") { f.insert("double slash") }
        if path.split(separator: "/").contains(where: { $0 == "." || $0 == ".." }) { f.insert("dot segment") }
        if r.s3 && !swiftURL.hasPrefix(r.url) { f.insert("S3 raw key") }
        if Set(r.params.map { $0[0] }).count < r.params.count { f.insert("repeated query key") }
        if r.params.contains(where: { $0[1].isEmpty }) { f.insert("empty query value") }
        if r.params.contains(where: { ($0[0] + $0[1]).contains("+") || ($0[0] + $0[1]).contains("=") }) { f.insert("+ or = in query") }
        if r.params.contains(where: { ($0[0] + $0[1]).unicodeScalars.contains { !$0.isASCII } }) { f.insert("unicode query") }
        let swiftQuery = swiftURL.split(separator: "?", maxSplits: 1).dropFirst().first ?? ""
        if swiftQuery.contains(where: { $0 == " " || $0 == "+" || !$0.isASCII }) { f.insert("raw query") }
        if r.headers.contains(where: { $0[1].unicodeScalars.contains { !$0.isASCII } }) { f.insert("unicode header") }
        if r.headers.contains(where: { $0[1].contains("\n") }) { f.insert("multiline header") }
        if r.headers.contains(where: { $0[1].contains("  ") || $0[1].contains("\t") }) { f.insert("whitespace header") }
        if Set(r.headers.map { $0[0].lowercased() }).count < r.headers.count { f.insert("repeated header") }
        if r.unsigned { f.insert("unsigned payload") }
        if case .precomputedHash = swiftPayload { f.insert("precomputed hash") }
        return f
    }

    static let allFeatures = ["session token", "raw path", "percent-encoded path", "double slash", "dot segment", "S3 raw key",
                              "repeated query key", "empty query value", "+ or = in query", "unicode query", "raw query",
                              "unicode header", "multiline header", "whitespace header", "repeated header", "unsigned payload",
                              "precomputed hash"]

    // Pools chosen for the trouble they cause.
    static let pathSegments = ["a", "photos", "key with space", "ü", "日本語", "%41", "100%", "a+b", "a=b", "!*'()",
                               "$&,;:@", "..", ".", "", "~-._", "semi;colon", "q?x", "h#x", "emoji😀", "UPPER", "%2F", "%20"]
    static let queryKeys = ["a", "A", "b", "list-type", "key with space", "ü", "x+y", "", "%20", "&amp", "~._-", "日本", "prefix", "a=b"]
    static let queryValues = ["", "1", "v", "a b", "ü", "x+y", "=", "a=b", "%2F", "&", "日本", "~._-", "with/slash", "*", "+"]
    static let headerNames = ["X-Custom", "x-amz-meta-note", "Content-Type", "X-Multi", "x-multi", "X-Empty", "User-Agent", "Accept", "X-Amz-Meta-Upper"]
    static let headerValues = ["plain", "  padded  ", "a   b\t\tc", "line1\n  line2\n\tline3", "ünïcödé ✓", "", "a,b", "\"q   q\"",
                               "日本語 テキスト", "tab\tin", "x-amz-date-lookalike", "value;with=stuff"]
    static let hosts = ["example.amazonaws.com", "bucket.s3.us-west-2.amazonaws.com", "Mixed.Case.Example.com", "localhost:9000",
                        "example.com:443", "127.0.0.1:8080", "[::1]:4566"]
    static let bodies = ["", "hello", "{\"prompt\":\"ü 日本\"}", "Param1=value1", String(repeating: "0123456789abcdef", count: 300)]
    static let services = ["service", "bedrock", "execute-api", "sqs", "dynamodb"]
    static let regions = ["us-east-1", "eu-west-3", "ap-southeast-2", "us-gov-west-1"]

    static func make(id: Int, using g: inout SeededGenerator) -> GeneratedCase {
        let style = g.chance(50) ? "header" : "query"
        let s3 = g.chance(50)
        let service = s3 ? "s3" : g.pick(services)
        let host = g.pick(hosts)

        // Path: random segments, sometimes a trailing slash.
        var rawPath = "/" + (0..<Int.random(in: 0...4, using: &g)).map { _ in g.pick(pathSegments) }.joined(separator: "/")
        if g.chance(20) && rawPath != "/" { rawPath += "/" }
        let encodedPath = quote(rawPath, keepingSlash: true)
        let rawIsSafe = !rawPath.contains("?") && !rawPath.contains("#")
        // botocore's S3 signers sign the URL path verbatim, so they must get it encoded (as botocore's
        // serializer makes it). Other services double-encode whatever path the URL has, raw or encoded.
        let botocorePath: String
        let swiftPath: String
        if s3 {
            botocorePath = encodedPath
            swiftPath = rawIsSafe && !rawPath.contains("%") && g.chance(50) ? rawPath : encodedPath
        } else {
            botocorePath = rawIsSafe && g.chance(50) ? rawPath : encodedPath
            swiftPath = botocorePath
        }

        // Query: botocore gets the raw pairs as params and encodes them; we get a URL query.
        var params: [[String]] = []
        for _ in 0..<Int.random(in: 0...4, using: &g) {
            let key = g.pick(queryKeys)
            let value = g.pick(queryValues)
            if key.isEmpty && value.isEmpty { continue }
            if style == "query" && params.contains(where: { $0[0] == key }) { continue } // botocore presigns from a dict
            params.append([key, value])
        }
        let query = params.map { pair -> String in
            let (key, value) = (pair[0], pair[1])
            let rawOK = !(key + value).contains(where: { "%&#".contains($0) }) && !key.contains("=")
            if rawOK && g.chance(50) {
                return value.isEmpty && g.chance(50) ? key : key + "=" + value
            }
            return quote(key, keepingSlash: false) + "=" + quote(value, keepingSlash: false)
        }.joined(separator: "&")

        var headers: [[String]] = []
        if g.chance(10) { headers.append(["Host", host]) }
        for _ in 0..<Int.random(in: 0...5, using: &g) {
            headers.append([g.pick(headerNames), g.pick(headerValues)])
        }

        let body = style == "header" ? g.pick(bodies) : ""
        let unsigned = style == "header" && g.chance(20)
        let payload: SigV4Signer.Payload
        if unsigned {
            payload = .unsigned
        } else if style == "query" {
            payload = .empty
        } else {
            switch Int.random(in: 0..<3, using: &g) {
            case 0: payload = .bytes(Array(body.utf8))
            case 1: payload = .hashing(Array(body.utf8))
            default: payload = body.isEmpty ? .empty : .bytes(Array(body.utf8))
            }
        }

        let token: String? = g.chance(30) ? randomString(length: Int.random(in: 20...300, using: &g), alphabet: tokenAlphabet, using: &g) : nil
        let date = Date(timeIntervalSince1970: TimeInterval(Int.random(in: 1_420_070_400..<2_051_222_400, using: &g)))
        let timestamp = date.formatted(.iso8601).replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")

        let request = BotocoreOracle.Request(
            id: id, style: style, s3: s3, method: g.pick(["GET", "PUT", "POST", "DELETE", "HEAD"]),
            url: "https://" + host + botocorePath, params: params, headers: headers, body: body, unsigned: unsigned,
            access_key: "AKID" + randomString(length: 16, alphabet: Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), using: &g),
            secret_key: randomString(length: 40, alphabet: tokenAlphabet, using: &g), token: token,
            region: g.pick(regions), service: service, timestamp: timestamp, expires: Int.random(in: 1...604_800, using: &g))
        let swiftURL = "https://" + host + swiftPath + (query.isEmpty ? "" : "?" + query)
        return GeneratedCase(botocore: request, swiftURL: swiftURL, swiftPayload: payload, date: date)
    }

    static let tokenAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+=")

    static func randomString(length: Int, alphabet: [Character], using g: inout SeededGenerator) -> String {
        String((0..<length).map { _ in g.pick(alphabet) })
    }

    /// Python's `urllib.parse.quote(s, safe='/~')` (or `safe='~'`): UTF-8, uppercase escapes.
    static func quote(_ string: String, keepingSlash: Bool) -> String {
        var out = ""
        for byte in string.utf8 {
            let scalar = Unicode.Scalar(byte)
            if (byte < 0x80 && (scalar.properties.isASCIIHexDigit || ("a"..."z").contains(Character(scalar)) || ("A"..."Z").contains(Character(scalar))))
                || "-_.~".utf8.contains(byte) || (keepingSlash && byte == 0x2F) {
                out.unicodeScalars.append(scalar)
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }

    /// Signs with our signer and returns a description of any difference from botocore's result.
    func compare(with expected: BotocoreOracle.Result) throws -> String? {
        let r = botocore
        let credentials = AWSCredentials(accessKeyId: r.access_key, secretAccessKey: r.secret_key, sessionToken: r.token)
        let signer = SigV4Signer(credentials: credentials, region: r.region, service: r.service)
        let headers = r.headers.map { ($0[0], $0[1]) }
        if r.style == "header" {
            let (signed, trace) = try signer.signHeadersTraced(method: r.method, url: swiftURL, headers: headers, payload: swiftPayload, date: date)
            let wanted: Set = ["authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256"]
            var ours: [String: String] = [:]
            for (name, value) in signed where wanted.contains(name.lowercased()) { ours[name.lowercased()] = value }
            guard ours == expected.headers else {
                return "#\(r.id) header \(swiftURL)\nours: \(ours)\nbotocore: \(expected.headers ?? [:])\nour canonical request:\n\(String(decoding: trace.canonicalRequest, as: UTF8.self))\nbotocore's:\n\(expected.canonical_request ?? "")"
            }
        } else {
            let (url, trace) = try signer.presignTraced(method: r.method, url: swiftURL, headers: headers, expires: .seconds(r.expires),
                                                        payload: nil, date: date)
            let theirs = expected.url ?? ""
            // The X-Amz-* parameters must be identical (their order in the URL is not signed and differs:
            // we follow the AWS vectors' order); the caller's own query is kept verbatim before them.
            let ourQuery = url.split(separator: "?", maxSplits: 1).last.map(String.init) ?? ""
            let theirQuery = theirs.split(separator: "?", maxSplits: 1).last.map(String.init) ?? ""
            let ourAuth = ourQuery.split(separator: "&").filter { $0.hasPrefix("X-Amz-") }.sorted()
            let theirAuth = theirQuery.split(separator: "&").filter { $0.hasPrefix("X-Amz-") }.sorted()
            let originalQuery = swiftURL.split(separator: "?", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
            let keepsQuery = originalQuery.isEmpty ? ourQuery.hasPrefix("X-Amz-Algorithm=") : ourQuery.hasPrefix(originalQuery + "&X-Amz-Algorithm=")
            guard ourAuth == theirAuth, keepsQuery else {
                return "#\(r.id) query \(swiftURL)\nours: \(url)\nbotocore: \(theirs)\nour canonical request:\n\(String(decoding: trace.canonicalRequest, as: UTF8.self))\nbotocore's:\n\(expected.canonical_request ?? "")"
            }
        }
        return nil
    }
}

extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: Swift.max(0, width - count)) + self }
}
