import Foundation
import QuarryCore
import Testing
@testable import QuarryEmulator

@Suite("Outputs: layout, line format, accounting, determinism")
struct OutputTests {
    static let input = "s3://in-bucket/jobs/0001/part-0001.jsonl"

    /// Runs one job to its end and returns the final view.
    func runToEnd(_ f: EmulatorFixture, _ emu: BedrockEmulator, _ request: CreateModelInvocationJobRequest) throws -> ModelInvocationJob {
        let arn = try emu.createModelInvocationJob(request)
        f.clock.advance(10_000)
        return try emu.getModelInvocationJob(identifier: arn)
    }

    @Test("Outputs land at <out>/<jobId>/<file>.jsonl.out with a manifest, lines shuffled, in Bedrock's format")
    func layoutAndFormat() throws {
        let f = EmulatorFixture()
        defer { f.remove() }
        f.writeInput(count: 120)
        let emu = f.emulator()
        let job = try runToEnd(f, emu, f.request(output: "s3://out-bucket/results/"))
        #expect(job.status == .completed)
        let out = "s3://out-bucket/results/\(job.jobId)/part-0001.jsonl.out"
        let lines = try #require(f.outputLines(out))
        #expect(lines.count == 120)
        let ids = lines.map { $0["recordId"]!.string! }
        #expect(Set(ids).count == 120)
        #expect(ids != ids.sorted(), "output lines must not be in input order")

        let inputLines = try String(contentsOfFile: f.path(Self.input), encoding: .utf8).split(separator: "\n")
        var inputById: [String: String] = [:]
        for l in inputLines {
            let v = try JSONValue.parse(String(l))
            inputById[v["recordId"]!.string!] = v["modelInput"]!.rawText
        }
        let adapter = try ModelCatalog.resolve(EmulatorFixture.claude).adapter
        for line in lines {
            let id = line["recordId"]!.string!
            #expect(line["modelInput"]?.rawText == inputById[id], "modelInput is echoed byte for byte")
            #expect(line["error"] == nil)
            let response = try adapter.parseModelOutput(try #require(line["modelOutput"]))
            let text = try #require(response.text)
            #expect(text.hasPrefix("[emulated anthropic.claude-3-5-haiku-20241022-v1:0]"))
            let n = Int(id.dropFirst(3))!
            #expect(text.contains("Question number \(n):"), "the answer quotes its prompt")
            #expect(response.stopReason == "end_turn")
            #expect(response.inputTokens == 8)
            #expect(response.outputTokens > 0)
        }
        let manifest = try #require(f.manifest("s3://out-bucket/results/\(job.jobId)/manifest.json.out"))
        #expect(manifest["totalRecordCount"]?.int == 120)
        #expect(manifest["processedRecordCount"]?.int == 120)
        #expect(manifest["successRecordCount"]?.int == 120)
        #expect(manifest["errorRecordCount"]?.int == 0)
        #expect(manifest["inputTokenCount"]?.int == 120 * 8)
        #expect((manifest["outputTokenCount"]?.int ?? 0) > 0)
        // No temporary files are left beside the outputs.
        let names = try FileManager.default.contentsOfDirectory(atPath: f.path("s3://out-bucket/results/\(job.jobId)"))
        #expect(Set(names) == ["part-0001.jsonl.out", "manifest.json.out"])
    }

    @Test("A prefix input yields one output per JSONL file, keeping nested names")
    func prefixInput() throws {
        let f = EmulatorFixture()
        defer { f.remove() }
        f.writeInput("s3://in-bucket/run/a.jsonl", count: 60, idPrefix: "A")
        f.writeInput("s3://in-bucket/run/sub/a.jsonl", count: 50, idPrefix: "B")
        f.writeRaw("s3://in-bucket/run/notes.txt", Array("ignored".utf8))
        let emu = f.emulator()
        let job = try runToEnd(f, emu, f.request(input: "s3://in-bucket/run/"))
        #expect(job.status == .completed)
        #expect(job.totalRecordCount == 110)
        #expect(f.outputLines("s3://out-bucket/results/\(job.jobId)/a.jsonl.out")?.count == 60)
        #expect(f.outputLines("s3://out-bucket/results/\(job.jobId)/sub/a.jsonl.out")?.count == 50)
    }

    @Test("Embedding jobs answer unit vectors of the requested dimensions")
    func embeddings() throws {
        let f = EmulatorFixture()
        defer { f.remove() }
        f.writeInput("s3://in-bucket/emb/e.jsonl", count: 100, modelId: EmulatorFixture.titan, dimensions: 256)
        let emu = f.emulator()
        let job = try runToEnd(f, emu, f.request(modelId: EmulatorFixture.titan, input: "s3://in-bucket/emb/e.jsonl"))
        let lines = try #require(f.outputLines("s3://out-bucket/results/\(job.jobId)/e.jsonl.out"))
        let adapter = try ModelCatalog.resolve(EmulatorFixture.titan).adapter
        var vectors = Set<String>()
        for line in lines {
            let response = try adapter.parseModelOutput(try #require(line["modelOutput"]))
            #expect(response.dimensions == 256)
            let values = try JSONValue.parse(try #require(response.embeddingJSON)).elements.map { $0.double! }
            let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
            #expect(abs(norm - 1) < 1e-4)
            vectors.insert(line["modelOutput"]!["embedding"]!.rawText)
        }
        #expect(vectors.count == 100, "different prompts give different vectors")
        let manifest = try #require(f.manifest("s3://out-bucket/results/\(job.jobId)/manifest.json.out"))
        #expect(manifest["outputTokenCount"]?.int == 0)
    }

    @Test("Records without a recordId get an 11-character id assigned")
    func assignedIds() throws {
        let f = EmulatorFixture()
        defer { f.remove() }
        f.writeInput(count: 100, withIds: false)
        let emu = f.emulator()
        let job = try runToEnd(f, emu, f.request())
        let lines = try #require(f.outputLines("s3://out-bucket/results/\(job.jobId)/part-0001.jsonl.out"))
        let ids = lines.map { $0["recordId"]!.string! }
        #expect(ids.allSatisfy { $0.count == 11 && $0.allSatisfy { $0.isUppercase || $0.isNumber } })
        #expect(Set(ids).count == 100)
    }

    @Test("A modelInput the model cannot read fails that record with 400, not the job")
    func malformedRecord() throws {
        let f = EmulatorFixture()
        defer { f.remove() }
        f.writeInput(count: 100)
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: f.path(Self.input))))
        bytes += Array(#"{"recordId":"ODD0000001","modelInput":{"prompt":"a Llama body sent to Claude"}}"#.utf8) + [0x0A]
        f.writeRaw(Self.input, bytes)
        let emu = f.emulator()
        let job = try runToEnd(f, emu, f.request())
        #expect(job.status == .completed)
        #expect(job.errorRecordCount == 1)
        let lines = try #require(f.outputLines("s3://out-bucket/results/\(job.jobId)/part-0001.jsonl.out"))
        let odd = try #require(lines.first { $0["recordId"]?.string == "ODD0000001" })
        #expect(odd["error"]?["errorCode"]?.int == 400)
        #expect(odd["error"]?["errorMessage"]?.string?.contains("Malformed input request") == true)
        #expect(odd["modelOutput"] == nil)
    }

    @Test("Validation failures end the job Failed with a message and no outputs", arguments: [
        ("few", "fewer than the minimum of 100"),
        ("many", "more than 150"),
        ("badline", "Line 3"),
        ("bigfile", "-byte limit per input file"),
        ("bigjob", "bytes, the limit per batch inference job"),
    ])
    func validationFailures(kind: String, message: String) throws {
        let f = EmulatorFixture()
        defer { f.remove() }
        switch kind {
        case "few": f.writeInput(count: 99)
        case "many": f.writeInput(count: 151)
        case "bigfile", "bigjob": f.writeInput(count: 120)
        default:
            f.writeInput(count: 120)
            var text = try String(contentsOfFile: f.path(Self.input), encoding: .utf8).split(separator: "\n").map(String.init)
            text[2] = #"{"recordId":"X","modelInput":"not an object"}"#
            f.writeRaw(Self.input, Array((text.joined(separator: "\n") + "\n").utf8))
        }
        let emu = f.emulator { c in
            c.maxRecordsPerJob = 150
            if kind == "bigfile" { c.maxInputFileBytes = 10_000 }
            if kind == "bigjob" { c.maxJobBytes = 15_000 }
        }
        let input = kind == "bigjob" ? "s3://in-bucket/big/" : Self.input
        if kind == "bigjob" {
            f.writeInput("s3://in-bucket/big/a.jsonl", count: 60)
            f.writeInput("s3://in-bucket/big/b.jsonl", count: 60)
        }
        let arn = try emu.createModelInvocationJob(f.request(input: input))
        f.clock.advance(9)
        #expect(try emu.getModelInvocationJob(identifier: arn).status == .validating)
        f.clock.advance(2)
        let job = try emu.getModelInvocationJob(identifier: arn)
        #expect(job.status == .failed)
        #expect(job.message?.contains(message) == true, "\(job.message ?? "")")
        #expect(job.endTime == job.submitTime + 10)
        #expect(!FileManager.default.fileExists(atPath: f.path("s3://out-bucket/results/\(job.jobId)")))
    }

    /// Every record of the input is a success line, an error line, or missing; the manifest and
    /// GetModelInvocationJob agree with the lines.
    @Test("All records are accounted for under each fault", arguments: [
        "none", "recordErrors", "permanentErrors", "jobFailure", "partial", "stopped", "expired",
    ])
    func accounting(fault: String) throws {
        let f = EmulatorFixture()
        defer { f.remove() }
        f.writeInput(count: 400)
        let emu = f.emulator { c in
            c.seed = 7
            switch fault {
            case "recordErrors": c.recordErrorRate = 0.2
            case "permanentErrors": c.permanentErrorRate = 0.15
            case "jobFailure": c.jobFailureRate = 1
            case "partial": c.partialRate = 1
            case "expired": c.expiryRate = 1
            default: break
            }
        }
        let arn = try emu.createModelInvocationJob(f.request())
        if fault == "stopped" {
            f.clock.advance(60)
            try emu.stopModelInvocationJob(identifier: arn)
        }
        f.clock.advance(10_000)
        let job = try emu.getModelInvocationJob(identifier: arn)
        let expected: [String: ModelInvocationJobStatus] = [
            "jobFailure": .failed, "partial": .partiallyCompleted, "stopped": .stopped, "expired": .expired,
        ]
        #expect(job.status == (expected[fault] ?? .completed))
        let dir = "s3://out-bucket/results/\(job.jobId)"
        guard let lines = f.outputLines(dir + "/part-0001.jsonl.out") else {
            #expect(fault == "expired", "only expired jobs have no outputs")
            #expect(job.message?.contains("expired") == true)
            #expect(job.processedRecordCount == nil)
            return
        }
        let successes = lines.filter { $0["modelOutput"] != nil }.count
        let errors = lines.filter { $0["error"] != nil }.count
        let ids = Set(lines.map { $0["recordId"]!.string! })
        #expect(ids.count == lines.count, "no record appears twice")
        let missing = 400 - ids.count
        #expect(successes + errors + missing == 400)
        let manifest = try #require(f.manifest(dir + "/manifest.json.out"))
        #expect(manifest["totalRecordCount"]?.int == 400)
        #expect(manifest["processedRecordCount"]?.int == lines.count)
        #expect(manifest["successRecordCount"]?.int == successes)
        #expect(manifest["errorRecordCount"]?.int == errors)
        #expect(job.totalRecordCount == 400)
        #expect(job.processedRecordCount == lines.count)
        #expect(job.successRecordCount == successes)
        #expect(job.errorRecordCount == errors)
        switch fault {
        case "recordErrors":
            #expect(errors > 40 && errors < 120)
            let codes = Set(lines.compactMap { $0["error"]?["errorCode"]?.int })
            #expect(codes.isSubset(of: [429, 500, 503]) && codes.count >= 2)
        case "permanentErrors":
            #expect(errors > 25 && errors < 100)
            #expect(lines.compactMap { $0["error"]?["errorMessage"]?.string }.allSatisfy {
                $0 == "ValidationException: Input is too long for requested model."
            })
        case "jobFailure":
            #expect(missing > 0 && lines.count > 0)
            #expect(job.message != nil)
        case "partial", "stopped":
            #expect(missing > 0 && lines.count > 0)
            #expect(errors == 0)
        default:
            #expect(missing == 0 && errors == 0)
        }
    }

    @Test("Same seed, inputs and clock give byte-identical outputs; another seed changes the faults")
    func determinism() throws {
        func run(seed: UInt64) throws -> (ModelInvocationJob, Data) {
            let f = EmulatorFixture()
            defer { f.remove() }
            f.writeInput(count: 300)
            let emu = f.emulator { $0.seed = seed; $0.recordErrorRate = 0.1; $0.permanentErrorRate = 0.1 }
            let job = try runToEnd(f, emu, f.request(token: "t1"))
            let data = try Data(contentsOf: URL(fileURLWithPath: f.path("s3://out-bucket/results/\(job.jobId)/part-0001.jsonl.out")))
            return (job, data)
        }
        let (a, aData) = try run(seed: 42)
        let (b, bData) = try run(seed: 42)
        let (_, cData) = try run(seed: 43)
        #expect(a.jobArn == b.jobArn)
        #expect(aData == bData)
        #expect(aData != cData)
    }

    @Test("Permanent faults follow the input into a retry job; retryable faults roll again")
    func faultsAcrossRetries() throws {
        let f = EmulatorFixture()
        defer { f.remove() }
        f.writeInput(count: 300)
        let emu = f.emulator { $0.seed = 3; $0.recordErrorRate = 0.3; $0.permanentErrorRate = 0.1 }
        func errors(_ name: String) throws -> (permanent: Set<String>, retryable: Set<String>) {
            let job = try runToEnd(f, emu, f.request(name: name))
            let lines = try #require(f.outputLines("s3://out-bucket/results/\(job.jobId)/part-0001.jsonl.out"))
            var p = Set<String>(), r = Set<String>()
            for l in lines {
                guard let code = l["error"]?["errorCode"]?.int else { continue }
                if code == 400 { p.insert(l["recordId"]!.string!) } else { r.insert(l["recordId"]!.string!) }
            }
            return (p, r)
        }
        let first = try errors("first")
        let retry = try errors("retry")
        #expect(!first.permanent.isEmpty)
        #expect(first.permanent == retry.permanent)
        #expect(first.retryable != retry.retryable)
    }
}

