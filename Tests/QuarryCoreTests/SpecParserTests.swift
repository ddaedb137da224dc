import Foundation
import Testing
@testable import QuarryCore

@Suite struct SpecParserTests {
    let dir = "/tmp/specs"

    func parse(_ text: String, templates: String? = nil) throws(QuarryError) -> RunSpec {
        try SpecParser.parse(text: text, file: "spec.yaml", directory: dir, overrides: .init(templatesFile: templates))
    }

    func problems(_ text: String) -> String {
        do {
            _ = try parse(text)
            return ""
        } catch { return error.description }
    }

    @Test func fullSpecParsesWithPathsRelativeToTheSpec() throws {
        let spec = try parse("""
            name: jokes
            input: data/topics.csv
            model: us.anthropic.claude-3-5-haiku-20241022-v1:0
            template: "Tell a joke about {topic}"
            params: {max_tokens: 256, temperature: 0.5, system: "You are funny.", stop_sequences: ["END"]}
            limits: {min_records_per_job: 100, max_records_per_job: 50000, max_bytes_per_job: 1GB, max_concurrent_jobs: 20, max_jobs: null, max_records: 1000}
            output: out/jokes.jsonl
            emulator: {record_error_rate: 0.1, job_seconds: 3}
            retry: {max_attempts: 3, realtime: false}
            """)
        #expect(spec.input == "/tmp/specs/data/topics.csv")
        #expect(spec.output == "/tmp/specs/out/jokes.jsonl")
        #expect(spec.params.maxTokens == 256)
        #expect(spec.params.stopSequences == ["END"])
        #expect(spec.limits.maxBytesPerJob == 1_000_000_000)
        #expect(spec.limits.maxJobs == nil)
        #expect(spec.limits.maxRecords == 1000)
        #expect(spec.emulator.recordErrorRate == 0.1)
        #expect(spec.retry.maxAttempts == 3 && !spec.retry.realtime)
        #expect(spec.provider == "emulator")
    }

    @Test func everyProblemIsReportedAtOnceWithLinesAndSuggestions() {
        let text = problems("""
            name: bad_name
            input: data.csv
            model: anthropic.claude-3-haiku-20240307-v1:0
            promt: joke
            template: "Hi {x}"
            limits: {min_records_per_job: 500, max_records_per_job: 100, max_concurency: 3}
            emulator: {record_error_rate: 2}
            """)
        #expect(text.contains("problems"))
        #expect(text.contains("line 4: `promt`: unknown key (did you mean `prompt`?)"))
        #expect(text.contains("`limits.max_concurency`"))
        #expect(text.contains("did you mean `max_concurrent_jobs`?"))
        #expect(text.contains("min_records_per_job (500) is larger than max_records_per_job (100)"))
        #expect(text.contains("`emulator.record_error_rate`: must be between 0.0 and 1.0"))
        #expect(text.contains("try `bad-name`"))
    }

    @Test func awsSampleInputKeysAreAccepted() throws {
        let templates = "/tmp/quarry-spec-templates-\(UUID().uuidString).yaml"
        try "summarize: \"Summarize: {text}\"\nother: \"x {y}\"\n".write(toFile: templates, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: templates) }
        let spec = try parse("""
            {"job_name_prefix": "sample-run", "model_id": "anthropic.claude-3-haiku-20240307-v1:0", "prompt_id": "summarize",
             "max_num_jobs": 3, "max_records_per_job": 1000, "max_records_total": 2500, "input": "rows.csv"}
            """, templates: templates)
        #expect(spec.name == "sample-run")
        #expect(spec.template == "Summarize: {text}")
        #expect(spec.templateId == "summarize")
        #expect(spec.limits.maxJobs == 3 && spec.limits.maxRecordsPerJob == 1000 && spec.limits.maxRecords == 2500)
    }

    @Test func unknownPromptIdSuggestsTheClosest() throws {
        let templates = "/tmp/quarry-spec-templates-\(UUID().uuidString).yaml"
        try "joke_about_topic: \"{topic}\"\n".write(toFile: templates, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: templates) }
        #expect(throws: QuarryError.self) {
            try parse("name: x\ninput: a.csv\nmodel: anthropic.claude-3-haiku-20240307-v1:0\nprompt: joke_about_topc\n", templates: templates)
        }
        do {
            _ = try parse("name: x\ninput: a.csv\nmodel: anthropic.claude-3-haiku-20240307-v1:0\nprompt: joke_about_topc\n", templates: templates)
        } catch {
            #expect(error.description.contains("did you mean `joke_about_topic`?"))
        }
    }

    @Test func embeddingModelsDefaultToTheInputTextColumn() throws {
        let spec = try parse("name: e\ninput: a.jsonl\nmodel: amazon.titan-embed-text-v2:0\nparams: {dimensions: 512}\n")
        #expect(spec.template == "{input_text}")
        #expect(spec.params.dimensions == 512)
        #expect(problems("name: e\ninput: a.jsonl\nmodel: amazon.titan-embed-text-v2:0\nparams: {dimensions: 300}\n").contains("256, 512 or 1024"))
    }

    @Test func theIdentityIgnoresOperationalSettings() throws {
        let base = "name: r\ninput: a.csv\nmodel: anthropic.claude-3-haiku-20240307-v1:0\ntemplate: \"{a}\"\n"
        let a = try parse(base + "emulator: {job_seconds: 1}\nlimits: {max_concurrent_jobs: 3}\n")
        let b = try parse(base + "emulator: {job_seconds: 9, throttle_rate: 0.5}\nlimits: {max_concurrent_jobs: 7}\n")
        let c = try parse(base + "params: {max_tokens: 99}\n")
        #expect(a.identityHash == b.identityHash)
        #expect(a.identityHash != c.identityHash)
    }

    @Test(arguments: [("1GB", 1_000_000_000), ("512 MB", 512_000_000), ("1.5GiB", 1_610_612_736), ("2048", 2048)])
    func byteSizes(_ text: String, _ bytes: Int) {
        #expect(ByteSize.parse(text) == bytes)
    }
}
