import AWSSigning
import Foundation
import NIOCore
import QuarryAWS
import QuarryCore
import QuarryEmulator
import QuarryEmulatorHTTP
@testable import QuarryEngine
import QuarryTesting
import Testing

/// The S3 object store and the Bedrock backend over real HTTP, against the emulator served in process
/// on a loopback port (S3 + Bedrock + Runtime, SigV4 checked).
@Suite struct BedrockProviderTests {
    static let credentials = AWSCredentials(accessKeyId: "AKIDENGINE", secretAccessKey: "engine-secret")
    static let role = "arn:aws:iam::123456789012:role/BedrockBatch"

    /// Runs `body` against a fresh server with `configure` applied, and fast retries.
    func withServer(_ configure: (inout EmulatorServer.Configuration) -> Void = { _ in },
                    _ body: @escaping @Sendable (AWSHTTPClient, AWSEndpointResolver, String) async throws -> Void) async throws {
        let dir = TemporaryDirectory("engine-s3")
        defer { dir.remove() }
        var configuration = EmulatorServer.Configuration(dataDirectory: dir.file("emulator"))
        configuration.credentials = [Self.credentials]
        configuration.emulator.minRecordsPerJob = 1
        configuration.emulator.jobSeconds = 0
        configure(&configuration)
        try FileManager.default.createDirectory(atPath: dir.file("emulator/objects/bucket"), withIntermediateDirectories: true)
        let data = dir.file("emulator")
        try await EmulatorServer(configuration: configuration).withRunning { endpoint in
            let http = AWSHTTPClient(configuration: .init(retry: RetryPolicy(maxAttempts: 10, baseDelay: .milliseconds(2), maxDelay: .milliseconds(20))))
            do {
                try await body(http, AWSEndpointResolver(all: endpoint), data)
                try await http.shutdown()
            } catch {
                try? await http.shutdown()
                throw error
            }
        }
    }

    static func store(_ http: AWSHTTPClient, _ endpoints: AWSEndpointResolver, credentials: AWSCredentials = credentials) throws -> S3ObjectStore {
        let s3 = try S3Client(http: http, credentials: StaticCredentialProvider(credentials), region: "us-east-1", endpoints: endpoints,
                              configuration: .init(signsPayload: false, partSize: 5 << 20, maxConcurrentParts: 3))
        return S3ObjectStore(s3: s3, bucket: "bucket", prefix: "pre/fix")
    }

    static func lines(_ count: Int) -> [[UInt8]] {
        (0..<count).map { i in Array("{\"recordId\":\"R\(i)\",\"pad\":\"\(String(repeating: "x", count: 1000 + i % 37))\"}\n".utf8) }
    }

    @Test func aLargeObjectIsUploadedInParallelPartsAndAppearsOnlyOnCommit() async throws {
        try await withServer { http, endpoints, _ in
            let store = try Self.store(http, endpoints)
            let uri = store.uri(forKey: "runs/r/input/shard-000001.jsonl")
            #expect(uri.description == "s3://bucket/pre/fix/runs/r/input/shard-000001.jsonl")
            let lines = Self.lines(13_000)   // ~13.3 MB: three 5 MiB parts
            let writer = try await store.makeWriter(for: uri)
            for line in lines { try await writer.write(line) }
            #expect(try await !store.exists(uri), "nothing is visible before commit")
            try await writer.commit()
            #expect(writer.bytesWritten == lines.reduce(0) { $0 + $1.count })
            let info = try await store.s3.headObject(bucket: "bucket", key: uri.key)
            #expect(info.eTag?.hasSuffix("-3") == true, "a multipart upload of 3 parts: \(info.eTag ?? "-")")
            #expect(try await store.list(prefix: store.uri(forKey: "runs/r/")) == [uri])

            var read: [String] = []
            try await store.openReader(for: uri).forEachLine { (buffer: [UInt8], range: Range<Int>) throws(QuarryError) in
                read.append(String(decoding: buffer[range], as: UTF8.self))
            }
            #expect(read == lines.map { String(decoding: $0.dropLast(), as: UTF8.self) })
        }
    }

