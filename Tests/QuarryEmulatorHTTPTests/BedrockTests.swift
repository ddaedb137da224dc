import Foundation
import QuarryEmulator
import Testing
@testable import QuarryEmulatorHTTP

@Suite("Bedrock over HTTP")
struct BedrockTests {
    func createBody(name: String, token: String?, input: String = "s3://batch-in/job/", output: String = "s3://batch-out/results/") -> [UInt8] {
        var object: [String: Any] = [
            "jobName": name, "roleArn": "arn:aws:iam::123456789012:role/BedrockBatch", "modelId": claudeModel,
            "inputDataConfig": ["s3InputDataConfig": ["s3Uri": input]],
            "outputDataConfig": ["s3OutputDataConfig": ["s3Uri": output]],
        ]
        if let token { object["clientRequestToken"] = token }
        return Array(try! JSONSerialization.data(withJSONObject: object))
    }

    @Test func batchJobLifecycle() async throws {
        try await withServer { client, _ in
            _ = try await client.send("PUT", "/batch-in")
            _ = try await client.send("PUT", "/batch-out")
            _ = try await client.send("PUT", "/batch-in/job/records.jsonl", body: claudeRecords(5))
            let create = try await client.send("POST", "/model-invocation-job", service: "bedrock",
                                               headers: [("Content-Type", "application/json")], body: createBody(name: "job-1", token: "tok-1"))
            #expect(create.status == 200)
            let arn = try #require(create.json["jobArn"] as? String)
            let again = try await client.send("POST", "/model-invocation-job", service: "bedrock",
                                              headers: [("Content-Type", "application/json")], body: createBody(name: "job-1", token: "tok-1"))
            #expect(again.json["jobArn"] as? String == arn)
            let jobId = String(arn.split(separator: "/").last!)
            // By URL-encoded ARN, as botocore sends it.
            let encodedArn = PercentCoding.encode(arn)
            let byArn = try await client.send("GET", "/model-invocation-job/" + encodedArn, service: "bedrock")
            #expect(byArn.status == 200)
            #expect(byArn.json["status"] as? String == "Completed")
            #expect(byArn.json["successRecordCount"] as? Int == 5)
            let byId = try await client.send("GET", "/model-invocation-job/" + jobId, service: "bedrock")
            #expect(byId.json["jobArn"] as? String == arn)
            // Outputs are visible over S3.
            let outputs = try await client.send("GET", "/batch-out?list-type=2&prefix=results%2F\(jobId)%2F")
            #expect(outputs.xmlAll("Key").sorted() == ["results/\(jobId)/manifest.json.out", "results/\(jobId)/records.jsonl.out"])
            let out = try await client.send("GET", "/batch-out/results/\(jobId)/records.jsonl.out")
            #expect(out.text.split(separator: "\n").count == 5)
            // List, then stop a finished job: ConflictException.
            let list = try await client.send("GET", "/model-invocation-jobs?maxResults=10&statusEquals=Completed", service: "bedrock")
            #expect((list.json["invocationJobSummaries"] as? [Any])?.count == 1)
            let stop = try await client.send("POST", "/model-invocation-job/\(jobId)/stop", service: "bedrock")
            #expect(stop.status == 400)
            #expect(stop.header("X-Amzn-ErrorType") == "ConflictException")
            let missing = try await client.send("GET", "/model-invocation-job/aaaaaaaaaaaa", service: "bedrock")
            #expect(missing.status == 404)
            #expect(missing.header("X-Amzn-ErrorType") == "ResourceNotFoundException")
        }
    }

    @Test func stopRunningJob() async throws {
        try await withServer(configure: { $0.emulator.jobSeconds = 3600 }) { client, _ in
            _ = try await client.send("PUT", "/batch-in")
            _ = try await client.send("PUT", "/batch-in/job/records.jsonl", body: claudeRecords(3))
            let create = try await client.send("POST", "/model-invocation-job", service: "bedrock", body: createBody(name: "slow", token: nil))
            let arn = try #require(create.json["jobArn"] as? String)
            let stop = try await client.send("POST", "/model-invocation-job/\(PercentCoding.encode(arn))/stop", service: "bedrock")
            #expect(stop.status == 200)
            #expect(stop.text == "{}")
            let job = try await client.send("GET", "/model-invocation-job/\(PercentCoding.encode(arn))", service: "bedrock")
            #expect(["Stopping", "Stopped"].contains(job.json["status"] as? String ?? ""))
        }
    }

    @Test func validationErrorsAreRestJSON() async throws {
        try await withServer { client, _ in
            let bad = try await client.send("POST", "/model-invocation-job", service: "bedrock", body: createBody(name: "bad_name", token: nil))
            #expect(bad.status == 400)
            #expect(bad.header("X-Amzn-ErrorType") == "ValidationException")
            #expect((bad.json["message"] as? String)?.contains("jobName") == true)
            let notJSON = try await client.send("POST", "/model-invocation-job", service: "bedrock", body: Array("nope".utf8))
            #expect(notJSON.header("X-Amzn-ErrorType") == "ValidationException")
            let noInput = try await client.send("POST", "/model-invocation-job", service: "bedrock", body: createBody(name: "x", token: nil))
            #expect(noInput.header("X-Amzn-ErrorType") == "ValidationException")
        }
    }

    @Test func throttlingComesFromTheCore() async throws {
        try await withServer(configure: { $0.emulator.throttleRate = 1 }) { client, _ in
            let reply = try await client.send("GET", "/model-invocation-jobs", service: "bedrock")
            #expect(reply.status == 429)
            #expect(reply.header("X-Amzn-ErrorType") == "ThrottlingException")
        }
    }

    @Test func invokeModel() async throws {
        try await withServer { client, _ in
            let body = Array(#"{"anthropic_version":"bedrock-2023-05-31","max_tokens":20,"messages":[{"role":"user","content":"hi"}]}"#.utf8)
            let reply = try await client.send("POST", "/model/\(PercentCoding.encode(claudeModel))/invoke", service: "bedrock",
                                              headers: [("Content-Type", "application/json"), ("Accept", "application/json")], body: body)
            #expect(reply.status == 200)
            #expect(reply.json["content"] != nil)
            let bad = try await client.send("POST", "/model/no.such-model/invoke", service: "bedrock", body: body)
            #expect(bad.header("X-Amzn-ErrorType") == "ValidationException")
        }
    }

    @Test func jobsSurviveRestart() async throws {
        let data = makeTemporaryDirectory()
        let arn = try await withServer(dataDirectory: data) { client, _ in
            _ = try await client.send("PUT", "/batch-in")
            _ = try await client.send("PUT", "/batch-in/job/records.jsonl", body: claudeRecords(2))
            let create = try await client.send("POST", "/model-invocation-job", service: "bedrock", body: self.createBody(name: "keep", token: nil))
            return try #require(create.json["jobArn"] as? String)
        }
        try await withServer(dataDirectory: data) { client, _ in
            let job = try await client.send("GET", "/model-invocation-job/\(PercentCoding.encode(arn))", service: "bedrock")
            #expect(job.status == 200)
        }
    }
}
