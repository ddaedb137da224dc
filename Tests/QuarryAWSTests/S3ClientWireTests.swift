import AWSSigning
import Crypto
import Foundation
import NIOCore
import Testing
@testable import QuarryAWS

/// S3 behaviours moto cannot show: corrupted transfers, a 200 answer carrying an error, the exact headers sent.
@Suite("S3 client wire details against a local fake")
struct S3ClientWireTests {
    func withFakeS3<T>(signsPayload: Bool = true, _ handler: @escaping FakeServer.Handler,
                       _ body: (S3Client, FakeServer) async throws -> T) async throws -> T {
        try await withFakeServer(handler) { server in
            try await withHTTPClient(maxAttempts: 1) { http, _ in
                let s3 = try S3Client(http: http, credentials: StaticCredentialProvider(testCredentials), region: "us-east-1",
                                      endpoints: AWSEndpointResolver(overrides: ["s3": server.url]),
                                      configuration: .init(signsPayload: signsPayload, partSize: 5 << 20))
                return try await body(s3, server)
            }
        }
    }

    @Test("PutObject sends Content-MD5 and a signed x-amz-content-sha256; a wrong ETag back is an integrity error")
    func putIntegrity() async throws {
        let body = ByteBuffer(string: "{\"recordId\":\"1\"}\n")
        let md5 = S3Client.hex(S3Client.md5(body))
        try await withFakeS3({ _ in FakeResponse(headers: [("ETag", "\"0123456789abcdef0123456789abcdef\"")]) }) { s3, server in
            let error = await awsError { try await s3.putObject(bucket: "b", key: "in/a b.jsonl", body: body) }
            #expect(error?.kind == .integrity)
            #expect(error?.code == "ChecksumMismatch")
            let sent = try #require(server.requests.first)
            #expect(sent.method == "PUT")
            #expect(sent.uri == "/b/in/a%20b.jsonl")
            #expect(sent.header("Content-MD5") == Data(S3Client.md5(body)).base64EncodedString())
            #expect(sent.header("x-amz-content-sha256") == SHA256.hash(data: Array(body.readableBytesView)).map { String(format: "%02x", $0) }.joined())
            #expect(sent.header("Authorization")?.contains("x-amz-content-sha256") == true)
            #expect(sent.body == Array(body.readableBytesView))
        }
        // The right ETag, and under SSE-KMS any ETag, is accepted.
        try await withFakeS3({ _ in FakeResponse(headers: [("ETag", "\"\(md5)\"")]) }) { s3, _ in
            let result = try await s3.putObject(bucket: "b", key: "k", body: body)
            #expect(result.eTag == md5)
        }
        try await withFakeS3({ _ in FakeResponse(headers: [("ETag", "\"ffffffffffffffffffffffffffffffff\""),
                                                           ("x-amz-server-side-encryption", "aws:kms")]) }) { s3, _ in
            let result = try await s3.putObject(bucket: "b", key: "k", body: body)
            #expect(result.eTag == "ffffffffffffffffffffffffffffffff")
        }
    }

    @Test("signsPayload: false sends UNSIGNED-PAYLOAD")
    func unsignedPayload() async throws {
        try await withFakeS3(signsPayload: false, { _ in FakeResponse(headers: [("ETag", "\"x-1\"")]) }) { s3, server in
            try await s3.putObject(bucket: "b", key: "k", body: ByteBuffer(string: "data"))
            #expect(server.requests.first?.header("x-amz-content-sha256") == "UNSIGNED-PAYLOAD")
        }
    }

    @Test("GetObject: bytes that do not match the ETag's MD5 fail at the end of the stream; ranged reads are not checked")
    func getIntegrity() async throws {
        let body = Array("the real content".utf8)
        let wrong = S3Client.hex(Array(Insecure.MD5.hash(data: Array("something else".utf8))))
        try await withFakeS3({ _ in FakeResponse(headers: [("ETag", "\"\(wrong)\"")], body: body) }) { s3, _ in
            let error = await awsError { _ = try await s3.getObjectBytes(bucket: "b", key: "k") }
            #expect(error?.kind == .integrity)
            // A ranged read is not checked against the whole object's ETag.
            let ranged = try await s3.getObjectBytes(bucket: "b", key: "k", range: .closed(0, 3))
            #expect(ranged.readableBytes == body.count)
        }
    }

    @Test("CompleteMultipartUpload answering 200 with <Error> is an error")
    func completeWithError() async throws {
        try await withFakeS3({ _ in
            .xml("<?xml version=\"1.0\"?>\n<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>")
        }) { s3, server in
            let error = await awsError {
                try await s3.completeMultipartUpload(bucket: "b", key: "k", uploadId: "u-1", parts: [.init(partNumber: 1, eTag: "e1")])
            }
            #expect(error?.code == "InternalError")
            #expect(error?.kind == .transient)
            let sent = try #require(server.requests.first)
            #expect(sent.method == "POST")
            #expect(sent.query == ["uploadId": "u-1"])
            let xml = try XMLNode.parse(sent.body)
            #expect(xml.name == "CompleteMultipartUpload")
            #expect(xml.child("Part")?.string("ETag") == "\"e1\"")
            #expect(xml.child("Part")?.string("PartNumber") == "1")
        }
    }

    @Test("DeleteObjects sends a quiet <Delete> with Content-MD5 and reports per-key failures")
    func deleteObjects() async throws {
        try await withFakeS3({ _ in
            .xml("<DeleteResult><Error><Key>locked</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error></DeleteResult>")
        }) { s3, server in
            let failures = try await s3.deleteObjects(bucket: "b", keys: ["a&b", "locked"])
            #expect(failures == [S3DeleteFailure(key: "locked", code: "AccessDenied", message: "Access Denied")])
            let sent = try #require(server.requests.first)
            #expect(sent.uri == "/b?delete")
            #expect(sent.header("Content-MD5") == Data(Array(Insecure.MD5.hash(data: sent.body))).base64EncodedString())
            let xml = try XMLNode.parse(sent.body)
            #expect(xml.string("Quiet") == "true")
            #expect(xml.children("Object").compactMap { $0.string("Key") } == ["a&b", "locked"])
        }
    }
}
