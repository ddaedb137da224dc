import Foundation
import Testing
@testable import QuarryEmulator

@Suite("CreateModelInvocationJob: validation, idempotency, quota")
struct CreateTests {
    func expectError(_ code: EmulatorError.Code, containing text: String? = nil,
                     _ body: () throws(EmulatorError) -> Void, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            try body()
            Issue.record("expected \(code.name)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == code, sourceLocation: sourceLocation)
            if let text { #expect(error.message.contains(text), "\(error.message)", sourceLocation: sourceLocation) }
        }
    }

    @Test("Member patterns are enforced with Bedrock's wording", arguments: [
        ("bad_name", "jobName"),
        ("-leading", "jobName"),
        (String(repeating: "a", count: 64), "jobName"),
    ])
    func badJobNames(name: String, member: String) throws {
        let f = EmulatorFixture()
        defer { f.remove() }
        f.writeInput(count: 100)
        let emu = f.emulator()
        expectError(.validation, containing: "'\(member)'") { () throws(EmulatorError) in
            _ = try emu.createModelInvocationJob(f.request(name: name))
        }
        #expect(try emu.listModelInvocationJobs().summaries.isEmpty)
    }

    @Test("Good names, tokens, roles and URIs pass; bad ones fail")
    func patterns() {
        typealias R = CreateModelInvocationJobRequest
        #expect(R.isValidJobName("claims-embed-2026.11+part-0001"))
        #expect(!R.isValidJobName("has space"))
        #expect(R.isValidToken("5d0c1e3a-0b1c-4d2e-8f00-123456789abc"))
        #expect(!R.isValidToken("run_1"))
        #expect(!R.isValidToken("trailing-"))
        #expect(R.isValidRoleArn("arn:aws:iam::123456789012:role/BedrockBatch"))
        #expect(R.isValidRoleArn("arn:aws-us-gov:iam::123456789012:role/x"))
        #expect(!R.isValidRoleArn("arn:aws:iam::1234:role/x"))
        #expect(!R.isValidRoleArn("arn:aws:iam::123456789012:user/x"))
        #expect(R.isValidS3Uri("s3://in-bucket/jobs/0001/"))
        #expect(R.isValidS3Uri("s3://in-bucket"))
        #expect(R.isValidS3Uri("s3://in-bucket/a/b.jsonl"))
        #expect(!R.isValidS3Uri("s3://in-bucket/dt=2026-11-24/"))
        #expect(!R.isValidS3Uri("s3://In-Bucket/x"))
        #expect(!R.isValidS3Uri("s3://in-bucket//x"))
        #expect(!R.isValidS3Uri("https://in-bucket/x"))
    }

    @Test("Other bad members: token, role, URIs, timeout, invocation type")
    func otherMembers() {
        let f = EmulatorFixture()
        defer { f.remove() }
        f.writeInput(count: 100)
        let emu = f.emulator()
        expectError(.validation, containing: "clientRequestToken") { () throws(EmulatorError) in
            _ = try emu.createModelInvocationJob(f.request(token: "has_underscore"))
        }
        var r = f.request()
        r.roleArn = "not-an-arn"
        let badRole = r
        expectError(.validation, containing: "roleArn") { () throws(EmulatorError) in _ = try emu.createModelInvocationJob(badRole) }
        expectError(.validation, containing: "s3Uri") { () throws(EmulatorError) in
            _ = try emu.createModelInvocationJob(f.request(input: "s3://in-bucket/dt=1/x.jsonl"))
        }
        r = f.request()
        r.timeoutDurationInHours = 12
        let badTimeout = r
        expectError(.validation, containing: "timeoutDurationInHours") { () throws(EmulatorError) in
            _ = try emu.createModelInvocationJob(badTimeout)
        }
        r = f.request()
        r.modelInvocationType = "Chat"
        let badType = r
        expectError(.validation, containing: "modelInvocationType") { () throws(EmulatorError) in _ = try emu.createModelInvocationJob(badType) }
        f.writeInput("s3://in-bucket/emb/e.jsonl", count: 100, modelId: EmulatorFixture.titan)
        r = f.request(modelId: EmulatorFixture.titan, input: "s3://in-bucket/emb/e.jsonl")
        r.modelInvocationType = "Converse"
        let embedConverse = r
        expectError(.validation, containing: "Converse") { () throws(EmulatorError) in _ = try emu.createModelInvocationJob(embedConverse) }
    }

    @Test("An unknown model is a ValidationException that lists the supported families")
    func unknownModel() {
        let f = EmulatorFixture()
        defer { f.remove() }
        f.writeInput(count: 100)
        let emu = f.emulator()
        expectError(.validation, containing: "anthropic.claude") { () throws(EmulatorError) in
            _ = try emu.createModelInvocationJob(f.request(modelId: "acme.unknown-model-v1"))
        }
    }

    @Test("Missing input object or prefix is a ValidationException naming the URI")
    func missingInput() {
        let f = EmulatorFixture()
        defer { f.remove() }
        let emu = f.emulator()
        expectError(.validation, containing: "s3://in-bucket/nothing/here.jsonl") { () throws(EmulatorError) in
            _ = try emu.createModelInvocationJob(f.request(input: "s3://in-bucket/nothing/here.jsonl"))
        }
        f.writeRaw("s3://in-bucket/empty/readme.txt", Array("hi".utf8))
        expectError(.validation, containing: "s3://in-bucket/empty/") { () throws(EmulatorError) in
            _ = try emu.createModelInvocationJob(f.request(input: "s3://in-bucket/empty/"))
        }
        expectError(.validation, containing: ".jsonl") { () throws(EmulatorError) in
            _ = try emu.createModelInvocationJob(f.request(input: "s3://in-bucket/empty/readme.txt"))
        }
        let e = EmulatorError(.validation, "x")
        #expect(e.httpStatus == 400)
    }

    @Test("A repeated clientRequestToken returns the same ARN and creates nothing")
    func idempotentToken() throws {
        let f = EmulatorFixture()
        defer { f.remove() }
        f.writeInput(count: 100)
        let emu = f.emulator()
        let first = try emu.createModelInvocationJob(f.request(name: "a", token: "run1-shard0001-attempt1"))
        f.clock.advance(1)
        let again = try emu.createModelInvocationJob(f.request(name: "a", token: "run1-shard0001-attempt1"))
        // A restarted process retrying the same submission also gets the same job.
        let restarted = try f.emulator().createModelInvocationJob(f.request(name: "a", token: "run1-shard0001-attempt1"))
        #expect(first == again)
        #expect(first == restarted)
        #expect(try emu.listModelInvocationJobs().summaries.count == 1)
        let other = try emu.createModelInvocationJob(f.request(name: "a", token: "run1-shard0001-attempt2"))
        #expect(other != first)
        #expect(try emu.listModelInvocationJobs().summaries.count == 2)
    }

    @Test("The per-model quota refuses one job too many and frees a slot when a job ends")
    func quota() throws {
        let f = EmulatorFixture()
        defer { f.remove() }
        f.writeInput(count: 100)
        f.writeInput("s3://in-bucket/emb/part.jsonl", count: 100, modelId: EmulatorFixture.titan)
        let emu = f.emulator { $0.maxConcurrentJobsPerModel = 2; $0.jobSeconds = 100 }
        _ = try emu.createModelInvocationJob(f.request(name: "j1"))
        f.clock.advance(50)
        _ = try emu.createModelInvocationJob(f.request(name: "j2"))
        do {
            _ = try emu.createModelInvocationJob(f.request(name: "j3"))
            Issue.record("expected ServiceQuotaExceededException")
        } catch {
            #expect(error.code == .serviceQuotaExceeded)
            #expect(error.httpStatus == 400)
        }
        // Another base model has its own quota; an inference-profile id counts against its base model.
        _ = try emu.createModelInvocationJob(f.request(name: "e1", modelId: EmulatorFixture.titan, input: "s3://in-bucket/emb/part.jsonl"))
        #expect(throws: EmulatorError.self) {
            try emu.createModelInvocationJob(f.request(name: "j3", modelId: "us." + EmulatorFixture.claude))
        }
        f.clock.advance(50) // j1 completes
        let j3 = try emu.createModelInvocationJob(f.request(name: "j3"))
        #expect(try emu.getModelInvocationJob(identifier: j3).status == .submitted)
    }
}
