import Foundation
import Testing
@testable import QuarryEmulator

@Suite("State survives restarts and is shared between processes")
struct PersistenceTests {
    @Test("A new instance on the same folder sees the jobs and finishes them")
    func restartSeesJobs() throws {
        let f = EmulatorFixture()
        defer { f.remove() }
        f.writeInput(count: 100)
        let arn = try f.emulator().createModelInvocationJob(f.request(name: "survivor", token: "tok1"))
        f.clock.advance(30)
        let restarted = f.emulator()
        let job = try restarted.getModelInvocationJob(identifier: arn)
        #expect(job.status == .inProgress)
        #expect(job.jobName == "survivor")
        #expect(try restarted.listModelInvocationJobs().summaries.map(\.jobArn) == [arn])
        #expect(try restarted.createModelInvocationJob(f.request(name: "survivor", token: "tok1")) == arn)
    }

    @Test("Outputs are written exactly once, even across instances")
    func materializesOnce() throws {
        let f = EmulatorFixture()
        defer { f.remove() }
        f.writeInput(count: 100)
        let first = f.emulator()
        let arn = try first.createModelInvocationJob(f.request())
        f.clock.advance(200)
        let job = try first.getModelInvocationJob(identifier: arn)
        #expect(job.status == .completed)
        let out = f.path("s3://out-bucket/results/\(job.jobId)/part-0001.jsonl.out")
        #expect(FileManager.default.fileExists(atPath: out))
        // Remove the output: if anything re-materialized it, it would come back.
        try FileManager.default.removeItem(atPath: out)
        _ = try first.getModelInvocationJob(identifier: arn)
        _ = try f.emulator().getModelInvocationJob(identifier: arn)
        _ = try f.emulator().listModelInvocationJobs()
        #expect(!FileManager.default.fileExists(atPath: out))
        // Counters come from the stored manifest, not from a re-run.
        #expect(try f.emulator().getModelInvocationJob(identifier: arn).successRecordCount == 100)
    }

    @Test("Leftovers of an interrupted output write are cleared when the outputs are written")
    func leftoverTemporaries() throws {
        let f = EmulatorFixture()
        defer { f.remove() }
        f.writeInput(count: 100)
        let emu = f.emulator()
        let arn = try emu.createModelInvocationJob(f.request())
        let jobId = String(arn.split(separator: "/").last!)
        let dir = "s3://out-bucket/results/\(jobId)"
        f.writeRaw(dir + "/.part-0001.jsonl.out.partial-99999", Array("half a line".utf8))
        f.clock.advance(1000)
        #expect(try emu.getModelInvocationJob(identifier: arn).status == .completed)
        let names = try FileManager.default.contentsOfDirectory(atPath: f.path(dir))
        #expect(Set(names) == ["part-0001.jsonl.out", "manifest.json.out"])
    }

    @Test("Two instances creating jobs at once on one folder lose nothing")
    func concurrentInstances() throws {
        let f = EmulatorFixture()
        defer { f.remove() }
        f.writeInput(count: 100)
        let a = f.emulator { $0.maxConcurrentJobsPerModel = 1000 }
        let b = f.emulator { $0.maxConcurrentJobsPerModel = 1000 }
        let arns = Locked<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 40) { i in
            let emu = i % 2 == 0 ? a : b
            if let arn = try? emu.createModelInvocationJob(f.request(name: "job-\(i)", token: "token-\(i % 20)")) {
                arns.withLock { $0.append(arn) }
            }
        }
        let created = arns.withLock { $0 }
        #expect(created.count == 40)
        #expect(Set(created).count == 20, "each token maps to exactly one job")
        #expect(try a.listModelInvocationJobs().summaries.count == 20)
    }
}

@Suite("Stop and expiry")
struct StopTests {
    @Test("Stop during InProgress: Stopping, then Stopped with the processed share in the output")
    func stopInProgress() throws {
        let f = EmulatorFixture()
        defer { f.remove() }
        f.writeInput(count: 200)
        let emu = f.emulator()
        let arn = try emu.createModelInvocationJob(f.request())
        f.clock.advance(40) // a quarter through InProgress
        try emu.stopModelInvocationJob(identifier: arn)
        var job = try emu.getModelInvocationJob(identifier: arn)
        #expect(job.status == .stopping)
        try emu.stopModelInvocationJob(identifier: arn) // stopping again is harmless
        f.clock.advance(5)
        job = try emu.getModelInvocationJob(identifier: arn)
        #expect(job.status == .stopped)
        #expect(job.processedRecordCount == 50)
        let lines = try #require(f.outputLines("s3://out-bucket/results/\(job.jobId)/part-0001.jsonl.out"))
        #expect(lines.count == 50)
        do {
            try emu.stopModelInvocationJob(identifier: arn)
            Issue.record("stopping a stopped job must fail")
        } catch {
            #expect(error.code == .conflict)
        }
    }

    @Test("Stop before the job runs leaves no outputs")
    func stopEarly() throws {
        let f = EmulatorFixture()
        defer { f.remove() }
        f.writeInput(count: 200)
        let emu = f.emulator()
        let arn = try emu.createModelInvocationJob(f.request())
        f.clock.advance(1)
        try emu.stopModelInvocationJob(identifier: arn.split(separator: "/").last.map(String.init)!)
        f.clock.advance(100)
        let job = try emu.getModelInvocationJob(identifier: arn)
        #expect(job.status == .stopped)
        #expect(job.totalRecordCount == nil)
        #expect(!FileManager.default.fileExists(atPath: f.path("s3://out-bucket/results/\(job.jobId)")))
    }

    @Test("Expired jobs go Scheduled → Expired with no outputs, and free their quota slot")
    func expiry() throws {
        let f = EmulatorFixture()
        defer { f.remove() }
        f.writeInput(count: 100)
        let emu = f.emulator { $0.expiryRate = 1; $0.maxConcurrentJobsPerModel = 1 }
        let arn = try emu.createModelInvocationJob(f.request(name: "a"))
        f.clock.advance(15)
        #expect(try emu.getModelInvocationJob(identifier: arn).status == .scheduled)
        f.clock.advance(5)
        let job = try emu.getModelInvocationJob(identifier: arn)
        #expect(job.status == .expired)
        #expect(job.endTime == job.submitTime + 20)
        _ = try emu.createModelInvocationJob(f.request(name: "b"))
    }

    @Test("Unknown jobs are ResourceNotFoundException; malformed identifiers ValidationException")
    func unknownJobs() {
        let f = EmulatorFixture()
        defer { f.remove() }
        let emu = f.emulator()
        #expect { try emu.getModelInvocationJob(identifier: "abcdefghijkl") } throws: { error in
            (error as? EmulatorError)?.code == .resourceNotFound && (error as? EmulatorError)?.httpStatus == 404
        }
        #expect { try emu.stopModelInvocationJob(identifier: "arn:aws:bedrock:us-east-1:123456789012:model-invocation-job/abcdefghijkl") } throws: { error in
            (error as? EmulatorError)?.code == .resourceNotFound
        }
        #expect { try emu.getModelInvocationJob(identifier: "not/a-job") } throws: { error in
            (error as? EmulatorError)?.code == .validation
        }
    }
}
