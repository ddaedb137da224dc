import Foundation
import Testing
@testable import QuarryEmulator

/// Several processes on one data folder: this test binary re-launches itself with
/// `QUARRY_EMU_CHILD_ROOT` set, which enables ``childWorker()`` in the child only.
@Suite("Processes sharing one data folder")
struct CrossProcessTests {
    static let childRootKey = "QUARRY_EMU_CHILD_ROOT"

    /// Creates 15 jobs with tokens shared by all processes and 10 with tokens of its own, interleaved.
    static func createJobs(root: String, label: String) throws {
        let emu = BedrockEmulator(dataDirectory: root + "/data", storageRoot: root + "/s3",
                                  configuration: EmulatorConfiguration(maxConcurrentJobsPerModel: 1000))
        for i in 0..<25 {
            let token = i % 5 < 3 ? "shared-\(i / 5 * 3 + i % 5)" : "\(label)-own-\(i)"
            _ = try emu.createModelInvocationJob(CreateModelInvocationJobRequest(
                jobName: "\(label)-\(i)", roleArn: EmulatorFixture.roleArn, clientRequestToken: token,
                modelId: EmulatorFixture.claude, inputS3Uri: "s3://in-bucket/jobs/0001/part-0001.jsonl",
                outputS3Uri: "s3://out-bucket/results/"))
        }
    }

    @Test("Child worker (runs only when launched by the cross-process test)",
          .enabled(if: ProcessInfo.processInfo.environment[childRootKey] != nil))
    func childWorker() throws {
        let root = ProcessInfo.processInfo.environment[Self.childRootKey]!
        try Self.createJobs(root: root, label: "child\(ProcessInfo.processInfo.processIdentifier)")
    }

    @Test("Two child processes and this one creating jobs at once: one job per token, no lost files",
          .enabled(if: ProcessInfo.processInfo.environment[childRootKey] == nil))
    func threeProcesses() throws {
        let f = EmulatorFixture()
        defer { f.remove() }
        f.writeInput(count: 100)
        var children: [Process] = []
        for _ in 0..<2 {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/proc/self/exe")
            p.arguments = ["--testing-library", "swift-testing", "--filter", "childWorker"]
            var env = ProcessInfo.processInfo.environment
            env[Self.childRootKey] = f.root
            p.environment = env
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            children.append(p)
        }
        try Self.createJobs(root: f.root, label: "parent")
        for p in children {
            p.waitUntilExit()
            #expect(p.terminationStatus == 0)
        }
        let emu = f.emulator()
        let jobs = try emu.listModelInvocationJobs().summaries
        // 15 shared tokens, once each, plus 10 own tokens from each of the three processes.
        #expect(jobs.count == 45)
        let tokens = jobs.compactMap(\.clientRequestToken)
        #expect(Set(tokens).count == 45)
        #expect(tokens.filter { $0.hasPrefix("shared-") }.count == 15)
        #expect(tokens.filter { $0.hasPrefix("child") }.count == 20, "both children ran")
        let files = try FileManager.default.contentsOfDirectory(atPath: f.dataDirectory + "/jobs")
        #expect(files.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.count == 45)
    }
}
