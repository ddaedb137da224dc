import AWSSigning
import Foundation
import Logging
import NIOCore
import Parquet
import QuarryAWS
import QuarryCore
import QuarryEmulatorHTTP
@testable import QuarryEngine
import QuarryTable
import QuarryTesting
import Testing

/// S3 inputs over real HTTP against the emulator's S3 served in process on a loopback port: objects,
/// prefixes and globs in key order, Parquet read by ranged GETs of only the projected column chunks,
/// reruns that download nothing, changed ETags, and the errors a user sees.
@Suite struct S3InputTests {
    static let credentials = AWSCredentials(accessKeyId: "AKIDS3INPUT", secretAccessKey: "s3-input-secret/never-printed")
    static let bucket = "data"

    /// A server, a client to put objects with, and the environment a run reads S3 settings from.
    struct Fixture: Sendable {
        let dir: TemporaryDirectory
        let endpoint: String
        let s3: S3Client
        var environment: [String: String] {
            ["AWS_ACCESS_KEY_ID": S3InputTests.credentials.accessKeyId, "AWS_SECRET_ACCESS_KEY": S3InputTests.credentials.secretAccessKey,
             "AWS_ENDPOINT_URL_S3": endpoint, "AWS_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true", "HOME": dir.path]
        }
        var state: String { dir.file(".quarry") }

        func put(_ key: String, _ bytes: [UInt8]) async throws {
            try await s3.putObject(bucket: S3InputTests.bucket, key: key, body: ByteBuffer(bytes: bytes))
        }

        func put(_ key: String, _ text: String) async throws { try await put(key, Array(text.utf8)) }

        func spec(_ input: String, template: String = "Tell {style} about {topic}.", extra: String = "") throws -> RunSpec {
            dir.write("spec.yaml", Fixtures.spec(input: input, template: template, min: 10, max: 40, jobSeconds: 0, extra: extra))
            return try SpecParser.parse(path: dir.file("spec.yaml"))
        }

        func prepare(_ spec: RunSpec, _ phase: S3Input.Phase, configuration: S3Input.Configuration = fast) async throws -> (spec: RunSpec, report: S3Input.Report) {
            try await S3Input.prepare(spec, phase: phase, stateDirectory: state, environment: AWSEnvironment(variables: environment),
                                      configuration: configuration, logger: Logger(label: "test"))
        }

        func engine(_ spec: RunSpec) -> RunEngine {
            var env = EngineEnvironment(stateDirectory: state)
            env.sleep = { s in try await Task.sleep(nanoseconds: UInt64(min(s, 0.02) * 1e9)) }
            env.awsVariables = environment
            env.s3InputConfiguration = S3InputTests.fast
            return RunEngine(spec: spec, environment: env)
        }
    }

