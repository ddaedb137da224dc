import AWSSigning
import Crypto
import Foundation
import NIOCore
import Testing
@testable import QuarryAWS

/// Runs `body` with an S3 client pointed at the suite's moto server (path-style, us-east-1).
func withMotoS3<T>(partSize: Int = 5 << 20, maxConcurrentParts: Int = 3, region: String = "us-east-1",
                   _ body: (S3Client) async throws -> T) async throws -> T {
    let moto = try #require(MotoServer.current)
    return try await withHTTPClient(maxAttempts: 3, timeout: .seconds(60), now: { Date() }) { http, _ in
        let s3 = try S3Client(http: http, credentials: StaticCredentialProvider(AWSCredentials(accessKeyId: "AKIDMOTO", secretAccessKey: "motoSecret")),
                              region: region, endpoints: AWSEndpointResolver(overrides: ["s3": moto.url]),
                              configuration: .init(partSize: partSize, maxConcurrentParts: maxConcurrentParts))
        return try await body(s3)
    }
}

func uniqueBucket(_ name: String) -> String { "quarry-\(name)-\(UUID().uuidString.prefix(8).lowercased())" }

/// Deterministic pseudo-random bytes.
func testBytes(count: Int, seed: UInt64 = 42) -> ByteBuffer {
    var state = seed
    var buffer = ByteBuffer()
    buffer.reserveCapacity(count)
    for _ in 0..<(count / 8) {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        buffer.writeInteger(state)
    }
    for _ in 0..<(count % 8) { buffer.writeInteger(UInt8(truncatingIfNeeded: state >> 33)) }
    return buffer
}

/// `buffer` in chunks of `size` bytes, as an upload source.
func chunks(_ buffer: ByteBuffer, size: Int) -> AsyncStream<ByteBuffer> {
    AsyncStream { continuation in
        var copy = buffer
        while copy.readableBytes > 0 { continuation.yield(copy.readSlice(length: min(size, copy.readableBytes))!) }
        continuation.finish()
    }
}

@Suite("S3 and Bedrock Runtime clients against moto_server", .motoServer, .serialized)
struct S3ClientMotoTests {
    @Test("CreateBucket, HeadBucket, PutObject, HeadObject, GetObject round trip with metadata and odd keys")
    func roundTrip() async throws {
        try await withMotoS3 { s3 in
            let bucket = uniqueBucket("rt")
            try await s3.createBucket(bucket)
            try await s3.headBucket(bucket)
            for key in ["plain.jsonl", "dir/sub/a b+c=d&e.jsonl", "unicode/é中文.txt", "symbols/!'()*~@$,;:.jsonl"] {
                let body = ByteBuffer(string: "hello \(key)\n")
                let put = try await s3.putObject(bucket: bucket, key: key, body: body, contentType: "application/jsonl",
                                                 metadata: ["Run": "r1"])
                #expect(put.eTag == S3Client.hex(S3Client.md5(body)))
                let info = try await s3.headObject(bucket: bucket, key: key)
                #expect(info.contentLength == Int64(body.readableBytes))
                #expect(info.eTag == put.eTag)
                #expect(info.contentType == "application/jsonl")
                #expect(info.metadata["run"] == "r1")
                #expect(info.lastModified != nil)
                #expect(try await s3.getObjectBytes(bucket: bucket, key: key) == body)
            }
            let listed = try await s3.listAllObjects(bucket: bucket).map(\.key)
            #expect(Set(listed) == ["plain.jsonl", "dir/sub/a b+c=d&e.jsonl", "unicode/é中文.txt", "symbols/!'()*~@$,;:.jsonl"])
        }
    }

    @Test("Ranged and streaming reads")
    func rangedReads() async throws {
        try await withMotoS3 { s3 in
            let bucket = uniqueBucket("range")
            try await s3.createBucket(bucket)
            let body = testBytes(count: 1_000_000)
            try await s3.putObject(bucket: bucket, key: "blob", body: body)
            let middle = try await s3.getObjectBytes(bucket: bucket, key: "blob", range: .closed(1000, 1999))
            #expect(middle == body.getSlice(at: 1000, length: 1000))
            let tail = try await s3.getObjectBytes(bucket: bucket, key: "blob", range: .suffix(10))
            #expect(tail == body.getSlice(at: 999_990, length: 10))
            let from = try await s3.getObjectBytes(bucket: bucket, key: "blob", range: .from(999_000))
            #expect(from == body.getSlice(at: 999_000, length: 1000))
            let output = try await s3.getObject(bucket: bucket, key: "blob", range: .closed(0, 9))
            #expect(output.info.contentLength == 10)
            #expect(output.info.contentRange == "bytes 0-9/1000000")
            var streamed = ByteBuffer()
            for try await var chunk in try await s3.getObject(bucket: bucket, key: "blob").body { streamed.writeBuffer(&chunk) }
            #expect(streamed == body)
        }
    }

