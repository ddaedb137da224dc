import Foundation
import QuarryCore
import Testing
@testable import QuarryEmulator

@Suite("InvokeModel (real-time lane)")
struct InvokeModelTests {
    func body(_ modelId: String, _ prompt: String, dimensions: Int? = nil) throws -> [UInt8] {
        var w = JSONWriter()
        var params = ModelParams()
        params.dimensions = dimensions
        try ModelCatalog.resolve(modelId).adapter.writeModelInput(Prompt(prompt), params: params, into: &w)
        return w.bytes
    }

    @Test("Text models answer deterministically, in the family's response shape", arguments: [
        "anthropic.claude-3-haiku-20240307-v1:0", "us.amazon.nova-lite-v1:0", "meta.llama3-1-8b-instruct-v1:0",
        "mistral.mistral-large-2402-v1:0",
    ])
    func textModels(modelId: String) throws {
        let f = EmulatorFixture()
        defer { f.remove() }
        let emu = f.emulator()
        let adapter = try ModelCatalog.resolve(modelId).adapter
        let a = try emu.invokeModel(modelId: modelId, body: try body(modelId, "Name three rivers in France"))
        let b = try emu.invokeModel(modelId: modelId, body: try body(modelId, "Name three rivers in France"))
        let c = try emu.invokeModel(modelId: modelId, body: try body(modelId, "Name three mountains in Spain"))
        #expect(a == b)
        let text = try #require(try adapter.parseModelOutput(try JSONValue.parse(a)).text)
        let other = try #require(try adapter.parseModelOutput(try JSONValue.parse(c)).text)
        #expect(text.hasPrefix("[emulated "))
        #expect(text.contains("Name three rivers in France"))
        #expect(text != other)
    }

    @Test("Titan embeddings are unit vectors of the requested dimensions (1024 by default)")
    func embeddings() throws {
        let f = EmulatorFixture()
        defer { f.remove() }
        let emu = f.emulator()
        let adapter = TitanEmbedV2Adapter()
        for (dims, expected) in [(Optional(512), 512), (nil, 1024)] {
            let out = try emu.invokeModel(modelId: EmulatorFixture.titan, body: try body(EmulatorFixture.titan, "hello world", dimensions: dims))
            let r = try adapter.parseModelOutput(try JSONValue.parse(out))
            #expect(r.dimensions == expected)
            #expect(r.inputTokens == 2)
            let norm = try JSONValue.parse(r.embeddingJSON!).elements.reduce(0.0) { $0 + $1.double! * $1.double! }
            #expect(abs(norm - 1) < 1e-4)
        }
    }

    @Test("Errors: unknown model, malformed body, permanent fault, throttling, retryable faults")
    func errors() throws {
        let f = EmulatorFixture()
        defer { f.remove() }
        let good = try body(EmulatorFixture.claude, "hi")
        #expect { try f.emulator().invokeModel(modelId: "acme.nope", body: good) } throws: {
            ($0 as? EmulatorError)?.code == .validation
        }
        #expect { try f.emulator().invokeModel(modelId: EmulatorFixture.claude, body: Array(#"{"inputText":"x"}"#.utf8)) } throws: {
            ($0 as? EmulatorError)?.message.contains("Malformed input request") == true
        }
        #expect { try f.emulator { $0.permanentErrorRate = 1 }.invokeModel(modelId: EmulatorFixture.claude, body: good) } throws: {
            ($0 as? EmulatorError)?.message == "Input is too long for requested model." && ($0 as? EmulatorError)?.httpStatus == 400
        }
        #expect { try f.emulator { $0.throttleRate = 1 }.invokeModel(modelId: EmulatorFixture.claude, body: good) } throws: {
            ($0 as? EmulatorError)?.code == .throttling
        }
        let flaky = f.emulator { $0.recordErrorRate = 0.5 }
        var codes = Set<String>()
        var successes = 0
        for _ in 0..<60 {
            do { _ = try flaky.invokeModel(modelId: EmulatorFixture.claude, body: good); successes += 1 } catch {
                #expect(error.isRetryable)
                codes.insert(error.code.name)
            }
        }
        #expect(successes > 10 && successes < 50, "the same body succeeds on some retries")
        #expect(codes.isSubset(of: ["ThrottlingException", "InternalServerException", "ServiceUnavailableException"]))
    }

    @Test("A batch record's permanent fault also fails its InvokeModel retry")
    func permanentFaultAgreesAcrossLanes() throws {
        let f = EmulatorFixture()
        defer { f.remove() }
        f.writeInput(count: 200)
        let emu = f.emulator { $0.permanentErrorRate = 0.2; $0.seed = 11 }
        let arn = try emu.createModelInvocationJob(f.request())
        f.clock.advance(1000)
        let job = try emu.getModelInvocationJob(identifier: arn)
        let lines = try #require(f.outputLines("s3://out-bucket/results/\(job.jobId)/part-0001.jsonl.out"))
        for line in lines {
            let input = Array(line["modelInput"]!.rawBytes)
            let failedInBatch = line["error"] != nil
            let failedLive: Bool
            do { _ = try emu.invokeModel(modelId: EmulatorFixture.claude, body: input); failedLive = false } catch { failedLive = true }
            #expect(failedInBatch == failedLive)
        }
    }
}

