import Foundation
import Testing
@testable import QuarryEmulatorHTTP

@Suite("S3 over HTTP")
struct S3Tests {
    @Test func bucketAndObjectRoundTrip() async throws {
        try await withServer { client, data in
            #expect(try await client.send("PUT", "/inbox").status == 200)
            #expect(try await client.send("HEAD", "/inbox").status == 200)
            #expect(try await client.send("HEAD", "/nobucket").status == 404)
            let body = Array("hello, emulator".utf8)
            let put = try await client.send("PUT", "/inbox/a/b%20c.txt", headers: [("Content-Type", "text/plain"), ("x-amz-meta-owner", "me")], body: body)
            #expect(put.status == 200)
            #expect(put.header("ETag") == "\"" + hex(md5(body)) + "\"")
            // The object is a file in the emulator's storage root.
            #expect(FileManager.default.contents(atPath: data + "/objects/inbox/a/b c.txt") == Data(body))
            let get = try await client.send("GET", "/inbox/a/b%20c.txt")
            #expect(get.status == 200)
            #expect(get.body == body)
            #expect(get.header("Content-Type") == "text/plain")
            #expect(get.header("x-amz-meta-owner") == "me")
            let head = try await client.send("HEAD", "/inbox/a/b%20c.txt")
            #expect(head.header("Content-Length") == String(body.count))
            #expect(head.header("ETag") == put.header("ETag"))
            let range = try await client.send("GET", "/inbox/a/b%20c.txt", headers: [("Range", "bytes=7-14")])
            #expect(range.status == 206)
            #expect(range.text == "emulator")
            #expect(range.header("Content-Range") == "bytes 7-14/15")
            let suffix = try await client.send("GET", "/inbox/a/b%20c.txt", headers: [("Range", "bytes=-3")])
            #expect(suffix.text == "tor")
            let bad = try await client.send("GET", "/inbox/a/b%20c.txt", headers: [("Range", "bytes=100-")])
            #expect(bad.status == 416)
            let missing = try await client.send("GET", "/inbox/nothing")
            #expect(missing.status == 404)
            #expect(missing.xml("Code") == "NoSuchKey")
            let noBucket = try await client.send("GET", "/nobucket/x")
            #expect(noBucket.xml("Code") == "NoSuchBucket")
            #expect(try await client.send("DELETE", "/inbox/a/b%20c.txt").status == 204)
            #expect(try await client.send("GET", "/inbox/a/b%20c.txt").status == 404)
            #expect(!FileManager.default.fileExists(atPath: data + "/objects/inbox/a"))
            let buckets = try await client.send("GET", "/")
            #expect(buckets.xmlAll("Name") == ["inbox"])
        }
    }

    @Test func conditionalGets() async throws {
        try await withServer { client, _ in
            _ = try await client.send("PUT", "/bk1")
            let put = try await client.send("PUT", "/bk1/k", body: Array("x".utf8))
            let etag = try #require(put.header("ETag"))
            #expect(try await client.send("GET", "/bk1/k", headers: [("If-Match", etag)]).status == 200)
            let failed = try await client.send("GET", "/bk1/k", headers: [("If-Match", "\"0000\"")])
            #expect(failed.status == 412)
            #expect(failed.xml("Code") == "PreconditionFailed")
            #expect(try await client.send("GET", "/bk1/k", headers: [("If-None-Match", etag)]).status == 304)
        }
    }