    @Test("Multipart: ~20 MB in 5 MiB parts, in parallel; the final ETag is md5-of-md5s-4")
    func multipart() async throws {
        try await withMotoS3(partSize: 5 << 20, maxConcurrentParts: 2) { s3 in
            let bucket = uniqueBucket("mpu")
            try await s3.createBucket(bucket)
            let body = testBytes(count: 20_000_000)
            let result = try await s3.uploadObject(bucket: bucket, key: "big/object.jsonl", from: chunks(body, size: 1 << 20),
                                                   contentType: "application/jsonl")
            #expect(result.partCount == 4)
            #expect(result.eTag.hasSuffix("-4"))
            let info = try await s3.headObject(bucket: bucket, key: "big/object.jsonl")
            #expect(info.contentLength == 20_000_000)
            let back = try await s3.getObjectBytes(bucket: bucket, key: "big/object.jsonl")
            #expect(back == body)
            // Small data from the same entry point is a single PUT.
            let small = try await s3.uploadObject(bucket: bucket, key: "small", from: chunks(ByteBuffer(string: "tiny"), size: 2))
            #expect(small.partCount == 1)
            // Exactly one part's worth is also a single PUT; one byte more is two parts.
            let exact = try await s3.uploadObject(bucket: bucket, key: "exact", from: chunks(testBytes(count: 5 << 20), size: 3 << 20))
            #expect(exact.partCount == 1)
            let twoParts = try await s3.uploadObject(bucket: bucket, key: "two", from: chunks(testBytes(count: (5 << 20) + 1), size: 3 << 20))
            #expect(twoParts.partCount == 2)
            #expect(try await s3.headObject(bucket: bucket, key: "two").contentLength == Int64((5 << 20) + 1))
        }
    }

