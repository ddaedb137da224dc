import AWSSigning
import Foundation
import Testing
@testable import QuarryEmulatorHTTP

@Suite("aws-chunked uploads")
struct StreamingTests {
    /// The example in Amazon S3's "Transferring payload in multiple chunks" documentation:
    /// 66560 bytes of `a` in chunks of 65536 and 1024, with its seed and chunk signatures.
    static let exampleHeaders: [(String, String)] = [
        ("host", "s3.amazonaws.com"), ("x-amz-date", "20130524T000000Z"), ("x-amz-storage-class", "REDUCED_REDUNDANCY"),
        ("authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,Signature=4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9"),
        ("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"), ("content-encoding", "aws-chunked"),
        ("x-amz-decoded-content-length", "66560"), ("content-length", "66824"),
    ]

    static func exampleBody(lastSignature: String = "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9") -> [UInt8] {
        var body = Array("10000;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n".utf8)
        body += [UInt8](repeating: UInt8(ascii: "a"), count: 65536) + Array("\r\n".utf8)
        body += Array("400;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\n".utf8)
        body += [UInt8](repeating: UInt8(ascii: "a"), count: 1024) + Array("\r\n".utf8)
        body += Array("0;chunk-signature=\(lastSignature)\r\n\r\n".utf8)
        return body
    }

    func decode(_ body: [UInt8], pieceSize: Int) throws -> [UInt8] {
        let credentials = AWSCredentials(accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
        let verifier = SigV4Verifier(credentials: [credentials])
        let request = SigV4Verifier.IncomingRequest(method: "PUT", target: "/examplebucket/chunkObject.txt", headers: Self.exampleHeaders)
        let identity = try verifier.verify(request, service: "s3", bodySHA256: { nil }, now: SigV4Verifier.parseAMZDate("20130524T000000Z")!)
        let streaming = try #require(identity.streaming)
        #expect(streaming.mode == .signedChunks)
        var decoder = AWSChunkedDecoder(mode: streaming.mode, chain: streaming.chain)
        var out: [UInt8] = []
        var offset = 0
        while offset < body.count {
            let end = min(body.count, offset + pieceSize)
            try body[offset..<end].withUnsafeBytes { bytes in
                try decoder.feed(bytes) { out += $0 }
            }
            offset = end
        }
        try decoder.finish()
        return out
    }

    @Test(arguments: [1, 7, 4096, 1 << 20])
    func documentationExampleVerifies(pieceSize: Int) throws {
        let out = try decode(Self.exampleBody(), pieceSize: pieceSize)
        #expect(out.count == 66560)
        #expect(out.allSatisfy { $0 == UInt8(ascii: "a") })
    }

    @Test func tamperedChunkIsRefused() throws {
        var body = Self.exampleBody()
        body[200] = UInt8(ascii: "b")
        #expect(throws: S3Error.self) { _ = try decode(body, pieceSize: 8192) }
        #expect(throws: S3Error.self) { _ = try decode(Self.exampleBody(lastSignature: String(repeating: "0", count: 64)), pieceSize: 8192) }
        #expect(throws: S3Error.self) { _ = try decode(Array(Self.exampleBody().dropLast(5)), pieceSize: 8192) }
    }

    /// The hand-built canonical request agrees with `SigV4Signer` on ordinary S3 requests.
    @Test(arguments: [
        "/bucket/key", "/bucket/a%20b/c~d%2Fe.txt", "/bucket/odd%20keys/a%2Bb%3Dc%26d%20%C3%A9.txt",
        "/bucket?list-type=2&prefix=a%2Fb&delimiter=%2F", "/bucket/k?uploadId=abc&partNumber=2", "/bucket?delete",
        "/bucket/k%2A(1)!'",
    ])
    func canonicalRequestMatchesTheSigner(target: String) throws {
        let credentials = AWSCredentials(accessKeyId: "AKID", secretAccessKey: "secret")
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "s3")
        let date = Date(timeIntervalSince1970: 1_790_000_000)
        let hash = sha256Hex(Array("body".utf8))
        let signed = try signer.signHeaders(method: "PUT", url: "http://127.0.0.1:9000" + target,
                                            headers: [("Content-Type", "text/plain"), ("X-Amz-Meta-A", "  x   y ")],
                                            payload: .precomputedHash(hash), date: date)
        let headers = signed.map { ($0.0.lowercased(), $0.1) }
        let authorization = try #require(headers.first { $0.0 == "authorization" }?.1)
        let auth = try #require(SigV4Verifier.parseAuthorization(authorization))
        let canonical = StreamingSignature.canonicalRequest(method: "PUT", target: RawTarget(target), signedHeaders: auth.signedHeaders,
                                                            values: { name in headers.filter { $0.0 == name }.map(\.1) }, payloadHash: hash)
        let amzDate = try #require(headers.first { $0.0 == "x-amz-date" }?.1)
        let scope = auth.dateStamp + "/us-east-1/s3/aws4_request"
        let key = StreamingSignature.signingKey(secret: "secret", dateStamp: auth.dateStamp, region: "us-east-1", service: "s3")
        let signature = StreamingSignature.hmacHex("AWS4-HMAC-SHA256\n\(amzDate)\n\(scope)\n" + sha256Hex(Array(canonical.utf8)), key: key)
        #expect(signature == auth.signature, "\(canonical)")
    }

