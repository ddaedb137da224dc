import Foundation
import Testing
@testable import QuarryCore

/// The `bedrock:` block of a spec: required settings, validation with lines, quotas, identity.
@Suite struct BedrockSpecTests {
    static let head = """
        name: jokes
        input: data/topics.csv
        model: anthropic.claude-3-5-haiku-20241022-v1:0
        template: "Tell a joke about {topic}"

        """

    func parse(_ text: String) throws(QuarryError) -> RunSpec {
        try SpecParser.parse(text: Self.head + text, file: "spec.yaml", directory: "/tmp/specs")
    }

    func problems(_ text: String) -> String {
        do {
            _ = try parse(text)
            return ""
        } catch { return error.description }
    }

    @Test func fullBlockParses() throws {
        let spec = try parse("""
            provider: bedrock
            limits: {max_concurrent_jobs: 20}
            bedrock:
              region: eu-west-1
              role_arn: arn:aws:iam::123456789012:role/service-role/BedrockBatch
              bucket: my-batch-bucket
              prefix: /jobs/quarry
              profile: work
              endpoints: {s3: "http://127.0.0.1:9000", bedrock_runtime: "https://vpce-1.bedrock-runtime.eu-west-1.vpce.amazonaws.com"}
              quotas:
                anthropic.claude-3-5-haiku-20241022-v1:0: {max_concurrent_jobs: 10, max_records_per_job: 50000, min_records_per_job: 100}
                default: {max_concurrent_jobs: 3}
              realtime: false
              realtime_rate: 2.5
              tags: {team: search}
              timeout_hours: 48
              kms_key_id: arn:aws:kms:eu-west-1:123456789012:key/abc
              vpc: {subnet_ids: [subnet-1], security_group_ids: [sg-1]}
            """)
        let b = try #require(spec.bedrock)
        #expect(spec.provider == "bedrock")
        #expect(b.region == "eu-west-1" && b.bucket == "my-batch-bucket" && b.prefix == "jobs/quarry/" && b.profile == "work")
        #expect(b.endpoints == ["s3": "http://127.0.0.1:9000", "bedrock-runtime": "https://vpce-1.bedrock-runtime.eu-west-1.vpce.amazonaws.com"])
        #expect(b.maxConcurrentJobs == 10 && spec.limits.maxConcurrentJobs == 10, "the model's quota wins over `default`")
        #expect(!b.realtime && !spec.retry.realtime && b.realtimeRate == 2.5)
        #expect(b.tags == ["team": "search"] && b.timeoutHours == 48 && b.subnetIds == ["subnet-1"] && b.securityGroupIds == ["sg-1"])
    }

    @Test func missingAndMalformedSettingsAreReportedWithLines() {
        let text = problems("""
            provider: bedrock
            bedrock:
              role_arn: arn:aws:iam::12345:role/x
              regoin: us-east-1
              region: mars-1
              endpoint: ftp://example.com
              timeout_hours: 2
            """)
        #expect(text.contains("line 7: `bedrock.role_arn`: `arn:aws:iam::12345:role/x` is not an IAM role ARN"), "\(text)")
        #expect(text.contains("`bedrock.bucket`: is required"), "\(text)")
        #expect(text.contains("line 8: `bedrock.regoin`: unknown key (did you mean `region`?)"), "\(text)")
        #expect(text.contains("line 9: `bedrock.region`: `mars-1` is not an AWS Region name"), "\(text)")
        #expect(text.contains("line 10: `bedrock.endpoint`"), "\(text)")
        #expect(text.contains("line 11: `bedrock.timeout_hours`: must be between 24 and 168"), "\(text)")
    }

    @Test func providerAndBlockMustAgree() {
        #expect(problems("provider: bedrock\n").contains("line 5: `bedrock`: is required with `provider: bedrock`"))
        #expect(problems("bedrock: {bucket: b-1, role_arn: arn:aws:iam::123456789012:role/R}\n").contains("`bedrock`: is only read with `provider: bedrock`"))
        #expect(problems("provider: openai\n").contains("unknown provider `openai`"))
        #expect(problems("provider: bedrock\nbedrock: {bucket: s3://b, role_arn: arn:aws:iam::123456789012:role/R}\n").contains("is not a valid S3 bucket name"))
    }

    @Test func limitsOutsideTheModelQuotaAreRefused() {
        let text = problems("""
            provider: bedrock
            limits: {max_records_per_job: 60000, min_records_per_job: 10}
            bedrock:
              bucket: b-1
              role_arn: arn:aws:iam::123456789012:role/R
              quotas: {anthropic.claude-3-5-haiku-20241022-v1:0: {max_records_per_job: 50000, min_records_per_job: 100}}
            """)
        #expect(text.contains("`limits.max_records_per_job`: is 60000, above the model's quota of 50000"), "\(text)")
        #expect(text.contains("`limits.min_records_per_job`: is 10, below the model's minimum of 100"), "\(text)")
    }

    @Test func onlyTheLocationBelongsToTheIdentity() throws {
        let base = "provider: bedrock\nbedrock: {bucket: b-1, region: us-east-1"
        let a = try parse(base + ", role_arn: arn:aws:iam::123456789012:role/R}\n")
        let operational = try parse(base + ", endpoint: \"http://127.0.0.1:1\", role_arn: arn:aws:iam::123456789012:role/Other, realtime_rate: 1, tags: {a: b}}\n")
        let moved = try parse(base.replacingOccurrences(of: "b-1", with: "b-2") + ", role_arn: arn:aws:iam::123456789012:role/R}\n")
        let prefixed = try parse(base + ", prefix: other, role_arn: arn:aws:iam::123456789012:role/R}\n")
        #expect(a.identityHash == operational.identityHash)
        #expect(a.identityHash != moved.identityHash)
        #expect(a.identityHash != prefixed.identityHash)
        // Emulator specs keep the identity they had before the block existed.
        #expect(!(try parse("provider: emulator\n")).identity.contains("bedrock"))
    }
}
