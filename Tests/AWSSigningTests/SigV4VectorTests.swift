@testable import AWSSigning
import Foundation
import Testing

/// Every case of the AWS SigV4 test suite, in both styles, step by step.
@Suite("SigV4 known-answer vectors")
struct SigV4VectorTests {
    @Test("The vector suite is present and complete")
    func suiteIsPresent() {
        // A missing suite would make the parameterized test below run zero cases and pass.
        #expect(VectorSuite.caseNames().count >= 38, "expected the vectors at \(VectorSuite.directory.path)")
    }

    @Test("Vector case", arguments: VectorSuite.caseNames())
    func vector(_ name: String) throws {
        let testCase = try VectorSuite.Case(name: name)
        let context = testCase.context
        let credentials = AWSCredentials(accessKeyId: context.credentials.access_key_id,
                                         secretAccessKey: context.credentials.secret_access_key,
                                         sessionToken: context.credentials.token)
        let configuration = SigV4Signer.Configuration(
            normalizesPath: context.normalize, doubleEncodesPath: true,
            sendsContentSHA256Header: context.sign_body, signsSessionToken: !(context.omit_session_token ?? false))
        let signer = SigV4Signer(credentials: credentials, region: context.region, service: context.service, configuration: configuration)
        let date = try VectorSuite.date(context.timestamp)
        let body = String(decoding: testCase.body, as: UTF8.self)

        // Header style.
        let (headers, trace) = try signer.signHeadersTraced(method: testCase.method, url: testCase.target, headers: testCase.headers,
                                                            payload: .bytes(testCase.body), date: date)
        #expect(String(decoding: trace.canonicalRequest, as: UTF8.self) == (try testCase.expected("header-canonical-request.txt")))
        #expect(String(decoding: trace.stringToSign, as: UTF8.self) == (try testCase.expected("header-string-to-sign.txt")))
        #expect(trace.signature == (try testCase.expected("header-signature.txt")))
        var signedRequest = "\(testCase.method) \(testCase.target) HTTP/1.1\n"
        for (name, value) in headers { signedRequest += "\(name):\(value)\n" }
        signedRequest += "\n" + body
        #expect(signedRequest == (try testCase.expected("header-signed-request.txt")))

        // Query style (presigned URL).
        let (url, queryTrace) = try signer.presignTraced(method: testCase.method, url: testCase.target, headers: testCase.headers,
                                                         expires: .seconds(context.expiration_in_seconds),
                                                         payload: .bytes(testCase.body), date: date)
        #expect(String(decoding: queryTrace.canonicalRequest, as: UTF8.self) == (try testCase.expected("query-canonical-request.txt")))
        #expect(String(decoding: queryTrace.stringToSign, as: UTF8.self) == (try testCase.expected("query-string-to-sign.txt")))
        #expect(queryTrace.signature == (try testCase.expected("query-signature.txt")))
        var presignedRequest = "\(testCase.method) \(url) HTTP/1.1\n"
        for (name, value) in testCase.headers { presignedRequest += "\(name):\(value)\n" }
        presignedRequest += "\n" + body
        #expect(presignedRequest == (try testCase.expected("query-signed-request.txt")))
    }
}
