import Foundation
import QuarryCore
import QuarryStore
import QuarryTesting
import Testing
@testable import QuarryEngine

/// The whole pipeline in process, on the emulator, with every fault switched on.
@Suite struct EngineRunTests {
    func makeSpec(_ dir: TemporaryDirectory, rows: Int, yaml: String) throws -> RunSpec {
        dir.write("data.csv", Fixtures.topicsCSV(rows: rows))
        dir.write("spec.yaml", yaml)
        return try SpecParser.parse(path: dir.file("spec.yaml"))
    }

    func engine(_ spec: RunSpec, _ dir: TemporaryDirectory) -> RunEngine {
        var env = EngineEnvironment(stateDirectory: dir.file(".quarry"))
        env.sleep = { s in try await Task.sleep(nanoseconds: UInt64(min(s, 0.02) * 1e9)) }
        return RunEngine(spec: spec, environment: env)
    }

    @Test func everyRowExactlyOnceUnderEveryFault() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let spec = try makeSpec(dir, rows: 400, yaml: Fixtures.spec(min: 20, max: 60, concurrent: 6, jobSeconds: 0.3, emulator:
            "record_error_rate: 0.15, permanent_error_rate: 0.02, job_failure_rate: 0.2, partial_rate: 0.2, expiry_rate: 0.1, throttle_rate: 0.2, max_concurrent_jobs: 3",
            extra: "retry: {max_attempts: 8}\n"))
        let peak = Locked(0)
        let report = try await engine(spec, dir).run { p in
            let active = p.jobsByStatus.filter { !["done", "staged", "Completed", "PartiallyCompleted", "Failed", "Stopped", "Expired"].contains($0.key) }.values.reduce(0, +)
            peak.withLock { $0 = max($0, active) }
        }
        let rows = try Fixtures.readTable(dir.file("out/result.csv"))
        #expect(rows.count == 400)
        #expect(rows.map { $0["topic"] ?? nil } == (0..<400).map { "topic \($0)" })
        #expect(report.rowsOK + report.rowsFailed == 400)
        // Only permanent errors remain: everything retryable was retried until it succeeded.
        let failed = rows.filter { $0["status"] == "failed" }
        #expect(failed.count == report.rowsFailed)
        #expect(failed.allSatisfy { ($0["error"] ?? nil)?.contains("400") == true })
        #expect(rows.filter { $0["status"] == "ok" }.allSatisfy { ($0["response"] ?? nil)?.isEmpty == false })
        #expect(peak.value <= 6)
        #expect(report.jobs > 400 / 60)
    }

    @Test func theConcurrencyLimitIsNeverExceeded() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let spec = try makeSpec(dir, rows: 300, yaml: Fixtures.spec(min: 10, max: 30, concurrent: 2, jobSeconds: 0.2))
        let peak = Locked(0)
        _ = try await engine(spec, dir).run { p in
            let active = ["Submitted", "Validating", "Scheduled", "InProgress", "submitting", "Stopping"].reduce(0) { $0 + (p.jobsByStatus[$1] ?? 0) }
            peak.withLock { $0 = max($0, active) }
        }
        #expect(peak.value <= 2)
        #expect(peak.value >= 1)
    }

    @Test func aRunSmallerThanTheJobMinimumGoesThroughTheRealtimeLane() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let spec = try makeSpec(dir, rows: 7, yaml: Fixtures.spec(min: 100, max: 1000, emulator: "record_error_rate: 0.3"))
        let report = try await engine(spec, dir).run()
        #expect(report.rowsOK == 7)
        #expect(report.jobs == 0)
        #expect(report.realtimeRows == 7)
        let rows = try Fixtures.readTable(dir.file("out/result.csv"))
        #expect(rows.count == 7 && rows.allSatisfy { $0["status"] == "ok" })
    }

    @Test func withoutTheRealtimeLaneSmallRemaindersFailWithAReason() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let spec = try makeSpec(dir, rows: 45, yaml: Fixtures.spec(min: 20, max: 20, extra: "retry: {realtime: false}\n"))
        let report = try await engine(spec, dir).run()
        #expect(report.rowsOK == 40)
        #expect(report.rowsFailed == 5)
        let rows = try Fixtures.readTable(dir.file("out/result.csv"))
        #expect(rows.suffix(5).allSatisfy { ($0["error"] ?? nil)?.contains("real-time lane is off") == true })
    }

    @Test func aCancelledRunResumesWithoutResubmitting() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let spec = try makeSpec(dir, rows: 200, yaml: Fixtures.spec(min: 10, max: 40, concurrent: 2, jobSeconds: 0.5))
        let first = Task { try await engine(spec, dir).run() }
        try await Task.sleep(nanoseconds: 700_000_000)
        first.cancel()
        await #expect(throws: (any Error).self) { try await first.value }
        let report = try await engine(spec, dir).run()
        #expect(report.rowsOK == 200)
        #expect(report.jobs == 5)
        let rows = try Fixtures.readTable(dir.file("out/result.csv"))
        #expect(rows.count == 200)
    }

    @Test func maxRecordsCapsTheOutputToTheCoveredRows() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let spec = try makeSpec(dir, rows: 100, yaml: Fixtures.spec(min: 10, max: 20).replacingOccurrences(of: "max_concurrent_jobs: 4}", with: "max_concurrent_jobs: 4, max_records: 35}"))
        let report = try await engine(spec, dir).run()
        #expect(report.rows == 35)
        #expect(try Fixtures.readTable(dir.file("out/result.csv")).count == 35)
    }

    @Test func answersInLocalOutputsAreLinkedNotCopied() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let spec = try makeSpec(dir, rows: 200, yaml: Fixtures.spec(min: 10, max: 50, jobSeconds: 0.1))
        let report = try await engine(spec, dir).run()
        let rows = try Fixtures.readTable(dir.file("out/result.csv"))
        #expect(rows.count == 200 && report.rowsOK == 200)
        #expect(rows.allSatisfy { ($0["response"] ?? nil)?.contains("emulated") == true })
        let results = dir.file(".quarry/runs/\(report.runId)/results")
        let names = try FileManager.default.contentsOfDirectory(atPath: results)
        #expect(names.filter { $0.hasPrefix("raw-") }.count == 4)
        // The segments hold no answers (every record succeeded): a few bytes, not 200 answers.
        let segmentBytes = try names.filter { $0.hasPrefix("seg-") }.reduce(0) {
            $0 + ((try FileManager.default.attributesOfItem(atPath: results + "/" + $1)[.size] as? Int) ?? 0)
        }
        #expect(segmentBytes == 0)
    }

    @Test func resultChunksThatDoNotLineUpWithInputBatchesJoinTheSameRows() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let spec = try makeSpec(dir, rows: 300, yaml: Fixtures.spec(min: 10, max: 50, jobSeconds: 0.1, emulator: "permanent_error_rate: 0.2"))
        let report = try await engine(spec, dir).run()
        #expect(report.rowsFailed > 0 && report.rowsOK > 0)
        let first = try String(contentsOfFile: dir.file("out/result.csv"), encoding: .utf8)
        // Assemble again with chunks of 7 rows against the input's one batch of 300, reading the
        // results a few at a time.
        let state = dir.file(".quarry")
        let shards = try SQLiteJobStore(path: RunPaths.database(state: state)).shards(runId: report.runId)
        var assembler = Assembler(spec: spec, checked: try CheckedInput.check(spec),
                                  results: try ResultStore(directory: RunPaths(state: state, runId: report.runId).results),
                                  baseShards: shards.filter { $0.kind == .base }.sorted { $0.firstRow < $1.firstRow })
        assembler.chunkRows = 7
        assembler.gatherBytes = 2_000
        let counts = try assembler.run()
        #expect(counts.ok == report.rowsOK && counts.failed == report.rowsFailed)
        #expect(try String(contentsOfFile: dir.file("out/result.csv"), encoding: .utf8) == first)
    }
}