    static var fast: S3Input.Configuration {
        var c = S3Input.Configuration()
        c.retry = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(2), maxDelay: .milliseconds(10))
        return c
    }

    func withS3(_ body: @escaping @Sendable (Fixture) async throws -> Void) async throws {
        let dir = TemporaryDirectory("s3-input")
        defer { dir.remove() }
        var configuration = EmulatorServer.Configuration(dataDirectory: dir.file("emulator"))
        configuration.credentials = [Self.credentials]
        try FileManager.default.createDirectory(atPath: dir.file("emulator/objects/\(Self.bucket)"), withIntermediateDirectories: true)
        try await EmulatorServer(configuration: configuration).withRunning { endpoint in
            let http = AWSHTTPClient(configuration: .init(retry: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(2), maxDelay: .milliseconds(10))))
            do {
                let s3 = try S3Client(http: http, credentials: StaticCredentialProvider(Self.credentials), region: "us-east-1",
                                      endpoints: AWSEndpointResolver(all: endpoint))
                try await body(Fixture(dir: dir, endpoint: endpoint, s3: s3))
                try await http.shutdown()
            } catch {
                try? await http.shutdown()
                throw error
            }
        }
    }

    static func topics(_ range: Range<Int>) -> String {
        "topic,style\n" + range.map { "topic \($0),a pun\n" }.joined()
    }

    // MARK: - CSV and JSONL

    @Test func aCSVObjectRunsEndToEndAndARerunDownloadsNothing() async throws {
        try await withS3 { f in
            try await f.put("in/topics.csv", Fixtures.topicsCSV(rows: 60))
            let spec = try f.spec("s3://data/in/topics.csv")
            let report = try await f.engine(spec).run()
            #expect(report.rowsOK == 60)
            let rows = try Fixtures.readTable(f.dir.file("out/result.csv"))
            #expect(rows.map { $0["topic"] ?? nil } == (0..<60).map { "topic \($0)" })
            #expect(rows.allSatisfy { $0["status"] == "ok" })

            // The cache holds the object; resolving again downloads nothing and pins the same ETag.
            let (resolved, again) = try await f.prepare(spec, .assemble)
            #expect(again.downloadedBytes == 0 && again.requests.isEmpty)
            #expect(again.objects == 1 && again.bytes == Fixtures.topicsCSV(rows: 60).utf8.count)
            #expect(try String(contentsOfFile: resolved.input, encoding: .utf8) == Fixtures.topicsCSV(rows: 60))
            // And the run is found finished.
            let second = try await f.engine(spec).run()
            #expect(second.runId == report.runId)
        }
    }

    @Test func aPrefixIsOneTableInKeyOrderWithoutBookkeepingFiles() async throws {
        try await withS3 { f in
            try await f.put("in/b.csv", Self.topics(20..<40))
            try await f.put("in/a.csv", Self.topics(0..<20))
            try await f.put("in/c/d.csv", Self.topics(40..<45))
            try await f.put("in/_SUCCESS", "")
            try await f.put("in/empty.csv", "")
            try await f.put("other/z.csv", Self.topics(90..<99))
            let spec = try f.spec("s3://data/in/")
            let (resolved, report) = try await f.prepare(spec, .check)
            #expect(resolved.s3?.objects?.map(\.key) == ["in/a.csv", "in/b.csv", "in/c/d.csv"])
            #expect(report.objects == 3)
            let rows = try Fixtures.readTable(resolved.input)
            #expect(rows.map { $0["topic"] ?? nil } == (0..<45).map { "topic \($0)" })
            let run = try await f.engine(spec).run()
            #expect(run.rowsOK == 45)
        }
    }

    @Test func aGlobOfJSONLMergesSchemasAndSkipsWhatItDoesNotMatch() async throws {
        try await withS3 { f in
            try await f.put("logs/2024-02.jsonl", "{\"topic\":\"feb\",\"style\":\"a pun\",\"n\":2}\n")
            try await f.put("logs/2024-01.jsonl", "{\"topic\":\"jan\",\"style\":\"a pun\"}\n")
            try await f.put("logs/2023-12.csv", Self.topics(0..<3))
            try await f.put("logs/sub/2024-03.jsonl", "{\"topic\":\"mar\",\"style\":\"a pun\"}\n")
            let (resolved, _) = try await f.prepare(try f.spec("s3://data/logs/2024-*.jsonl"), .check)
            #expect(resolved.s3?.objects?.map(\.key) == ["logs/2024-01.jsonl", "logs/2024-02.jsonl"])
            let scan = try Table.scan(path: resolved.input)
            #expect(scan.schema.names == ["topic", "style", "n"] && scan.rowCount == 2)
            let rows = try Fixtures.readTable(resolved.input)
            #expect(rows.map { $0["topic"] ?? nil } == ["jan", "feb"])
            #expect(rows.map { $0["n"] ?? nil } == [nil, "2"])
        }
    }

    @Test func withProviderBedrockTheBedrockBlockSaysWhereS3Is() async throws {
        try await withS3 { f in
            try await f.put("in/t.csv", Self.topics(0..<12))
            let spec = try f.spec("s3://data/in/t.csv", extra: """
                provider: bedrock
                bedrock: {endpoint: "\(f.endpoint)", bucket: staging, role_arn: "arn:aws:iam::123456789012:role/BedrockBatch", region: eu-west-1}
                """)
            // The environment points elsewhere (a closed port): the spec's block wins.
            var environment = f.environment
            environment["AWS_ENDPOINT_URL_S3"] = "http://127.0.0.1:1"
            let (resolved, report) = try await S3Input.prepare(spec, phase: .check, stateDirectory: f.state, environment: AWSEnvironment(variables: environment),
                                                                configuration: Self.fast, logger: Logger(label: "test"))
            #expect(report.downloadedBytes == Self.topics(0..<12).utf8.count)
            #expect(try Table.scan(path: resolved.input).rowCount == 12)
            // Without the block, the environment's endpoint is used (and here it is closed).
            let plain = try f.spec("s3://data/in/t.csv")
            var brief = Self.fast
            brief.retry = RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(2), maxDelay: .milliseconds(10))
            brief.requestTimeout = .milliseconds(300)   // the HTTP client retries a refused connection until then
            await #expect { _ = try await S3Input.prepare(plain, phase: .check, stateDirectory: f.state, environment: AWSEnvironment(variables: environment),
                                                          configuration: brief, logger: Logger(label: "test")) } throws: { error in
                "\(error)".contains("cannot read s3://data/in/t.csv") && "\(error)".contains("AWS_ENDPOINT_URL_S3")
            }
        }
    }

    // MARK: - Parquet by ranges

    /// Three row groups of `id`, `topic`, `style` (short strings) and `blob` (about 300 KB a group), uncompressed.
    static func parquet(rows: Int = 300) throws -> [UInt8] {
        var options = ParquetWriterOptions(compression: .uncompressed, maxRowsPerRowGroup: 100)
        options.dictionaryEnabled = false
        let writer = try ParquetFileWriter(fields: [ParquetField("id", .int64), ParquetField("topic", .string),
                                                    ParquetField("style", .string), ParquetField("blob", .string)], options: options)
        for i in 0..<rows {
            try writer.write(row: [.int64(Int64(i)), .string("topic \(i)"), .string("a pun"),
                                   .string(String(repeating: Character(UnicodeScalar(UInt8(97 + i % 26))), count: 3000))])
        }
        try writer.close()
        return writer.bytes
    }

    @Test func parquetIsReadByRangesOfOnlyTheColumnsEachPhaseNeeds() async throws {
        try await withS3 { f in
            let bytes = try Self.parquet()
            try await f.put("pq/part-0.parquet", bytes)
            let reader = try ParquetFileReader(bytes: bytes)
            let blob = S3InputFetcher.chunkRanges(reader, columns: ["blob"])
            let read = S3InputFetcher.chunkRanges(reader, columns: ["topic", "style"])
            #expect(blob.count > 800_000, "the blob column dominates the file")
            let spec = try f.spec("s3://data/pq/part-0.parquet")

            // check: the head and the footer only.
            let (resolved, check) = try await f.prepare(spec, .check)
            #expect(check.downloadedBytes < 70_000, "\(check.downloadedBytes) bytes for a footer")
            #expect(check.requests.allSatisfy { ByteRanges([$0.range]).subtracting(ByteRanges([0..<4, (bytes.count - 65_536)..<bytes.count])).isEmpty })
            let scan = try Table.scan(path: resolved.input)
            #expect(scan.rowCount == 300 && scan.schema.names == ["id", "topic", "style", "blob"])

            // stage: the template's columns, and never a byte of blob.
            let (_, stage) = try await f.prepare(resolved, .stage)
            let fetched = ByteRanges(stage.requests.map(\.range))
            #expect(read.subtracting(ByteRanges(check.requests.map(\.range))).subtracting(fetched).isEmpty, "every chunk of topic and style was fetched")
            #expect(fetched.subtracting(ByteRanges(blob.ranges)).count == fetched.count, "no blob chunk was fetched")
            #expect(stage.downloadedBytes < 200_000)
            let local = try FileSource(path: resolved.input)
            for r in blob.subtracting(ByteRanges(check.requests.map(\.range))).ranges {
                #expect(try local.read(at: r.lowerBound, count: r.count).allSatisfy { $0 == 0 }, "blob bytes stay a hole")
            }
            let source = try Table.openSource(path: resolved.input, projection: ["topic", "style"], schema: scan.schema)
            var topics: [String] = []
            while let batch = try source.nextBatch() { for r in 0..<batch.rowCount { topics.append(batch.columns[1].text(r) ?? "-") } }
            #expect(topics == (0..<300).map { "topic \($0)" })

            // assemble: the rest; every cell equals the object's.
            var small = Self.fast
            small.rangeRequestBytes = 128 << 10
            let (_, assemble) = try await f.prepare(resolved, .assemble, configuration: small)
            #expect(assemble.downloadedBytes >= blob.count - 65_536 && assemble.downloadedBytes < bytes.count)
            #expect(try local.read(at: 0, count: bytes.count) == bytes)
            #expect(assemble.requests.count >= 6, "long ranges are split into parallel GETs")
            #expect(assemble.requests.allSatisfy { $0.range.count <= 128 << 10 })

            // A rerun, even of a fresh spec, downloads nothing.
            let (_, rerun) = try await f.prepare(spec, .assemble)
            #expect(rerun.downloadedBytes == 0 && rerun.requests.isEmpty)
        }
    }

    @Test func theCheckFetchesTheRecordIdColumnItReads() async throws {
        try await withS3 { f in
            var options = ParquetWriterOptions(compression: .uncompressed, maxRowsPerRowGroup: 50)
            options.dictionaryEnabled = false
            let writer = try ParquetFileWriter(fields: [ParquetField("record_id", .string), ParquetField("topic", .string), ParquetField("blob", .string)], options: options)
            for i in 0..<100 { try writer.write(row: [.string("id-\(i)"), .string("topic \(i)"), .string(String(repeating: "x", count: 4000))]) }
            try writer.close()
            let bytes = writer.bytes
            try await f.put("pq/ids.parquet", bytes)
            let reader = try ParquetFileReader(bytes: bytes)
            var exact = Self.fast
            exact.coalesceGapBytes = 0   // by default ranges closer than 256 KiB are joined (here: across topic and blob)
            let (resolved, check) = try await f.prepare(try f.spec("s3://data/pq/ids.parquet", template: "About {topic}"), .check, configuration: exact)
            let fetched = ByteRanges(check.requests.map(\.range))
            #expect(S3InputFetcher.chunkRanges(reader, columns: ["record_id"]).subtracting(fetched).isEmpty)
            #expect(S3InputFetcher.chunkRanges(reader, columns: ["topic"]).subtracting(fetched) == S3InputFetcher.chunkRanges(reader, columns: ["topic"]))
            let checked = try CheckedInput.check(resolved)
            #expect(checked.rowCount == 100 && checked.fingerprint.hasPrefix("s3/"))
        }
    }

    @Test func aParquetPrefixRunsEndToEndAndTheOutputKeepsEveryColumn() async throws {
        try await withS3 { f in
            let bytes = try Self.parquet(rows: 120)
            try await f.put("pq/a.parquet", bytes)
            try await f.put("pq/b.parquet", bytes)
            let spec = try f.spec("s3://data/pq/")
            let report = try await f.engine(spec).run()
            #expect(report.rowsOK == 240)
            let rows = try Fixtures.readTable(f.dir.file("out/result.csv"))
            #expect(rows.map { $0["topic"] ?? nil } == ((0..<120).map { "topic \($0)" } + (0..<120).map { "topic \($0)" }))
            #expect(rows[5]["blob"] == String(repeating: "f", count: 3000))
            #expect(rows.allSatisfy { ($0["response"] ?? nil)?.isEmpty == false })
        }
    }

    // MARK: - Changes and resumes

    @Test func aChangedObjectIsNoticedAndItsCopyReplaced() async throws {
        try await withS3 { f in
            try await f.put("in/t.csv", Self.topics(0..<30))
            let spec = try f.spec("s3://data/in/t.csv")
            let (first, _) = try await f.prepare(spec, .check)
            try await f.put("in/t.csv", Self.topics(100..<130))
            let (second, report) = try await f.prepare(spec, .check)
            #expect(first.s3?.fingerprint != second.s3?.fingerprint)
            #expect(first.s3?.objects?[0].eTag != second.s3?.objects?[0].eTag)
            #expect(report.downloadedBytes == Self.topics(100..<130).utf8.count)
            #expect(try String(contentsOfFile: second.input, encoding: .utf8) == Self.topics(100..<130))
            // The identity is the location's, so the run name is the same run; the fingerprint tells the data apart.
            #expect(first.identityHash == second.identityHash)
        }
    }

    @Test func anUnfinishedRunRefusesAChangedObject() async throws {
        try await withS3 { f in
            try await f.put("in/t.csv", Self.topics(0..<30))
            var spec = try f.spec("s3://data/in/t.csv")
            spec.emulator.jobSeconds = 30
            let engine = f.engine(spec)
            let started = Locked(false)
            let task = Task { try await engine.run { _ in started.withLock { $0 = true } } }
            while !started.value { try await Task.sleep(for: .milliseconds(20)) }
            task.cancel()
            _ = try? await task.value
            try await f.put("in/t.csv", Self.topics(0..<31))
            await #expect { try await f.engine(spec).run() } throws: { error in
                let e = error as? QuarryError
                return e?.code == .specChanged && e?.message.contains("the input s3://data/in/t.csv changed") == true
            }
        }
    }

    // MARK: - Crash safety

    @Test func anInterruptedDownloadResumesFromItsLastCheckpoint() async throws {
        try await withS3 { f in
            let text = Fixtures.topicsCSV(rows: 6000)
            try await f.put("in/big.csv", text)
            let spec = try f.spec("s3://data/in/big.csv")
            let (resolved, _) = try await f.prepare(spec, .check)
            // What a crash 100,000 bytes after a checkpoint leaves: a .partial with unsynced bytes past the
            // checkpoint (here garbage) and a record saying where the synced bytes end.
            let path = resolved.input
            let cache = S3InputCache(stateDirectory: f.state)
            var record = try #require(cache.readRecord(dataPath: path))
            let data = try #require(FileManager.default.contents(atPath: path))
            try FileManager.default.removeItem(atPath: path)
            FileManager.default.createFile(atPath: path + ".partial", contents: data.prefix(100_000) + Data(repeating: 0x2A, count: 5000))
            record.complete = false
            record.checkpoint = 100_000
            try cache.writeRecord(record, dataPath: path)

            let (_, report) = try await f.prepare(spec, .check)
            #expect(report.requests == [.init(key: "in/big.csv", range: 100_000..<text.utf8.count)])
            #expect(report.downloadedBytes == text.utf8.count - 100_000)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
            #expect(!FileManager.default.fileExists(atPath: path + ".partial"))
            #expect(cache.readRecord(dataPath: path)?.complete == true)
        }
    }

    @Test func aParquetRecordOnlyVouchesForWhatWasSynced() async throws {
        try await withS3 { f in
            let bytes = try Self.parquet()
            try await f.put("pq/p.parquet", bytes)
            let spec = try f.spec("s3://data/pq/p.parquet")
            let (resolved, _) = try await f.prepare(spec, .assemble)
            let path = resolved.input
            // A crash after the bytes of row group 1's blob were written but before the record said so:
            // the record lacks the range (and the bytes may be anything).
            let blob1 = S3InputFetcher.chunkRanges(try ParquetFileReader(bytes: bytes), columns: ["blob"]).ranges[1]
            let cache = S3InputCache(stateDirectory: f.state)
            var record = try #require(cache.readRecord(dataPath: path))
            record.present = record.present.subtracting(ByteRanges([blob1]))
            try cache.writeRecord(record, dataPath: path)
            let handle = try #require(FileHandle(forWritingAtPath: path))
            try handle.seek(toOffset: UInt64(blob1.lowerBound))
            handle.write(Data(repeating: 0, count: blob1.count))
            try handle.close()

            let (_, stage) = try await f.prepare(resolved, .stage)
            #expect(stage.requests.isEmpty, "staging does not read blob")
            let (_, assemble) = try await f.prepare(resolved, .assemble)
            #expect(assemble.downloadedBytes == blob1.count)
            #expect(try FileSource(path: path).read(at: 0, count: bytes.count) == bytes)

            // A copy that went missing is fetched again from scratch.
            try FileManager.default.removeItem(atPath: path)
            let (_, again) = try await f.prepare(resolved, .check)
            #expect(again.downloadedBytes > 0 && again.downloadedBytes < 70_000)
            #expect(try Table.scan(path: path).rowCount == 300)
        }
    }

    // MARK: - Errors

    func message(_ f: Fixture, _ uri: String) async -> String {
        do {
            _ = try await f.prepare(try f.spec(uri), .check)
            return ""
        } catch {
            return "\(error)"
        }
    }

    @Test func missingThingsAndMixedFormatsAreExplained() async throws {
        try await withS3 { f in
            try await f.put("in/a.csv", Self.topics(0..<3))
            try await f.put("in/b.parquet", try Self.parquet(rows: 3))
            try await f.put("folder.parquet/part-0.parquet", try Self.parquet(rows: 3))
            #expect(await message(f, "s3://data/in/missing.csv").contains("there is no object s3://data/in/missing.csv"))
            #expect(await message(f, "s3://nosuchbucket/in/a.csv").contains("the bucket nosuchbucket of s3://nosuchbucket/in/a.csv does not exist"))
            #expect(await message(f, "s3://data/folder.parquet").contains("add a trailing /"))
            #expect(await message(f, "s3://data/nothing/").contains("no objects found under s3://data/nothing/"))
            let none = await message(f, "s3://data/in/*.jsonl")
            #expect(none.contains("none of the 2 objects under s3://data/in/ match s3://data/in/*.jsonl (listed: in/a.csv, in/b.parquet)"), "\(none)")
            let mixed = await message(f, "s3://data/in/")
            #expect(mixed.contains("names objects of more than one format: 1 .csv (in/a.csv); 1 .parquet (in/b.parquet)"), "\(mixed)")
            #expect(mixed.contains("s3://data/in/*.csv"))
        }
    }

    @Test func refusedCredentialsAreExplainedWithoutTheSecret() async throws {
        try await withS3 { f in
            try await f.put("in/a.csv", Self.topics(0..<3))
            var environment = f.environment
            environment["AWS_SECRET_ACCESS_KEY"] = "wrong-secret/also-never-printed"
            // ListObjectsV2 answers with S3's code; HeadObject has no body, so only its status.
            for (uri, expected) in [("s3://data/in/", "S3 did not accept the credentials used to list s3://data/in/ (SignatureDoesNotMatch)"),
                                    ("s3://data/in/a.csv", "S3 denied access to read s3://data/in/a.csv (Forbidden)")] {
                do {
                    _ = try await S3Input.prepare(try f.spec(uri), phase: .check, stateDirectory: f.state, environment: AWSEnvironment(variables: environment),
                                                  configuration: Self.fast, logger: Logger(label: "test"))
                    Issue.record("a wrong secret was accepted")
                } catch {
                    #expect("\(error)".contains(expected), "\(error)")
                    #expect(!"\(error)".contains("wrong-secret") && !"\(error)".contains(Self.credentials.secretAccessKey))
                }
            }
        }
    }

    @Test func tableErrorsNameTheObjectNotTheCache() async throws {
        try await withS3 { f in
            try await f.put("in/a.csv", Self.topics(0..<3))
            try await f.put("in/b.csv", "topic,style\n\"unterminated,x\n")
            let spec = try f.spec("s3://data/in/")
            await #expect { try await f.engine(spec).run() } throws: { error in
                let text = "\(error)"
                return text.contains("s3://data/in/b.csv") && !text.contains(f.state)
            }
        }
    }
}

