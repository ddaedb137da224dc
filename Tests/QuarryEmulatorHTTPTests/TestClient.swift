import AWSSigning
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A minimal signed HTTP client for the tests: signs with ``SigV4Signer`` exactly as an SDK would,
/// sends with URLSession, and returns status, headers and body.
struct TestClient: Sendable {
    var endpoint: String
    var credentials = AWSCredentials(accessKeyId: "AKIDTEST", secretAccessKey: "secret/test+key")
    var region = "us-east-1"
    var date: @Sendable () -> Date = Date.init

    struct Reply: Sendable {
        var status: Int
        var headers: [String: String]
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
        func header(_ name: String) -> String? {
            headers.first(where: { $0.key.lowercased() == name.lowercased() })?.value
        }
        /// The text of the first `<name>` element of an XML body.
        func xml(_ name: String) -> String? {
            guard let start = text.range(of: "<\(name)>"), let end = text.range(of: "</\(name)>", range: start.upperBound..<text.endIndex) else { return nil }
            return String(text[start.upperBound..<end.lowerBound])
        }
        func xmlAll(_ name: String) -> [String] {
            var out: [String] = []
            var rest = text[...]
            while let start = rest.range(of: "<\(name)>"), let end = rest.range(of: "</\(name)>", range: start.upperBound..<rest.endIndex) {
                out.append(String(rest[start.upperBound..<end.lowerBound]))
                rest = rest[end.upperBound...]
            }
            return out
        }
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]) ?? [:] }
    }

    /// Sends `method path` (path already percent-encoded, query included) signed for `service`.
    func send(_ method: String, _ path: String, service: String = "s3", headers: [(String, String)] = [],
              body: [UInt8] = [], unsignedPayload: Bool = false, sign: Bool = true) async throws -> Reply {
        let url = endpoint + path
        var all = headers
        if sign {
            let signer = SigV4Signer(credentials: credentials, region: region, service: service)
            all = try signer.signHeaders(method: method, url: url, headers: headers,
                                         payload: unsignedPayload ? .unsigned : (body.isEmpty ? .empty : .bytes(body)), date: date())
        }
        return try await raw(method, url: url, headers: all, body: body)
    }

    func raw(_ method: String, url: String, headers: [(String, String)], body: [UInt8]) async throws -> Reply {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        for (name, value) in headers where name.lowercased() != "host" {
            request.addValue(value, forHTTPHeaderField: name)
        }
        if !body.isEmpty { request.httpBody = Data(body) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (k, v) in http.allHeaderFields { fields["\(k)"] = "\(v)" }
        return Reply(status: http.statusCode, headers: fields, body: Array(data))
    }

    func presign(_ method: String, _ path: String, expires: Duration = .seconds(300), date: Date = Date()) throws -> String {
        let signer = SigV4Signer(credentials: credentials, region: region, service: "s3")
        return try signer.presign(method: method, url: endpoint + path, expires: expires, date: date)
    }
}
