import AWSSigning
import Foundation
import Testing
@testable import QuarryEmulatorHTTP

@Suite("SigV4 verification")
struct AuthTests {
    let credentials = AWSCredentials(accessKeyId: "AKIDTEST", secretAccessKey: "secret/test+key")
    let date = Date(timeIntervalSince1970: 1_790_000_000)

    func incoming(_ signed: [(String, String)], method: String, target: String) -> SigV4Verifier.IncomingRequest {
        SigV4Verifier.IncomingRequest(method: method, target: target,
                                      headers: signed.map { ($0.0.lowercased(), $0.1) })
    }

    @Test(arguments: [
        ("s3", "/bucket/a%20b/c~d.txt?list-type=2&prefix=x%2Fy"),
        ("bedrock", "/model-invocation-job/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Amodel-invocation-job%2Fabcdefghijkl"),
        ("bedrock", "/model/anthropic.claude-3-haiku-20240307-v1%3A0/invoke"),
    ])
    func signaturesFromTheSignerVerify(service: String, target: String) throws {
        let signer = SigV4Signer(credentials: credentials, region: "eu-west-1", service: service)
        let body = Array("{}".utf8)
        let signed = try signer.signHeaders(method: "POST", url: "http://127.0.0.1:9000" + target,
                                            headers: [("Content-Type", "application/json")], payload: .bytes(body), date: date)
        let verifier = SigV4Verifier(credentials: [credentials])
        let request = incoming(signed, method: "POST", target: target)
        let identity = try verifier.verify(request, service: service, bodySHA256: { sha256Hex(body) }, now: date)
        #expect(identity.accessKeyId == "AKIDTEST")
        #expect(identity.region == "eu-west-1")

        var tampered = request
        tampered.target += service == "s3" ? "&x=1" : "?x=1"
        #expect(throws: AuthFailure.self) { try verifier.verify(tampered, service: service, bodySHA256: { sha256Hex(body) }, now: date) }
        if service == "bedrock" {
            // The body is covered by the signature.
            #expect(throws: AuthFailure.self) {
                try verifier.verify(request, service: service, bodySHA256: { sha256Hex(Array("{ }".utf8)) }, now: date)
            }
        }
    }

    @Test func wrongSecretUnknownKeyAndSkew() throws {
        let wrong = SigV4Signer(credentials: AWSCredentials(accessKeyId: "AKIDTEST", secretAccessKey: "nope"), region: "us-east-1", service: "s3")
        let target = "/bucket/key"
        let verifier = SigV4Verifier(credentials: [credentials])
        func failure(_ signed: [(String, String)], now: Date) -> AuthFailure.Kind? {
            do {
                _ = try verifier.verify(incoming(signed, method: "GET", target: target), service: "s3", bodySHA256: { nil }, now: now)
                return nil
            } catch { return error.kind }
        }
        let badSecret = try wrong.signHeaders(method: "GET", url: "http://h" + target, date: date)
        #expect(failure(badSecret, now: date) == .signatureMismatch)
        let unknown = SigV4Signer(credentials: AWSCredentials(accessKeyId: "OTHER", secretAccessKey: "x"), region: "us-east-1", service: "s3")
        #expect(failure(try unknown.signHeaders(method: "GET", url: "http://h" + target, date: date), now: date) == .unknownAccessKey)
        let good = SigV4Signer(credentials: credentials, region: "us-east-1", service: "s3")
        let signed = try good.signHeaders(method: "GET", url: "http://h" + target, date: date)
        #expect(failure(signed, now: date + 14 * 60) == nil)
        #expect(failure(signed, now: date + 16 * 60) == .skewed)
        #expect(failure(signed, now: date - 16 * 60) == .skewed)
        let wrongService = SigV4Signer(credentials: credentials, region: "us-east-1", service: "bedrock")
        #expect(failure(try wrongService.signHeaders(method: "GET", url: "http://h" + target, date: date), now: date) == .malformed)
        #expect(failure([("Host", "h")], now: date) == .missing)
    }

    @Test func presignedURLs() throws {
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "s3")
        let url = try signer.presign(method: "GET", url: "http://127.0.0.1:9000/bucket/some%20key?versionId=1", expires: .seconds(60), date: date)
        let target = String(url.dropFirst("http://127.0.0.1:9000".count))
        let verifier = SigV4Verifier(credentials: [credentials])
        let request = SigV4Verifier.IncomingRequest(method: "GET", target: target, headers: [("host", "127.0.0.1:9000")])
        _ = try verifier.verify(request, service: "s3", bodySHA256: { nil }, now: date + 30)
        #expect(throws: AuthFailure(.expired, "Request has expired")) {
            try verifier.verify(request, service: "s3", bodySHA256: { nil }, now: date + 61)
        }
        var other = request
        other.method = "PUT"
        #expect(throws: AuthFailure.self) { try verifier.verify(other, service: "s3", bodySHA256: { nil }, now: date) }
    }

    @Test func amzDateParsing() {
        #expect(SigV4Verifier.parseAMZDate("20150830T123600Z") == Date(timeIntervalSince1970: 1_440_938_160))
        #expect(SigV4Verifier.parseAMZDate("20150830T123600") == nil)
        #expect(SigV4Verifier.parseAMZDate("2015083XT123600Z") == nil)
    }

    @Test func refusalsOverHTTP() async throws {
        try await withServer { client, _ in
            var wrong = client
            wrong.credentials = AWSCredentials(accessKeyId: "AKIDTEST", secretAccessKey: "wrong")
            let s3 = try await wrong.send("GET", "/")
            #expect(s3.status == 403)
            #expect(s3.xml("Code") == "SignatureDoesNotMatch")
            let bedrock = try await wrong.send("GET", "/model-invocation-jobs", service: "bedrock")
            #expect(bedrock.status == 403)
            #expect(bedrock.header("X-Amzn-ErrorType") == "InvalidSignatureException")
            #expect(bedrock.json["message"] as? String != nil)
            var unknown = client
            unknown.credentials = AWSCredentials(accessKeyId: "NOBODY", secretAccessKey: "x")
            #expect(try await unknown.send("GET", "/").xml("Code") == "InvalidAccessKeyId")
            #expect(try await unknown.send("GET", "/model-invocation-jobs", service: "bedrock").header("X-Amzn-ErrorType") == "UnrecognizedClientException")
            var late = client
            late.date = { Date() - 20 * 60 }
            #expect(try await late.send("GET", "/").xml("Code") == "RequestTimeTooSkewed")
            let unsigned = try await client.send("GET", "/", sign: false)
            #expect(unsigned.status == 403)
            #expect(unsigned.xml("Code") == "AccessDenied")
            // The error bodies never echo the signature.
            #expect(!s3.text.contains("Signature="))
        }
    }

    @Test func presignedGetOverHTTP() async throws {
        try await withServer { client, _ in
            _ = try await client.send("PUT", "/pre")
            _ = try await client.send("PUT", "/pre/obj", body: Array("shared".utf8))
            let url = try client.presign("GET", "/pre/obj")
            let reply = try await client.raw("GET", url: url, headers: [], body: [])
            #expect(reply.text == "shared")
            let old = try client.presign("GET", "/pre/obj", expires: .seconds(60), date: Date() - 120)
            let expired = try await client.raw("GET", url: old, headers: [], body: [])
            #expect(expired.status == 403)
        }
    }

    @Test func unsignedPayloadIsAccepted() async throws {
        try await withServer { client, _ in
            _ = try await client.send("PUT", "/ups")
            #expect(try await client.send("PUT", "/ups/k", body: [1, 2], unsignedPayload: true).status == 200)
        }
    }

    @Test func openModeAcceptsAnyKey() async throws {
        try await withServer(credentials: []) { client, _ async throws -> Void in
            var anyone = client
            anyone.credentials = AWSCredentials(accessKeyId: "WHOEVER", secretAccessKey: "whatever")
            #expect(try await anyone.send("GET", "/").status == 200)
            #expect(try await anyone.send("GET", "/", sign: false).status == 403)
        }
    }
}