@Suite("Converse jobs")
struct ConverseJobTests {
    @Test("Converse records are read as Converse requests and answered as Converse responses")
    func converseJob() throws {
        let f = EmulatorFixture()
        defer { f.remove() }
        var w = JSONWriter()
        for i in 0..<100 {
            w.beginObject()
            w.key("recordId"); w.string("C\(i)")
            w.key("modelInput")
            ConverseAdapter().writeModelInput(Prompt("Converse prompt \(i) about tides"), params: ModelParams(), into: &w)
            w.endObject(); w.newline()
        }
        w.raw(Array(#"{"recordId":"TOOL","modelInput":{"messages":[{"role":"user","content":[{"text":"x"}]}],"toolConfig":{"tools":[]}}}"#.utf8))
        w.newline()
        f.writeRaw("s3://in-bucket/conv/c.jsonl", w.bytes)
        var request = f.request(modelId: "us.anthropic.claude-3-5-haiku-20241022-v1:0", input: "s3://in-bucket/conv/c.jsonl")
        request.modelInvocationType = "Converse"
        let emu = f.emulator()
        let arn = try emu.createModelInvocationJob(request)
        f.clock.advance(1000)
        let job = try emu.getModelInvocationJob(identifier: arn)
        #expect(job.status == .completed)
        #expect(job.modelInvocationType == "Converse")
        let lines = try #require(f.outputLines("s3://out-bucket/results/\(job.jobId)/c.jsonl.out"))
        #expect(lines.count == 101)
        for line in lines where line["recordId"]?.string != "TOOL" {
            let output = try #require(line["modelOutput"])
            let text = try #require(output["output"]?["message"]?["content"]?.elements.first?["text"]?.string)
            #expect(text.hasPrefix("[emulated anthropic.claude-3-5-haiku-20241022-v1:0] Re: \"Converse prompt"))
            #expect(output["stopReason"]?.string == "end_turn")
            let usage = try #require(output["usage"])
            #expect(usage["totalTokens"]?.int == (usage["inputTokens"]?.int ?? -1) + (usage["outputTokens"]?.int ?? -1))
            #expect(try ConverseAdapter().parseModelOutput(output).text == text)
        }
        let tool = try #require(lines.first { $0["recordId"]?.string == "TOOL" })
        #expect(tool["error"]?["errorCode"]?.int == 400, "tool use is not supported in batch Converse")
    }
}
