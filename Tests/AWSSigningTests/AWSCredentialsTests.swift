import AWSSigning
import Foundation
import Testing

@Suite("Credentials and errors never print secrets")
struct RedactionTests {
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    static let token = "FQoGZXIvYXdzEXAMPLETOKEN//////////wEaDH"
    static let credentials = AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: secret, sessionToken: token,
                                            expiration: Date(timeIntervalSince1970: 1_700_000_000))

    static func leaks(_ text: String) -> Bool {
        text.contains(secret) || text.contains(token) || text.contains("wJalrXUtnFEMI") || text.contains("FQoGZXIv")
    }

    @Test("description, debugDescription, interpolation and dump are redacted")
    func credentialsAreRedacted() {
        let credentials = Self.credentials
        var dumped = ""
        dump(credentials, to: &dumped)
        let renderings = [credentials.description, credentials.debugDescription, "\(credentials)",
                          String(reflecting: credentials), dumped, "\([credentials])", "\(Optional(credentials) as Any)"]
        for text in renderings {
            #expect(!Self.leaks(text), "leaked: \(text)")
            #expect(text.contains("AKIDEXAMPLE"))
        }
        #expect(credentials.description.contains("<redacted>"))
        #expect(dumped.contains("<redacted>"))
    }

    @Test("Expiry is checked against the injected time")
    func expiry() {
        let credentials = Self.credentials
        #expect(!credentials.isExpired(at: Date(timeIntervalSince1970: 1_699_999_000)))
        #expect(credentials.isExpired(at: Date(timeIntervalSince1970: 1_699_999_000), margin: 1000))
        #expect(credentials.isExpired(at: Date(timeIntervalSince1970: 1_700_000_000)))
        #expect(!AWSCredentials(accessKeyId: "a", secretAccessKey: "b").isExpired(at: .distantFuture))
    }

    /// Every error the signer can throw, with secrets in the request where they could leak from.
    static let failingCalls: [(SigV4Error.Code, @Sendable (SigV4Signer) throws(SigV4Error) -> Void)] = [
        (.invalidPayloadHash, { s throws(SigV4Error) in _ = try s.signHeaders(method: "PUT", url: "https://h/\(secret)", payload: .precomputedHash(token), date: Date()) }),
        (.invalidPayloadHash, { s throws(SigV4Error) in _ = try s.signHeaders(method: "PUT", url: "https://h/", payload: .precomputedHash(String(repeating: "A", count: 64)), date: Date()) }),
        (.invalidExpiry, { s throws(SigV4Error) in _ = try s.presign(url: "https://h/\(secret)", expires: .seconds(0), date: Date()) }),
        (.invalidExpiry, { s throws(SigV4Error) in _ = try s.presign(url: "https://h/", expires: .seconds(604_801), date: Date()) }),
        (.invalidURL, { s throws(SigV4Error) in _ = try s.signHeaders(method: "GET", url: "/\(secret)?token=\(token)", date: Date()) }),
        (.invalidURL, { s throws(SigV4Error) in _ = try s.presign(url: "https://user:\(token.filter { $0 != "/" })@:443/", expires: .seconds(60), date: Date()) }),
        (.invalidHeaderName, { s throws(SigV4Error) in _ = try s.signHeaders(method: "GET", url: "https://h/", headers: [("Bad \(secret)", token)], date: Date()) }),
        (.invalidDate, { s throws(SigV4Error) in _ = try s.signHeaders(method: "GET", url: "https://h/", date: Date(timeIntervalSince1970: -1)) }),
    ]

    @Test("Signer errors name the problem and the fix, never the secrets", arguments: 0..<failingCalls.count)
    func errorsAreRedacted(_ index: Int) {
        let (code, call) = Self.failingCalls[index]
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "s3")
        #expect {
            try call(signer)
        } throws: { error in
            guard let error = error as? SigV4Error else { return false }
            let text = "\(error) \(String(reflecting: error)) \(error.localizedDescription)"
            return error.code == code && !Self.leaks(text) && !error.message.isEmpty
        }
    }
}