    @Test func digestsAreChecked() async throws {
        try await withServer { client, _ in
            _ = try await client.send("PUT", "/bk2")
            let body = Array("payload".utf8)
            let goodMD5 = Data(md5(body)).base64EncodedString()
            #expect(try await client.send("PUT", "/bk2/k", headers: [("Content-MD5", goodMD5)], body: body).status == 200)
            let badMD5 = Data(md5(Array("other".utf8))).base64EncodedString()
            let bad = try await client.send("PUT", "/bk2/k", headers: [("Content-MD5", badMD5)], body: body)
            #expect(bad.status == 400)
            #expect(bad.xml("Code") == "BadDigest")
            // CRC32 of "payload" is 0x5E2B6E5B? Let the server compute it: a wrong value must fail.
            let badCRC = try await client.send("PUT", "/bk2/k", headers: [("x-amz-checksum-crc32", "AAAAAA==")], body: body)
            #expect(badCRC.xml("Code") == "BadDigest")
            // "123456789" has the standard check value CBF43926.
            let check = Array("123456789".utf8)
            let crc = try await client.send("PUT", "/bk2/check", headers: [("x-amz-checksum-crc32", "y/Q5Jg==")], body: check)
            #expect(crc.status == 200)
            #expect(crc.header("x-amz-checksum-crc32") == "y/Q5Jg==")
            let crcc = try await client.send("PUT", "/bk2/checkc", headers: [("x-amz-checksum-crc32c", "4waSgw==")], body: check)
            #expect(crcc.status == 200)
        }
    }

    @Test func listObjectsV2PagesWithDelimiter() async throws {
        try await withServer { client, _ in
            _ = try await client.send("PUT", "/lst")
            let keys = ["a.txt", "dir/1", "dir/2", "dir/sub/3", "e+f.txt", "z/9"]
            for key in keys {
                _ = try await client.send("PUT", "/lst/" + key.replacingOccurrences(of: "+", with: "%2B"), body: Array(key.utf8))
            }
            let all = try await client.send("GET", "/lst?list-type=2")
            #expect(all.xmlAll("Key") == keys)
            #expect(all.xml("KeyCount") == "6")
            #expect(all.xml("IsTruncated") == "false")
            let delimited = try await client.send("GET", "/lst?delimiter=%2F&list-type=2")
            #expect(delimited.xmlAll("Key") == ["a.txt", "e+f.txt"])
            #expect(delimited.xmlAll("Prefix").filter { !$0.isEmpty } == ["dir/", "z/"])
            let prefixed = try await client.send("GET", "/lst?delimiter=%2F&list-type=2&prefix=dir%2F")
            #expect(prefixed.xmlAll("Key") == ["dir/1", "dir/2"])
            #expect(prefixed.xmlAll("Prefix").contains("dir/sub/"))
            // Pages of 2 with a delimiter: common prefixes count as entries and are not repeated.
            var seen: [String] = []
            var token: String?
            var pages = 0
            repeat {
                var path = "/lst?delimiter=%2F&list-type=2&max-keys=2"
                if let token { path += "&continuation-token=" + PercentCoding.encode(token) }
                let page = try await client.send("GET", path)
                seen += page.xmlAll("Key") + page.xmlAll("Prefix").filter { !$0.isEmpty }
                token = page.xml("NextContinuationToken")
                pages += 1
            } while token != nil && pages < 10
            #expect(Set(seen) == ["a.txt", "dir/", "e+f.txt", "z/"])
            #expect(seen.count == 4)
            let after = try await client.send("GET", "/lst?list-type=2&start-after=dir%2F2")
            #expect(after.xmlAll("Key") == ["dir/sub/3", "e+f.txt", "z/9"])
            let encoded = try await client.send("GET", "/lst?list-type=2&encoding-type=url&prefix=e")
            #expect(encoded.xmlAll("Key") == ["e%2Bf.txt"])
            #expect(encoded.xml("EncodingType") == "url")
        }
    }

    @Test func deleteObjectsDocument() async throws {
        try await withServer { client, _ in
            _ = try await client.send("PUT", "/del")
            for k in ["x", "y", "z"] { _ = try await client.send("PUT", "/del/\(k)", body: [1]) }
            let doc = Array("<Delete><Object><Key>x</Key></Object><Object><Key>y</Key></Object><Object><Key>nope</Key></Object></Delete>".utf8)
            let md5Header = Data(md5(doc)).base64EncodedString()
            let reply = try await client.send("POST", "/del?delete", headers: [("Content-MD5", md5Header)], body: doc)
            #expect(reply.status == 200)
            #expect(reply.xmlAll("Key") == ["x", "y", "nope"])
            let rest = try await client.send("GET", "/del?list-type=2")
            #expect(rest.xmlAll("Key") == ["z"])
        }
    }