    @Test func unsignedTrailerUploadOverHTTP() async throws {
        try await withServer { client, _ in
            _ = try await client.send("PUT", "/chunked")
            let data = Array("123456789".utf8)
            // STREAMING-UNSIGNED-PAYLOAD-TRAILER as botocore writes it over TLS: chunks, then the CRC32 trailer.
            let body = Array("9\r\n123456789\r\n0\r\nx-amz-checksum-crc32:y/Q5Jg==\r\n\r\n".utf8)
            // SigV4Signer cannot sign a STREAMING literal, so build the seed with the verifier's own code.
            let amzDate = SigV4Verifier.formatAMZDate(Date())
            let headers: [(String, String)] = [
                ("host", String(client.endpoint.dropFirst("http://".count))), ("content-encoding", "aws-chunked"),
                ("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"), ("x-amz-date", amzDate),
                ("x-amz-decoded-content-length", "9"), ("x-amz-trailer", "x-amz-checksum-crc32"),
            ]
            func sign(_ headers: [(String, String)], secret: String) -> [(String, String)] {
                let names = headers.map(\.0)
                let canonical = StreamingSignature.canonicalRequest(method: "PUT", target: RawTarget("/chunked/obj"), signedHeaders: names,
                                                                    values: { n in headers.filter { $0.0 == n }.map(\.1) },
                                                                    payloadHash: "STREAMING-UNSIGNED-PAYLOAD-TRAILER")
                let day = String(amzDate.prefix(8))
                let scope = day + "/us-east-1/s3/aws4_request"
                let key = StreamingSignature.signingKey(secret: secret, dateStamp: day, region: "us-east-1", service: "s3")
                let signature = StreamingSignature.hmacHex("AWS4-HMAC-SHA256\n\(amzDate)\n\(scope)\n" + sha256Hex(Array(canonical.utf8)), key: key)
                return headers + [("Authorization", "AWS4-HMAC-SHA256 Credential=\(client.credentials.accessKeyId)/\(scope), SignedHeaders=\(names.sorted().joined(separator: ";")), Signature=\(signature)")]
            }
            let ok = try await client.raw("PUT", url: client.endpoint + "/chunked/obj", headers: sign(headers, secret: client.credentials.secretAccessKey), body: body)
            #expect(ok.status == 200, "\(ok.text)")
            #expect(ok.header("ETag") == "\"" + hex(md5(data)) + "\"")
            #expect(try await client.send("GET", "/chunked/obj").body == data)
            let badTrailer = Array("9\r\n123456789\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n".utf8)
            let bad = try await client.raw("PUT", url: client.endpoint + "/chunked/obj", headers: sign(headers, secret: client.credentials.secretAccessKey), body: badTrailer)
            #expect(bad.xml("Code") == "BadDigest")
            let wrong = try await client.raw("PUT", url: client.endpoint + "/chunked/obj", headers: sign(headers, secret: "wrong"), body: body)
            #expect(wrong.xml("Code") == "SignatureDoesNotMatch")
        }
    }
}
