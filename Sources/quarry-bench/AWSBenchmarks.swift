import AWSSigning
import ArgumentParser
import Foundation
import Logging
import NIOCore
import QuarryAWS
import QuarryCore
import QuarryEmulator
import QuarryEmulatorHTTP
import QuarryEngine

/// `quarry-bench sign`: SigV4 header signatures per second (S3 PUT with a precomputed payload hash,
/// and a Bedrock POST hashing a 300-byte body).
struct Sign: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "SigV4 signing rate (signatures per second).")
    @Option(help: "Signatures per kind.") var count = 200_000

    func run() throws {
        let credentials = AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                         sessionToken: "FQoGZXIvYXdzEXAMPLETOKEN")
        let s3 = SigV4Signer(credentials: credentials, region: "us-east-1", service: "s3", configuration: .s3)
        let bedrock = SigV4Signer(credentials: credentials, region: "us-east-1", service: "bedrock")
        let date = Date()
        let body = Array(String(repeating: "{\"modelInput\":1}", count: 19).utf8)
        var out: [String: Double] = [:]
        var sink = 0
        var t0 = Date()
        for i in 0..<count {
            let headers = try s3.signHeaders(method: "PUT", url: "https://bucket.s3.us-east-1.amazonaws.com/runs/r/input/shard-\(i).jsonl?partNumber=3&uploadId=abc",
                                             headers: [("Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg=="), ("Content-Type", "application/jsonl")],
                                             payload: .unsigned, date: date)
            sink &+= headers.count
        }
        out["s3_put_signatures_per_second"] = Double(count) / Date().timeIntervalSince(t0)
        t0 = Date()
        for _ in 0..<count {
            let headers = try bedrock.signHeaders(method: "POST", url: "https://bedrock.us-east-1.amazonaws.com/model-invocation-job",
                                                  headers: [("Content-Type", "application/json")], payload: .bytes(body), date: date)
            sink &+= headers.count
        }
        out["bedrock_post_signatures_per_second"] = Double(count) / Date().timeIntervalSince(t0)
        out["checksum"] = Double(sink % 7)
        print(String(decoding: try JSONSerialization.data(withJSONObject: out, options: [.sortedKeys]), as: UTF8.self))
    }
}

/// `quarry-bench s3`: upload and download throughput of the engine's S3 object store (streaming
/// multipart with parallel parts; streaming GetObject) against the HTTP emulator on loopback.
struct S3Throughput: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "s3", abstract: "S3 multipart upload and download MB/s to the local HTTP emulator.")
    @Option(help: "Megabytes per object.") var megabytes = 1024
    @Option(help: "Part size in MiB.") var partMiB = 16
    @Option(help: "Parts in flight.") var parallel = 4
    @Option(help: "Working folder (the emulator's data).") var workdir: String?

    func run() async throws {
        let dir = workdir ?? NSTemporaryDirectory() + "quarry-bench-s3-\(UUID().uuidString.prefix(6))"
        defer { if workdir == nil { try? FileManager.default.removeItem(atPath: dir) } }
        try FileManager.default.createDirectory(atPath: dir + "/objects/bench", withIntermediateDirectories: true)
        let credentials = AWSCredentials(accessKeyId: "AKIDBENCH", secretAccessKey: "bench-secret")
        var configuration = EmulatorServer.Configuration(dataDirectory: dir)
        configuration.credentials = [credentials]
        let logger = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })
        let (megabytes, partMiB, parallel) = (megabytes, partMiB, parallel)
        let out = try await EmulatorServer(configuration: configuration, logger: logger).withRunning { endpoint -> [String: Double] in
            let http = AWSHTTPClient()
            let s3 = try S3Client(http: http, credentials: StaticCredentialProvider(credentials), region: "us-east-1",
                                  endpoints: AWSEndpointResolver(all: endpoint),
                                  configuration: .init(signsPayload: false, partSize: partMiB << 20, maxConcurrentParts: parallel))
            let store = S3ObjectStore(s3: s3, bucket: "bench", prefix: "")
            // One JSONL line of ~1.4 KB, written ~megabytes MB worth (as the stager writes shards).
            let line = Array(("{\"recordId\":\"R1\",\"modelInput\":{\"messages\":[{\"role\":\"user\",\"content\":\"" + String(repeating: "lorem ipsum ", count: 115) + "\"}]}}\n").utf8)
            let lines = megabytes * 1_000_000 / line.count
            var result: [String: Double] = [:]
            let uri = store.uri(forKey: "bench/object.jsonl")
            let t0 = Date()
            let writer = try await store.makeWriter(for: uri)
            for _ in 0..<lines { try await writer.write(line) }
            let tc = Date()
            try await writer.commit()
            let t1 = Date()
            result["upload_commit_seconds"] = t1.timeIntervalSince(tc)
            result["upload_seconds"] = t1.timeIntervalSince(t0)
            let bytes = Double(writer.bytesWritten)
            result["upload_mb_per_second"] = bytes / 1e6 / t1.timeIntervalSince(t0)
            // Download: raw streaming GetObject, then the engine's line reader.
            var received = 0
            for try await chunk in try await s3.getObject(bucket: "bench", key: uri.key).body { received += chunk.readableBytes }
            let t2 = Date()
            result["download_mb_per_second"] = Double(received) / 1e6 / t2.timeIntervalSince(t1)
            var count = 0
            try await store.openReader(for: uri).forEachLine { (_: [UInt8], _: Range<Int>) throws(QuarryError) in count += 1 }
            let t3 = Date()
            result["read_lines_mb_per_second"] = bytes / 1e6 / t3.timeIntervalSince(t2)
            result["megabytes"] = bytes / 1e6
            result["lines_ok"] = count == lines ? 1 : 0
            try await http.shutdown()
            return result
        }
        print(String(decoding: try JSONSerialization.data(withJSONObject: out, options: [.sortedKeys]), as: UTF8.self))
    }
}