/// The range arithmetic of the cache records and the requests made from them.
@Suite struct ByteRangesTests {
    @Test func insertMergesOverlappingAndTouchingRanges() {
        var r = ByteRanges([10..<20, 30..<40])
        r.insert(20..<25)
        #expect(r.ranges == [10..<25, 30..<40])
        r.insert(5..<35)
        #expect(r.ranges == [5..<40])
        r.insert(50..<50)
        #expect(r.ranges == [5..<40] && r.count == 35)
        #expect(r.contains(6..<39) && !r.contains(39..<41))
    }

    @Test func subtractingLeavesWhatIsMissing() {
        let need = ByteRanges([0..<100, 200..<300])
        let have = ByteRanges([50..<60, 90..<210, 290..<400])
        #expect(need.subtracting(have).ranges == [0..<50, 60..<90, 210..<290])
        #expect(need.subtracting(ByteRanges()).ranges == need.ranges)
        #expect(need.subtracting(ByteRanges([0..<1000])).isEmpty)
    }

    @Test func requestsJoinNearRangesAndSplitLongOnes() {
        let r = ByteRanges([0..<10, 15..<20, 100..<350])
        #expect(r.requests(gap: 5, maxPiece: 1000) == [0..<20, 100..<350])
        #expect(r.requests(gap: 0, maxPiece: 100) == [0..<10, 15..<20, 100..<200, 200..<300, 300..<350])
    }
}
