import Foundation
import Testing
@testable import QuarryCore

/// Command-line and environment values that complete a spec: how the AWS sample's Step Functions
/// input document (which names no provider or output) runs as is, on the emulator or on Bedrock.
@Suite struct SpecOverridesTests {
    static let sampleDocument = """
        {
          "job_name_prefix": "joke-generation",
          "model_id": "anthropic.claude-3-5-haiku-20241022-v1:0",
          "template": "Tell me a joke about {topic} in less than 50 words.",
          "input": "topics.csv"
        }
        """
    static let role = "arn:aws:iam::123456789012:role/BedrockBatch"

    func parse(_ overrides: SpecParser.Overrides, text: String = sampleDocument) throws(QuarryError) -> RunSpec {
        try SpecParser.parse(text: text, file: "input.json", directory: "/tmp/specs", overrides: overrides)
    }

    @Test func noOverridesRunsOnTheEmulator() throws {
        let spec = try parse(SpecParser.Overrides())
        #expect(spec.provider == "emulator")
        #expect(spec.bedrock == nil)
        #expect(spec.name == "joke-generation")
    }

    @Test func flagsSelectBedrockAndFillTheBlock() throws {
        let spec = try parse(SpecParser.Overrides(provider: "bedrock", bedrock: ["bucket": "my-bucket", "role_arn": Self.role, "region": "eu-west-1",
                                                                  "endpoint": "http://127.0.0.1:4566"], output: "/data/out.parquet"))
        #expect(spec.provider == "bedrock")
        #expect(spec.bedrock?.bucket == "my-bucket")
        #expect(spec.bedrock?.roleArn == Self.role)
        #expect(spec.bedrock?.region == "eu-west-1")
        #expect(spec.bedrock?.endpoint == "http://127.0.0.1:4566")
        #expect(spec.output == "/data/out.parquet")
    }

    @Test func environmentFillsOnlyWhatTheFileLacks() throws {
        var overrides = SpecParser.Overrides()
        overrides.addEnvironmentDefaults(["QUARRY_PROVIDER": "bedrock", "QUARRY_BEDROCK_BUCKET": "env-bucket",
                                          "QUARRY_BEDROCK_ROLE_ARN": Self.role, "QUARRY_BEDROCK_PREFIX": "batch/"])
        let fromEnv = try parse(overrides)
        #expect(fromEnv.provider == "bedrock")
        #expect(fromEnv.bedrock?.bucket == "env-bucket")
        #expect(fromEnv.bedrock?.prefix == "batch/")

        // A file that says `provider: emulator` keeps it; the environment's bucket is then not read.
        let yaml = """
            name: jokes
            input: topics.csv
            model: anthropic.claude-3-5-haiku-20241022-v1:0
            template: "Tell me a joke about {topic}"
            provider: emulator
            """
        let fromFile = try parse(overrides, text: yaml)
        #expect(fromFile.provider == "emulator")
        #expect(fromFile.bedrock == nil)

        // The file's own bucket wins over the environment's; a flag wins over both.
        let withBlock = yaml.replacingOccurrences(of: "provider: emulator", with: "provider: bedrock\nbedrock: {bucket: file-bucket, role_arn: \"\(Self.role)\"}")
        #expect(try parse(overrides, text: withBlock).bedrock?.bucket == "file-bucket")
        var flagged = overrides
        flagged.bedrock = ["bucket": "flag-bucket"]
        #expect(try parse(flagged, text: withBlock).bedrock?.bucket == "flag-bucket")
    }

    @Test func badFlagValuesAreReportedByKey() {
        do {
            _ = try parse(SpecParser.Overrides(provider: "bedrock", bedrock: ["bucket": "Not_A_Bucket"]))
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("bedrock.bucket"))
            #expect("\(error)".contains("Not_A_Bucket"))
            #expect("\(error)".contains("bedrock.role_arn"))
        }
        do {
            _ = try parse(SpecParser.Overrides(provider: "openai"))
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("unknown provider `openai`"))
        }
    }
}