/// `quarry-bench e2e SPEC`: one whole `quarry run` of a spec in this process, with instant jobs,
/// either on the in-process emulator or (`--http`) with `provider: bedrock` through the HTTP
/// emulator served on loopback by this process.
struct EndToEnd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "e2e", abstract: "Time a whole run: in-process emulator, or Bedrock through the HTTP emulator.")
    @Argument var input: String
    @Option var workdir: String
    @Flag(help: "provider: bedrock through the HTTP emulator (else the in-process emulator).") var http = false

    func run() async throws {
        try FileManager.default.createDirectory(atPath: workdir, withIntermediateDirectories: true)
        let base = """
            name: bench-e2e
            input: \(input)
            model: anthropic.claude-3-haiku-20240307-v1:0
            template: "Answer the question below. Think step by step, then give the answer.\\n\\nQuestion: {source}"
            params: {max_tokens: 512}
            limits: {min_records_per_job: 100, max_records_per_job: 50000, max_concurrent_jobs: 20}
            output: out/e2e.csv
            poll_seconds: 0.2

            """
        let logger = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })
        let started = Date()
        var out: [String: Double] = [:]
        if http {
            let credentials = AWSCredentials(accessKeyId: "AKIDBENCH", secretAccessKey: "bench-secret")
            setenv("AWS_ACCESS_KEY_ID", credentials.accessKeyId, 1)
            setenv("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey, 1)
            setenv("AWS_EC2_METADATA_DISABLED", "true", 1)
            try FileManager.default.createDirectory(atPath: workdir + "/emulator/objects/bench", withIntermediateDirectories: true)
            var configuration = EmulatorServer.Configuration(dataDirectory: workdir + "/emulator")
            configuration.credentials = [credentials]
            configuration.emulator = EmulatorConfiguration(jobSeconds: 0)
            let workdir = self.workdir
            out = try await EmulatorServer(configuration: configuration, logger: logger).withRunning { endpoint in
                let text = base + "provider: bedrock\nbedrock: {endpoint: \"\(endpoint)\", bucket: bench, role_arn: \"arn:aws:iam::123456789012:role/Bench\", region: us-east-1}\n"
                return try await Self.runSpec(text, workdir: workdir, logger: logger)
            }
        } else {
            out = try await Self.runSpec(base + "emulator: {job_seconds: 0}\n", workdir: workdir, logger: logger)
        }
        out["seconds"] = Date().timeIntervalSince(started)
        out["rss_kb"] = Double(PeakMemory.kilobytes())
        print(String(decoding: try JSONSerialization.data(withJSONObject: out, options: [.sortedKeys]), as: UTF8.self))
    }

    static func runSpec(_ text: String, workdir: String, logger: Logger) async throws -> [String: Double] {
        let specPath = workdir + "/spec.yaml"
        try text.write(toFile: specPath, atomically: true, encoding: .utf8)
        let spec = try SpecParser.parse(path: specPath)
        let report = try await RunEngine(spec: spec, environment: EngineEnvironment(stateDirectory: workdir + "/state", logger: logger)).run()
        var out: [String: Double] = ["rows": Double(report.rows), "rows_ok": Double(report.rowsOK), "jobs": Double(report.jobs)]
        for (phase, seconds) in report.phaseSeconds { out[phase + "_seconds"] = seconds }
        return out
    }
}