@Suite("SigV2 (legacy S3) verification")
struct SigV2Tests {
    /// The example from Amazon S3's REST authentication documentation.
    @Test func documentationExample() throws {
        let credentials = AWSCredentials(accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
        let verifier = SigV4Verifier(credentials: [credentials])
        let date = try #require(HTTPDates.parseRFC1123("Tue, 27 Mar 2007 19:36:42 +0000"))
        let request = SigV4Verifier.IncomingRequest(method: "GET", target: "/johnsmith/photos/puppy.jpg", headers: [
            ("host", "127.0.0.1"), ("date", "Tue, 27 Mar 2007 19:36:42 +0000"),
            ("authorization", "AWS AKIAIOSFODNN7EXAMPLE:bWq2s1WEIj+Ydj0vQ697zp+IXMU="),
        ])
        _ = try verifier.verify(request, service: "s3", bodySHA256: { nil }, now: date)
        var wrong = request
        wrong.target = "/johnsmith/photos/kitten.jpg"
        #expect(throws: AuthFailure.self) { try verifier.verify(wrong, service: "s3", bodySHA256: { nil }, now: date) }
    }

    @Test func canonicalResourceKeepsSignedSubresources() {
        #expect(SigV2Verifier.canonicalResource(RawTarget("/b/k?uploadId=a%2Fb&partNumber=2&x-id=PutObject")) == "/b/k?partNumber=2&uploadId=a/b")
        #expect(SigV2Verifier.canonicalResource(RawTarget("/b?delete")) == "/b?delete")
    }
}