    @Test("Multipart failure aborts the upload")
    func multipartAbort() async throws {
        struct SourceFailed: Error {}
        try await withMotoS3 { s3 in
            let bucket = uniqueBucket("abort")
            try await s3.createBucket(bucket)
            let failing = AsyncThrowingStream<ByteBuffer, any Error> { continuation in
                continuation.yield(testBytes(count: 6 << 20))
                continuation.yield(testBytes(count: 6 << 20))
                continuation.finish(throwing: SourceFailed())
            }
            await #expect(throws: SourceFailed.self) {
                try await s3.uploadObject(bucket: bucket, key: "partial", from: failing)
            }
            // No object, and no upload left behind.
            #expect(await awsError { _ = try await s3.headObject(bucket: bucket, key: "partial") }?.kind == .notFound)
            #expect(try await s3.listMultipartUploads(bucket: bucket).isEmpty)
        }
    }

    @Test("ListMultipartUploads lists the unfinished uploads under a prefix, odd keys included")
    func listUploads() async throws {
        try await withMotoS3 { s3 in
            let bucket = uniqueBucket("uploads")
            try await s3.createBucket(bucket)
            var started: [String: String] = [:]
            for key in ["runs/r1/shard-1.jsonl", "runs/r1/a b+c&é.jsonl", "runs/r2/shard-1.jsonl"] {
                started[key] = try await s3.createMultipartUpload(bucket: bucket, key: key)
            }
            let listed = try await s3.listMultipartUploads(bucket: bucket, prefix: "runs/r1/")
            #expect(Set(listed.map { "\($0.key) \($0.uploadId)" }) == Set(["runs/r1/shard-1.jsonl", "runs/r1/a b+c&é.jsonl"].map { "\($0) \(started[$0]!)" }))
            for upload in try await s3.listMultipartUploads(bucket: bucket) {
                try await s3.abortMultipartUpload(bucket: bucket, key: upload.key, uploadId: upload.uploadId)
            }
            #expect(try await s3.listMultipartUploads(bucket: bucket).isEmpty)
        }
    }

    @Test("uploadFile reads a local file part by part")
    func uploadFile() async throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        let body = testBytes(count: 11 << 20, seed: 7)
        let path = folder.path + "/shard.jsonl"
        try Data(body.readableBytesView).write(to: URL(fileURLWithPath: path))
        try await withMotoS3 { s3 in
            let bucket = uniqueBucket("file")
            try await s3.createBucket(bucket)
            let result = try await s3.uploadFile(bucket: bucket, key: "staged/shard.jsonl", path: path)
            #expect(result.partCount == 3)
            #expect(try await s3.getObjectBytes(bucket: bucket, key: "staged/shard.jsonl") == body)
        }
    }

    @Test("ListObjectsV2 paginates 1,200 keys with continuation tokens; prefix and delimiter")
    func listing() async throws {
        try await withMotoS3 { s3 in
            let bucket = uniqueBucket("list")
            try await s3.createBucket(bucket)
            let keys = (0..<1200).map { String(format: "out/job%02d/part-%05d.jsonl.out", $0 % 3, $0) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, key) in keys.enumerated() {
                    if index >= 16 { try await group.next() }
                    group.addTask { try await s3.putObject(bucket: bucket, key: key, body: ByteBuffer(string: "x")) }
                }
                try await group.waitForAll()
            }
            try await s3.putObject(bucket: bucket, key: "other/file", body: ByteBuffer(string: "y"))
            var pages = 0
            var seen: [String] = []
            for try await page in s3.listObjectsV2Pages(bucket: bucket, prefix: "out/", maxKeys: 500) {
                pages += 1
                seen += page.objects.map(\.key)
            }
            #expect(pages == 3)
            #expect(seen == keys.sorted())
            #expect(try await s3.listAllObjects(bucket: bucket).count == 1201)
            let folders = try await s3.listObjectsV2(bucket: bucket, prefix: "out/", delimiter: "/")
            #expect(folders.commonPrefixes == ["out/job00/", "out/job01/", "out/job02/"])
            #expect(folders.objects.isEmpty)
            let first = try await s3.listObjectsV2(bucket: bucket, prefix: "out/job01/", maxKeys: 2)
            #expect(first.isTruncated)
            #expect(first.nextContinuationToken != nil)
            #expect(first.objects.count == 2)
            #expect(first.objects[0].size == 1)

            // DeleteObjects in batches of 1,000.
            let failures = try await s3.deleteObjects(bucket: bucket, keys: keys)
            #expect(failures.isEmpty)
            #expect(try await s3.listAllObjects(bucket: bucket).map(\.key) == ["other/file"])
            try await s3.deleteObject(bucket: bucket, key: "other/file")
            #expect(try await s3.listAllObjects(bucket: bucket).isEmpty)
            try await s3.deleteBucket(bucket)
        }
    }

    @Test("Errors map to kinds: NoSuchKey, NoSuchBucket, HEAD 404, conditional put")
    func errors() async throws {
        try await withMotoS3 { s3 in
            let bucket = uniqueBucket("err")
            try await s3.createBucket(bucket)
            let noKey = await awsError { _ = try await s3.getObjectBytes(bucket: bucket, key: "missing") }
            #expect(noKey?.code == "NoSuchKey")
            #expect(noKey?.kind == .notFound)
            #expect(noKey?.httpStatus == 404)
            #expect(noKey?.operation == "S3.GetObject")
            let noBucket = await awsError { _ = try await s3.listObjectsV2(bucket: "quarry-no-such-bucket-\(UUID().uuidString.prefix(6).lowercased())") }
            #expect(noBucket?.code == "NoSuchBucket")
            #expect(noBucket?.kind == .notFound)
            let head = await awsError { _ = try await s3.headObject(bucket: bucket, key: "missing") }
            #expect(head?.kind == .notFound)
            let headBucket = await awsError { try await s3.headBucket("quarry-absent-\(UUID().uuidString.prefix(6).lowercased())") }
            #expect(headBucket?.kind == .notFound)
            try await s3.putObject(bucket: bucket, key: "once", body: ByteBuffer(string: "1"))
            let conditional = await awsError { try await s3.putObject(bucket: bucket, key: "once", body: ByteBuffer(string: "2"), ifNoneMatch: "*") }
            #expect(conditional?.kind == .preconditionFailed)
        }
    }

    @Test("A bucket outside us-east-1 is created with a LocationConstraint")
    func regionalBucket() async throws {
        try await withMotoS3(region: "eu-west-1") { s3 in
            let bucket = uniqueBucket("eu")
            try await s3.createBucket(bucket)
            #expect(try await s3.headBucket(bucket) == "eu-west-1")
            // Outside us-east-1, creating a bucket you already own is BucketAlreadyOwnedByYou.
            let again = await awsError { try await s3.createBucket(bucket) }
            #expect(again?.code == "BucketAlreadyOwnedByYou")
            #expect(again?.kind == .conflict)
        }
    }

    @Test("Bedrock Runtime InvokeModel reaches moto's bedrock-runtime (signing name bedrock, model id encoded)")
    func invokeModelOnMoto() async throws {
        let moto = try #require(MotoServer.current)
        try await withHTTPClient(now: { Date() }) { http, _ in
            let runtime = try BedrockRuntimeClient(http: http, credentials: StaticCredentialProvider(AWSCredentials(accessKeyId: "AKIDMOTO", secretAccessKey: "s")),
                                                   region: "us-east-1", endpoints: AWSEndpointResolver(all: moto.url))
            let output = try await runtime.invokeModel(modelId: "anthropic.claude-3-haiku-20240307-v1:0",
                                                       body: Array(#"{"anthropic_version":"bedrock-2023-05-31","max_tokens":10,"messages":[]}"#.utf8))
            #expect(String(buffer: output.body) == "{}")
        }
    }
}