@Suite("Wire types use Bedrock's JSON")
struct WireTests {
    @Test("A CreateModelInvocationJob body from an AWS SDK decodes")
    func decodeCreate() throws {
        let json = #"""
        {"jobName":"claims-embed-part-0001","roleArn":"arn:aws:iam::123456789012:role/BedrockBatch",
         "clientRequestToken":"5d0c1e3a-0b1c","modelId":"amazon.titan-embed-text-v2:0",
         "inputDataConfig":{"s3InputDataConfig":{"s3Uri":"s3://in-bucket/jobs/0001/","s3InputFormat":"JSONL"}},
         "outputDataConfig":{"s3OutputDataConfig":{"s3Uri":"s3://out-bucket/jobs/0001/"}},
         "timeoutDurationInHours":72,"tags":[{"key":"project","value":"x"}]}
        """#
        let r = try BedrockJSON.decoder().decode(CreateModelInvocationJobRequest.self, from: Data(json.utf8))
        #expect(r.inputDataConfig.s3InputDataConfig.s3Uri == "s3://in-bucket/jobs/0001/")
        #expect(r.timeoutDurationInHours == 72)
        #expect(r.tags?.first?.key == "project")
    }

    @Test("A job encodes with Bedrock's member names and ISO 8601 timestamps")
    func encodeJob() throws {
        let f = EmulatorFixture()
        defer { f.remove() }
        f.writeInput(count: 100)
        let emu = f.emulator { $0.jobSeconds = 0 }
        let arn = try emu.createModelInvocationJob(f.request())
        let job = try emu.getModelInvocationJob(identifier: arn)
        let data = try BedrockJSON.encoder().encode(ListModelInvocationJobsResponse(invocationJobSummaries: [job], nextToken: nil))
        let v = try JSONValue.parse(Array(data))
        let summary = try #require(v["invocationJobSummaries"]?.elements.first)
        #expect(summary["status"]?.string == "Completed")
        #expect(summary["submitTime"]?.string == "2027-01-15T08:00:00Z")
        #expect(summary["inputDataConfig"]?["s3InputDataConfig"]?["s3Uri"]?.string == "s3://in-bucket/jobs/0001/part-0001.jsonl")
        #expect(summary["totalRecordCount"]?.int == 100)
        let back = try BedrockJSON.decoder().decode(ListModelInvocationJobsResponse.self, from: data)
        #expect(back.invocationJobSummaries == [job])
    }
}

@Suite("Converse (real-time lane)")
struct ConverseRuntimeTests {
    @Test("Converse answers text models in the Converse shape and refuses embedding models")
    func converse() throws {
        let f = EmulatorFixture()
        defer { f.remove() }
        let emu = f.emulator()
        var w = JSONWriter()
        ConverseAdapter().writeModelInput(Prompt("Why is the sea salty?"), params: ModelParams(), into: &w)
        let out = try emu.converse(modelId: "us.amazon.nova-lite-v1:0", body: w.bytes)
        let text = try #require(try ConverseAdapter().parseModelOutput(try JSONValue.parse(out)).text)
        #expect(text.hasPrefix("[emulated amazon.nova-lite-v1:0] Re: \"Why is the sea salty?\""))
        #expect { try emu.converse(modelId: EmulatorFixture.titan, body: w.bytes) } throws: {
            ($0 as? EmulatorError)?.code == .validation
        }
        #expect { try emu.converse(modelId: EmulatorFixture.claude, body: Array(#"{"prompt":"native"}"#.utf8)) } throws: {
            ($0 as? EmulatorError)?.message.contains("Malformed") == true
        }
    }
}