    @Test func anAbortedUploadLeavesNoObjectAndNoParts() async throws {
        try await withServer { http, endpoints, data in
            let store = try Self.store(http, endpoints)
            let uri = store.uri(forKey: "aborted.jsonl")
            let writer = try await store.makeWriter(for: uri)
            for line in Self.lines(12_000) { try await writer.write(line) }
            await writer.abort()
            #expect(try await !store.exists(uri))
            let uploads = (try? FileManager.default.contentsOfDirectory(atPath: data + "/s3/uploads")) ?? []
            #expect(uploads.isEmpty, "multipart uploads left behind: \(uploads)")
            // A missing object is `notFound`, and a small object is one PutObject.
            await #expect(throws: QuarryError.self) { _ = try await store.openReader(for: uri) }
            let small = try await store.makeWriter(for: store.uri(forKey: "small.jsonl"))
            try await small.write(Array("{}\n".utf8))
            try await small.commit()
            #expect(try await store.s3.headObject(bucket: "bucket", key: "pre/fix/small.jsonl").eTag?.contains("-") == false)
        }
    }

    @Test func aWriterAbortsTheUnfinishedUploadsOfItsKeyLeftByAKilledRun() async throws {
        try await withServer { http, endpoints, _ in
            let store = try Self.store(http, endpoints)
            let uri = store.uri(forKey: "runs/r/input/shard-000002.jsonl")
            let other = store.uri(forKey: "runs/r/input/shard-000002.jsonl.other")
            // What a process killed mid-upload leaves: uploads started, parts stored, never finished.
            for key in [uri.key, uri.key, other.key] {
                let id = try await store.s3.createMultipartUpload(bucket: "bucket", key: key)
                _ = try await store.s3.uploadPart(bucket: "bucket", key: key, uploadId: id, partNumber: 1, body: ByteBuffer(string: "stale"))
            }
            // Listed a page at a time, both uploads of the one key come back.
            #expect(try await store.s3.listMultipartUploads(bucket: "bucket", prefix: "pre/", maxUploads: 1).map(\.key) == [uri.key, uri.key, other.key])
            let writer = try await store.makeWriter(for: uri)
            for line in Self.lines(12_000) { try await writer.write(line) }
            try await writer.commit()
            #expect(try await store.exists(uri))
            // Only the other key's upload is left: the writer touches no other key.
            #expect(try await store.s3.listMultipartUploads(bucket: "bucket").map(\.key) == [other.key])
        }
    }

    @Test func s3ErrorsAndDroppedConnectionsAreRetried() async throws {
        try await withServer({ $0.s3ErrorRate = 0.2; $0.dropRate = 0.1; $0.faultSeed = 3 }) { http, endpoints, _ in
            let store = try Self.store(http, endpoints)
            for n in 0..<3 {
                let uri = store.uri(forKey: "faults/\(n).jsonl")
                let lines = Self.lines(6_000 * (n + 1))
                let writer = try await store.makeWriter(for: uri)
                for line in lines { try await writer.write(line) }
                try await writer.commit()
                var count = 0
                try await store.openReader(for: uri).forEachLine { (_: [UInt8], _: Range<Int>) throws(QuarryError) in count += 1 }
                #expect(count == lines.count)
            }
            #expect(try await store.list(prefix: store.uri(forKey: "faults/")).count == 3)
        }
    }

    static func backend(_ http: AWSHTTPClient, _ endpoints: AWSEndpointResolver, credentials: AWSCredentials = credentials) throws -> BedrockBackend {
        let provider = StaticCredentialProvider(credentials)
        var options = BedrockOptions(roleArn: role, bucket: "bucket")
        options.tags = ["team": "search"]
        options.timeoutHours = 48
        options.realtimeRate = 1000
        return BedrockBackend(bedrock: try BedrockClient(http: http, credentials: provider, region: "us-east-1", endpoints: endpoints),
                              runtime: try BedrockRuntimeClient(http: http, credentials: provider, region: "us-east-1", endpoints: endpoints),
                              options: options, runName: "run")
    }

