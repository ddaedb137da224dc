import AWSSigning
import Foundation
import Logging
import NIOCore
import QuarryAWS
import QuarryCore
@testable import QuarryEngine
import QuarryTable
import QuarryTesting
import Testing

/// S3 inputs against moto's S3 (an implementation that is not Quarry's): a multipart-uploaded CSV
/// (ETag `md5-N`, so no whole-body MD5 to check, and `If-Match` on a multipart ETag), a Parquet glob
/// by ranges, a rerun that downloads nothing, and a run over it.
@Suite struct S3InputMotoTests {
    @Test func multipartCSVAndParquetGlobFromMoto() async throws {
        let moto = try MotoProcess()
        defer { moto.stop() }
        let dir = TemporaryDirectory("s3-moto")
        defer { dir.remove() }
        let http = AWSHTTPClient(configuration: .init(retry: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(2), maxDelay: .milliseconds(10))))
        do {
            let s3 = try S3Client(http: http, credentials: StaticCredentialProvider(AWSCredentials(accessKeyId: "testing", secretAccessKey: "testing")),
                                  region: "us-east-1", endpoints: AWSEndpointResolver(all: moto.endpoint),
                                  configuration: .init(partSize: 5 << 20, maxConcurrentParts: 2))
            try await s3.createBucket("moto-inputs")
            let csv = Fixtures.topicsCSV(rows: 160_000)
            dir.write("big.csv", csv)
            let uploaded = try await s3.uploadFile(bucket: "moto-inputs", key: "in/big.csv", path: dir.file("big.csv"))
            #expect(uploaded.partCount > 1, "a multipart object")
            let parquet = try S3InputTests.parquet()
            try await s3.putObject(bucket: "moto-inputs", key: "pq/2024/a.parquet", body: ByteBuffer(bytes: parquet))
            try await s3.putObject(bucket: "moto-inputs", key: "pq/2024/b.parquet", body: ByteBuffer(bytes: parquet))
            try await s3.putObject(bucket: "moto-inputs", key: "pq/2024/_SUCCESS", body: ByteBuffer())

            let environment = AWSEnvironment(variables: ["AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": "us-east-1",
                                                         "AWS_ENDPOINT_URL_S3": moto.endpoint, "AWS_EC2_METADATA_DISABLED": "true", "HOME": dir.path])
            func prepare(_ spec: RunSpec, _ phase: S3Input.Phase) async throws -> (spec: RunSpec, report: S3Input.Report) {
                try await S3Input.prepare(spec, phase: phase, stateDirectory: dir.file(".quarry"), environment: environment,
                                          configuration: S3InputTests.fast, logger: Logger(label: "test"))
            }
            func spec(_ input: String) throws -> RunSpec {
                dir.write("spec.yaml", Fixtures.spec(input: input, template: "Tell {style} about {topic}.", min: 10, max: 200, jobSeconds: 0))
                return try SpecParser.parse(path: dir.file("spec.yaml"))
            }

            let (big, report) = try await prepare(try spec("s3://moto-inputs/in/big.csv"), .check)
            #expect(report.downloadedBytes == csv.utf8.count)
            #expect(big.s3?.objects?.first?.eTag == uploaded.eTag)
            #expect(try String(contentsOfFile: big.input, encoding: .utf8) == csv)
            #expect(try await prepare(try spec("s3://moto-inputs/in/big.csv"), .assemble).report.downloadedBytes == 0)

            let glob = try spec("s3://moto-inputs/pq/*/*.parquet")
            let (resolved, staged) = try await prepare(glob, .stage)
            #expect(resolved.s3?.objects?.map(\.key) == ["pq/2024/a.parquet", "pq/2024/b.parquet"])
            #expect(staged.downloadedBytes < 2 * 200_000, "the footers and the template's columns only")
            let (_, assembled) = try await prepare(resolved, .assemble)
            #expect(staged.downloadedBytes + assembled.downloadedBytes >= 2 * (parquet.count - 65_536))
            for object in resolved.s3?.objects ?? [] {
                #expect(FileManager.default.contents(atPath: object.localPath).map { Array($0) } == parquet)
            }
            #expect(try Table.scan(path: resolved.input).rowCount == 600)

            var env = EngineEnvironment(stateDirectory: dir.file(".quarry"))
            env.sleep = { s in try await Task.sleep(nanoseconds: UInt64(min(s, 0.02) * 1e9)) }
            env.awsVariables = environment.variables
            env.s3InputConfiguration = S3InputTests.fast
            let run = try await RunEngine(spec: glob, environment: env).run()
            #expect(run.rowsOK == 600)
            #expect(try Fixtures.readTable(dir.file("out/result.csv")).map { $0["topic"] ?? nil } == ((0..<300).map { "topic \($0)" } + (0..<300).map { "topic \($0)" }))
            try await http.shutdown()
        } catch {
            try? await http.shutdown()
            throw error
        }
    }
}
