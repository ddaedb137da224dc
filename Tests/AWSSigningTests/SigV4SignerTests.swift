@testable import AWSSigning
import Foundation
import Testing

@Suite("SigV4Signer behaviour")
struct SigV4SignerTests {
    /// The examples in Amazon S3's SigV4 documentation (header-signed GET, presigned GET).
    static let docsCredentials = AWSCredentials(accessKeyId: "AKIAIOSFODNN7EXAMPLE",
                                                secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    static let docsDate = Date(timeIntervalSince1970: 1_369_353_600) // 2013-05-24T00:00:00Z

    static func header(_ name: String, in headers: [(String, String)]) -> [String] {
        headers.filter { $0.0.lowercased() == name.lowercased() }.map(\.1)
    }

    @Test("S3 GET object example from the S3 documentation")
    func s3DocsGetObject() throws {
        let signer = SigV4Signer(credentials: Self.docsCredentials, region: "us-east-1", service: "s3")
        let headers = try signer.signHeaders(method: "GET", url: "https://examplebucket.s3.amazonaws.com/test.txt",
                                             headers: [("Range", "bytes=0-9")], payload: .empty, date: Self.docsDate)
        #expect(Self.header("Authorization", in: headers) == [
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
        ])
        #expect(Self.header("x-amz-content-sha256", in: headers) == [SigV4Signer.emptyPayloadHash])
        #expect(Self.header("Host", in: headers) == ["examplebucket.s3.amazonaws.com"])
    }

    @Test("S3 presigned GET example from the S3 documentation")
    func s3DocsPresign() throws {
        let signer = SigV4Signer(credentials: Self.docsCredentials, region: "us-east-1", service: "s3")
        let url = try signer.presign(method: "GET", url: "https://examplebucket.s3.amazonaws.com/test.txt",
                                     expires: .seconds(86_400), date: Self.docsDate)
        #expect(url == "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-SignedHeaders=host&X-Amz-Expires=86400&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
    }

    @Test("Presign payload defaults: UNSIGNED-PAYLOAD for S3, the empty hash elsewhere")
    func presignPayloadDefaults() throws {
        let credentials = Self.docsCredentials
        let s3 = try SigV4Signer(credentials: credentials, region: "eu-west-1", service: "s3")
            .presignTraced(method: "GET", url: "https://b.s3.amazonaws.com/k", headers: [], expires: .seconds(60), payload: nil, date: Self.docsDate)
        #expect(String(decoding: s3.trace.canonicalRequest, as: UTF8.self).hasSuffix("\nUNSIGNED-PAYLOAD"))
        let other = try SigV4Signer(credentials: credentials, region: "eu-west-1", service: "execute-api")
            .presignTraced(method: "GET", url: "https://a.execute-api.amazonaws.com/p", headers: [], expires: .seconds(60), payload: nil, date: Self.docsDate)
        #expect(String(decoding: other.trace.canonicalRequest, as: UTF8.self).hasSuffix("\n" + SigV4Signer.emptyPayloadHash))
    }

    @Test("S3 signs the path as sent: no dot-segment removal, no double encoding")
    func s3PathHandling() throws {
        let s3 = SigV4Signer(credentials: Self.docsCredentials, region: "us-east-1", service: "s3")
        let other = SigV4Signer(credentials: Self.docsCredentials, region: "us-east-1", service: "bedrock")
        func canonicalPath(_ signer: SigV4Signer, _ url: String) throws -> String {
            let trace = try signer.signHeadersTraced(method: "GET", url: url, headers: [], payload: .empty, date: Self.docsDate).trace
            return String(String(decoding: trace.canonicalRequest, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)[1])
        }
        #expect(try canonicalPath(s3, "https://b.s3.amazonaws.com/a//./b/../my%20key") == "/a//./b/../my%20key")
        #expect(try canonicalPath(s3, "https://b.s3.amazonaws.com/a//./b/../my key") == "/a//./b/../my%20key")
        #expect(try canonicalPath(s3, "https://b.s3.amazonaws.com/caf%c3%a9+%7e") == "/caf%C3%A9%2B~")
        #expect(try canonicalPath(other, "https://bedrock-runtime.us-east-1.amazonaws.com/model/a:b/../x%3Ay/invoke") == "/model/x%253Ay/invoke")
        #expect(try canonicalPath(other, "https://h/model/a b") == "/model/a%20b")
    }

    @Test("Headers the signer sets replace the caller's; Host comes from the URL")
    func replacedHeaders() throws {
        let credentials = AWSCredentials(accessKeyId: "AKID", secretAccessKey: "secret", sessionToken: "tok")
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "s3")
        let clean = try signer.signHeaders(method: "PUT", url: "https://Bucket.S3.amazonaws.com:443/k", headers: [("Content-Type", "text/plain")],
                                           payload: .bytes(Array("hi".utf8)), date: Self.docsDate)
        let stale = try signer.signHeaders(method: "put", url: "https://Bucket.S3.amazonaws.com:443/k",
                                           headers: [("Authorization", "old"), ("Content-Type", "text/plain"), ("x-amz-date", "19990101T000000Z"),
                                                     ("X-Amz-Security-Token", "old"), ("X-Amz-Content-SHA256", "old")],
                                           payload: .bytes(Array("hi".utf8)), date: Self.docsDate)
        #expect(clean.map(\.0) == ["Content-Type", "Host", "X-Amz-Security-Token", "X-Amz-Date", "x-amz-content-sha256", "Authorization"])
        #expect(stale.map(\.0) == clean.map(\.0))
        #expect(stale.map(\.1) == clean.map(\.1))
        #expect(Self.header("Host", in: clean) == ["bucket.s3.amazonaws.com"])
        #expect(Self.header("Authorization", in: clean).first?.contains("SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token,") == true)

        let ported = try SigV4Signer(credentials: credentials, region: "us-east-1", service: "s3")
            .signHeaders(method: "GET", url: "http://user:pw@LocalHost:9000/b/k", payload: .unsigned, date: Self.docsDate)
        #expect(Self.header("Host", in: ported) == ["localhost:9000"])
        #expect(Self.header("x-amz-content-sha256", in: ported) == ["UNSIGNED-PAYLOAD"])
    }

    @Test("Non-S3 services send x-amz-content-sha256 only for UNSIGNED-PAYLOAD")
    func contentHashHeader() throws {
        let signer = SigV4Signer(credentials: Self.docsCredentials, region: "us-east-1", service: "bedrock")
        let signed = try signer.signHeaders(method: "POST", url: "https://bedrock-runtime.us-east-1.amazonaws.com/model/m/invoke",
                                            payload: .bytes(Array("{}".utf8)), date: Self.docsDate)
        #expect(Self.header("x-amz-content-sha256", in: signed).isEmpty)
        let unsigned = try signer.signHeaders(method: "POST", url: "https://bedrock-runtime.us-east-1.amazonaws.com/model/m/invoke",
                                              payload: .unsigned, date: Self.docsDate)
        #expect(Self.header("x-amz-content-sha256", in: unsigned) == ["UNSIGNED-PAYLOAD"])
    }

    @Test("A precomputed hash signs exactly like the body it hashes")
    func precomputedHash() throws {
        let signer = SigV4Signer(credentials: Self.docsCredentials, region: "us-west-2", service: "s3")
        let body = Array("streamed body ü".utf8)
        let hashedBySigner = try signer.signHeaders(method: "PUT", url: "https://b.s3.amazonaws.com/k", payload: .bytes(body), date: Self.docsDate)
        let hashedByCaller = try signer.signHeaders(method: "PUT", url: "https://b.s3.amazonaws.com/k", payload: .hashing(body), date: Self.docsDate)
        #expect(hashedBySigner.map(\.1) == hashedByCaller.map(\.1))
    }

    @Test("The cached signing key follows the date, also under concurrent use")
    func signingKeyCache() async throws {
        let shared = SigV4Signer(credentials: Self.docsCredentials, region: "us-east-1", service: "s3")
        let dates = (0..<300).map { Date(timeIntervalSince1970: 1_700_000_000 + Double($0 % 3) * 86_400 + Double($0)) }
        let fromShared = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for (index, date) in dates.enumerated() {
                group.addTask {
                    let headers = try shared.signHeaders(method: "GET", url: "https://b.s3.amazonaws.com/\(index)", date: date)
                    return (index, headers.last!.1)
                }
            }
            var out = [String](repeating: "", count: dates.count)
            for try await (index, authorization) in group { out[index] = authorization }
            return out
        }
        for (index, date) in dates.enumerated() {
            let fresh = SigV4Signer(credentials: Self.docsCredentials, region: "us-east-1", service: "s3")
            #expect(try fresh.signHeaders(method: "GET", url: "https://b.s3.amazonaws.com/\(index)", date: date).last!.1 == fromShared[index])
        }
    }

    @Test("Timestamps are UTC and correct across leap days and year ends",
          arguments: [0.0, 951_782_400, 951_868_799, 1_709_164_800, 1_735_689_599, 4_102_444_800, 1_440_938_160.999])
    func timestamps(_ seconds: TimeInterval) throws {
        let date = Date(timeIntervalSince1970: seconds)
        let expected = Date(timeIntervalSince1970: seconds.rounded(.down)).formatted(.iso8601)
            .replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
        #expect(try AMZDate(date).timestamp == expected)
    }
}