    @Test func multipartUpload() async throws {
        try await withServer { client, _ in
            _ = try await client.send("PUT", "/mpu")
            let create = try await client.send("POST", "/mpu/big.bin?uploads")
            let uploadId = try #require(create.xml("UploadId"))
            let part1 = [UInt8](repeating: 7, count: 5 * 1024 * 1024)
            let part2 = Array("tail".utf8)
            let r1 = try await client.send("PUT", "/mpu/big.bin?partNumber=1&uploadId=\(uploadId)", body: part1)
            let r2 = try await client.send("PUT", "/mpu/big.bin?partNumber=2&uploadId=\(uploadId)", body: part2)
            let e1 = try #require(r1.header("ETag")), e2 = try #require(r2.header("ETag"))
            // A wrong ETag is refused with InvalidPart.
            let wrong = "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>\"00\"</ETag></Part></CompleteMultipartUpload>"
            let invalid = try await client.send("POST", "/mpu/big.bin?uploadId=\(uploadId)", body: Array(wrong.utf8))
            #expect(invalid.xml("Code") == "InvalidPart")
            let doc = "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>\(e1)</ETag></Part>"
                + "<Part><PartNumber>2</PartNumber><ETag>\(e2)</ETag></Part></CompleteMultipartUpload>"
            let done = try await client.send("POST", "/mpu/big.bin?uploadId=\(uploadId)", body: Array(doc.utf8))
            #expect(done.status == 200)
            let expected = "\"" + hex(md5(md5(part1) + md5(part2))) + "-2\""
            #expect(done.xml("ETag") == expected.replacingOccurrences(of: "\"", with: "&quot;"))
            let get = try await client.send("GET", "/mpu/big.bin")
            #expect(get.body == part1 + part2)
            #expect(get.header("ETag") == expected)
            let gone = try await client.send("POST", "/mpu/big.bin?uploadId=\(uploadId)", body: Array(doc.utf8))
            #expect(gone.xml("Code") == "NoSuchUpload")
            // Abort.
            let other = try #require(try await client.send("POST", "/mpu/o?uploads").xml("UploadId"))
            #expect(try await client.send("DELETE", "/mpu/o?uploadId=\(other)").status == 204)
            #expect(try await client.send("PUT", "/mpu/o?partNumber=1&uploadId=\(other)", body: [1]).xml("Code") == "NoSuchUpload")
        }
    }

    @Test func reservedAndInvalidNames() async throws {
        try await withServer { client, _ in
            let reserved = try await client.send("PUT", "/model")
            #expect(reserved.xml("Code") == "InvalidBucketName", "\(reserved.status) \(reserved.text)")
            #expect(try await client.send("PUT", "/Upper").xml("Code") == "InvalidBucketName")
            _ = try await client.send("PUT", "/ok-bucket")
            #expect(try await client.send("PUT", "/ok-bucket/a/%2E%2E/b", body: [1]).xml("Code") == "InvalidArgument")
        }
    }

    @Test func injectedS3Errors() async throws {
        try await withServer(configure: { $0.s3ErrorRate = 1 }) { client, _ in
            let reply = try await client.send("GET", "/")
            #expect([500, 503].contains(reply.status))
            #expect(["SlowDown", "InternalError"].contains(reply.xml("Code") ?? ""))
        }
    }

    @Test func droppedConnections() async throws {
        try await withServer(configure: { $0.dropRate = 1 }) { client, _ async throws -> Void in
            await #expect(throws: (any Error).self) { _ = try await client.send("GET", "/") }
        }
    }

    @Test func objectsSurviveRestart() async throws {
        let data = makeTemporaryDirectory()
        try await withServer(dataDirectory: data) { client, _ in
            _ = try await client.send("PUT", "/keep")
            _ = try await client.send("PUT", "/keep/k", headers: [("Content-Type", "application/x-test")], body: [1, 2, 3])
        }
        try await withServer(dataDirectory: data) { client, _ in
            let get = try await client.send("GET", "/keep/k")
            #expect(get.body == [1, 2, 3])
            #expect(get.header("Content-Type") == "application/x-test")
        }
    }
}
