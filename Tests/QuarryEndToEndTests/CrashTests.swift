import Foundation
import QuarryTesting
import Testing

/// `kill -9` at any moment must be harmless: the rerun resumes, submits no job twice, redoes no
/// finished work, and the output has every row exactly once.
@Suite(.serialized) struct CrashTests {
    static let rows = 150

    /// Points between a side effect and its bookkeeping, where a crash hurts most.
    @Test(arguments: ["staged:2", "submitting:1", "submitted:2", "harvest-segment:1", "harvest-indexed:2", "assemble:1", "assembled:1"])
    func sigkillAtAPointThenResume(_ point: String) throws {
        let dir = TemporaryDirectory("crash")
        defer { dir.remove() }
        dir.write("data.csv", Fixtures.topicsCSV(rows: Self.rows))
        // Small batches so that assembly spans several of them.
        dir.write("spec.yaml", Fixtures.spec(min: 10, max: 30, concurrent: 2, emulator: "record_error_rate: 0.1"))
        let crashed = try QuarryBinary.run(["run", "spec.yaml", "-q"], in: dir.path, environment: ["QUARRY_CRASH_AT": point])
        #expect(crashed.signaled && crashed.status == SIGKILL, "the run did not reach \(point): \(crashed.status) \(crashed.stderr)")
        try resumeAndCheck(dir)
    }

    /// SIGKILL at random moments, several times in a row, then a clean finish.
    @Test func repeatedRandomKills() throws {
        let dir = TemporaryDirectory("crash-random")
        defer { dir.remove() }
        dir.write("data.csv", Fixtures.topicsCSV(rows: Self.rows))
        dir.write("spec.yaml", Fixtures.spec(min: 10, max: 25, concurrent: 3, jobSeconds: 0.4, emulator: "record_error_rate: 0.1, throttle_rate: 0.1"))
        let logs = TemporaryDirectory("logs")
        defer { logs.remove() }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5 {
            let p = try QuarryBinary.start(["run", "spec.yaml", "-q"], in: dir.path, logDirectory: logs.path)
            usleep(UInt32.random(in: 100_000...900_000, using: &generator))
            if p.isRunning { kill(p.processIdentifier, SIGKILL) }
            p.waitUntilExit()
        }
        try resumeAndCheck(dir)
    }

    func resumeAndCheck(_ dir: TemporaryDirectory) throws {
        #expect(!FileManager.default.fileExists(atPath: dir.file("out/result.csv")) || (try? Fixtures.readTable(dir.file("out/result.csv")).count) == Self.rows,
                "a reader must never see a half-written output")
        let resumed = try QuarryBinary.run(["run", "spec.yaml", "--json"], in: dir.path)
        #expect(resumed.status == 0, "stderr: \(resumed.stderr)")
        let rows = try Fixtures.readTable(dir.file("out/result.csv"))
        #expect(rows.count == Self.rows)
        #expect(rows.map { $0["topic"] ?? nil } == (0..<Self.rows).map { "topic \($0)" })
        #expect(rows.allSatisfy { $0["status"] == "ok" })
        // Every emulator job has a distinct name: nothing was submitted twice.
        let names = try EmulatorJobs.names(state: dir.file(".quarry"))
        #expect(Set(names).count == names.count, "duplicate jobs: \(names)")
        // Only one run exists: the rerun resumed rather than starting over.
        let status = try QuarryBinary.run(["status", "--json"], in: dir.path)
        let runs = (try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as! [String: Any])["runs"] as! [[String: Any]]
        #expect(runs.count == 1)
        // No partial files are left next to the output.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.file("out")).filter { $0 != "result.csv" }
        #expect(leftovers.isEmpty, "left over: \(leftovers)")
    }
}