    static func stage(_ store: S3ObjectStore, key: String, records: Int) async throws -> S3URI {
        let uri = store.uri(forKey: key)
        let writer = try await store.makeWriter(for: uri)
        for i in 0..<records {
            try await writer.write(Array("{\"recordId\":\"R\(i)\",\"modelInput\":{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":20,\"messages\":[{\"role\":\"user\",\"content\":\"joke \(i)\"}]}}\n".utf8))
        }
        try await writer.commit()
        return uri
    }

    @Test func submitIsIdempotentByTokenAndListFindsTheRunsJobs() async throws {
        try await withServer { http, endpoints, _ in
            let store = try Self.store(http, endpoints)
            let backend = try Self.backend(http, endpoints)
            let input = try await Self.stage(store, key: "in/shard-1.jsonl", records: 5)
            let request = BatchJobRequest(jobName: "run-abc-00001", clientToken: "token-1", modelId: "anthropic.claude-3-5-haiku-20241022-v1:0",
                                          inputURI: input, outputURI: store.uri(forKey: "out/shard-1/"))
            let first = try await backend.submit(request)
            #expect(try await backend.submit(request) == first, "the same client token returns the same job")
            var other = request
            other.jobName = "other-00001"
            other.clientToken = "token-2"
            _ = try await backend.submit(other)
            let listed = try await backend.list(namePrefix: "run-abc-")
            #expect(listed.map(\.jobName) == ["run-abc-00001"])
            let job = try await backend.describe(jobId: first)
            #expect(job.isTerminal && job.status == "Completed")
            let outputs = try await store.list(prefix: backend.outputPrefix(outputURI: request.outputURI, jobId: first))
            #expect(outputs.contains { $0.key.hasSuffix("shard-1.jsonl.out") })
            // The real-time lane.
            let answer = try await backend.invoke(modelId: request.modelId, body: Array("{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":20,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}".utf8))
            #expect(String(decoding: answer, as: UTF8.self).contains("emulated"))
            // Tags, timeout and the role went out with the job.
            let create = backend.createRequest(request)
            #expect(create.tags?.contains(BedrockTag(key: "quarry:run", value: "run")) == true && create.timeoutDurationInHours == 48)
        }
    }

    @Test func providerErrorsMapOntoTheSchedulersKinds() async throws {
        try await withServer({ $0.emulator.maxConcurrentJobsPerModel = 1; $0.emulator.jobSeconds = 600 }) { http, endpoints, _ in
            let store = try Self.store(http, endpoints)
            let backend = try Self.backend(http, endpoints)
            let input = try await Self.stage(store, key: "in/a.jsonl", records: 3)
            func request(_ n: Int, model: String = "anthropic.claude-3-5-haiku-20241022-v1:0") -> BatchJobRequest {
                BatchJobRequest(jobName: "run-\(n)", clientToken: "t-\(n)", modelId: model, inputURI: input, outputURI: store.uri(forKey: "out/\(n)/"))
            }
            _ = try await backend.submit(request(1))
            await #expect { _ = try await backend.submit(request(2)) } throws: { ($0 as? BackendError)?.kind == .quotaExceeded }
            var invalid = request(3)
            invalid.jobName = "not a valid name!"
            await #expect { _ = try await backend.submit(invalid) } throws: { ($0 as? BackendError)?.kind == .invalid && ($0 as? BackendError)?.code == "ValidationException" }
            await #expect { _ = try await backend.describe(jobId: "000000000000") } throws: { ($0 as? BackendError)?.kind == .notFound }
            let stranger = try Self.backend(http, endpoints, credentials: AWSCredentials(accessKeyId: "AKIDENGINE", secretAccessKey: "wrong"))
            await #expect { _ = try await stranger.list(namePrefix: "run-") } throws: { e in
                guard let e = e as? BackendError else { return false }
                return e.kind == .accessDenied && !e.description.contains("wrong")
            }
        }
        try await withServer({ $0.emulator.throttleRate = 1 }) { http, endpoints, _ in
            let backend = try Self.backend(http, endpoints)
            await #expect { _ = try await backend.list(namePrefix: "run-") } throws: { ($0 as? BackendError)?.kind == .throttled }
        }
    }
}