@Suite struct ResultStoreTests {
    @Test func resultsRoundTripThroughSegmentsAndIndexes() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let store = try ResultStore(directory: dir.path)
        let writer = try store.makeSegmentWriter(id: 3)
        let a = RecordResult(status: .ok, text: Array("héllo".utf8), inputTokens: 5, outputTokens: 7, stopReason: "end_turn", attempts: 2)
        let b = RecordResult(status: .failed, error: "400: too long", attempts: 1)
        let ea = try writer.append(a)
        let eb = try writer.append(b)
        try writer.finish()
        var index = store.loadIndex(baseShard: 1, rows: 3)
        index[0] = eb
        index[2] = ea
        try store.saveIndex(index, baseShard: 1)
        let loaded = store.loadIndex(baseShard: 1, rows: 3)
        #expect(try store.read(loaded[0], adapter: ClaudeMessagesAdapter()) == b)
        #expect(try store.read(loaded[1], adapter: ClaudeMessagesAdapter()) == nil)
        #expect(try store.read(loaded[2], adapter: ClaudeMessagesAdapter()) == a)
    }

    @Test func gatheredResultsComeBackInRowOrderWhateverTheFileOrder() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let store = try ResultStore(directory: dir.path)
        // Two segments; the middle result of the first is large enough that its neighbours are
        // read apart when it is not wanted, and together with it when it is.
        var expected: [UInt32: [RecordResult]] = [:]
        var entries: [UInt32: [ResultStore.Entry]] = [:]
        for id: UInt32 in [4, 9] {
            let writer = try store.makeSegmentWriter(id: id)
            for k in 0..<5 {
                let text = k == 2 ? String(repeating: "x", count: 100_000) : "answer \(id).\(k)"
                let r = RecordResult(status: .ok, text: Array(text.utf8), inputTokens: k, outputTokens: Int(id), attempts: 1)
                expected[id, default: []].append(r)
                entries[id, default: []].append(try writer.append(r))
            }
            try writer.finish()
        }
        let none = ResultStore.Entry(segment: 0, length: 0, offset: 0)
        var gathered = ResultStore.Gathered(store: store)
        for picks in [[(9, 3), (4, 4), (0, 0), (4, 0), (9, 1), (4, 3)], [(4, 1), (4, 2), (4, 0), (9, 4), (9, 2)], [(9, 0)]] {
            let wanted = picks.map { $0.0 == 0 ? none : entries[UInt32($0.0)]![$0.1] }
            try store.gather(wanted[...], into: &gathered)
            for (i, pick) in picks.enumerated() {
                let result = try gathered.result(i, adapter: ClaudeMessagesAdapter())
                #expect(result == (pick.0 == 0 ? nil : expected[UInt32(pick.0)]![pick.1]))
            }
        }
        // A result past the end of its file is reported.
        store.closeReaders()
        let beyond = ResultStore.Entry(segment: 4, length: 10, offset: 1 << 30)
        #expect(throws: QuarryError.self) { try store.gather([entries[4]![0], beyond][...], into: &gathered) }
    }

    @Test func rawEntriesReadAnswersFromTheLinkedProviderOutput() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let store = try ResultStore(directory: dir.file("results"))
        // A provider output line, as Bedrock writes it (the input echoed, then the output).
        let output = #"{"id":"m1","content":[{"type":"text","text":"caf\u00e9 \"ok\""}],"stop_reason":"end_turn","usage":{"input_tokens":12,"output_tokens":4}}"#
        let line = #"{"recordId":"r1","modelInput":{"messages":[]},"modelOutput":"# + output + "}\n"
        let file = dir.write("job.jsonl.out", "{\"recordId\":\"r0\"}\n" + line)
        let id = try #require(ResultStore.rawFileId(seq: 7, object: 1))
        #expect(store.linkRaw(from: file, id: id))
        // Linked, not copied: the same file under a second name.
        #expect(try FileManager.default.attributesOfItem(atPath: store.rawPath(id))[.systemFileNumber] as? Int
                == FileManager.default.attributesOfItem(atPath: file)[.systemFileNumber] as? Int)
        let offset = "{\"recordId\":\"r0\"}\n".utf8.count + #"{"recordId":"r1","modelInput":{"messages":[]},"modelOutput":"#.utf8.count
        let entry = try #require(ResultStore.Entry.raw(file: id, offset: offset, length: output.utf8.count, attempts: 3))
        var index = store.loadIndex(baseShard: 1, rows: 2)
        index[1] = entry
        try store.saveIndex(index, baseShard: 1)
        let read = try #require(try store.read(store.loadIndex(baseShard: 1, rows: 2)[1], adapter: ClaudeMessagesAdapter()))
        #expect(read == RecordResult(status: .ok, text: Array("café \"ok\"".utf8), inputTokens: 12, outputTokens: 4, stopReason: "end_turn", attempts: 3))
        // What does not fit an entry is copied into a segment instead.
        #expect(ResultStore.Entry.raw(file: id, offset: 0, length: 1 << 24, attempts: 1) == nil)
        #expect(ResultStore.Entry.raw(file: id, offset: 0, length: 10, attempts: 256) == nil)
        #expect(ResultStore.rawFileId(seq: 7, object: 64) == nil)
        // A file changed after the harvest is reported, not misread.
        try Data(repeating: 0x20, count: 400).write(to: URL(fileURLWithPath: file))
        store.closeReaders()
        #expect(throws: QuarryError.self) { try store.read(entry, adapter: ClaudeMessagesAdapter()) }
    }

    @Test func retryableErrorsAreClassified() {
        #expect(ErrorClass.isRetryable(code: 429, message: "ThrottlingException"))
        #expect(ErrorClass.isRetryable(code: 503, message: "ServiceUnavailable"))
        #expect(!ErrorClass.isRetryable(code: 400, message: "ValidationException: Input is too long for requested model."))
        #expect(ErrorClass.isRetryable(code: nil, message: "Internal server error"))
        #expect(!ErrorClass.isRetryable(code: nil, message: "Malformed input request"))
    }
}
