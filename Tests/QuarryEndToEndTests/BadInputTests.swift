import Foundation
import QuarryTesting
import Testing

/// Bad input gets a clear error before any job, a non-zero exit, nothing at the output path and the
/// state untouched.
@Suite struct BadInputTests {
    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var files: [String: String]
        var expected: [String]
    }

    static let csv = Fixtures.topicsCSV(rows: 20)
    static let cases: [Case] = [
        Case(description: "missing input", files: ["spec.yaml": Fixtures.spec(input: "nope.csv")], expected: ["nope.csv", "does not exist"]),
        Case(description: "unterminated quote",
             files: ["data.csv": "topic,style\nfine,a pun\n\"broken,a pun\nmore,rows\n", "spec.yaml": Fixtures.spec()],
             expected: ["data.csv", "line 3", "quote"]),
        Case(description: "template column missing", files: ["data.csv": csv, "spec.yaml": Fixtures.spec(template: "About {topik}")],
             expected: ["{topik}", "did you mean {topic}"]),
        Case(description: "unknown model", files: ["data.csv": csv, "spec.yaml": Fixtures.spec(model: "acme.turbo-9000")],
             expected: ["acme.turbo-9000", "Supported families", "anthropic.claude"]),
        Case(description: "min greater than max", files: ["data.csv": csv, "spec.yaml": Fixtures.spec(min: 50, max: 10)],
             expected: ["min_records_per_job", "larger than max_records_per_job"]),
        Case(description: "unknown key", files: ["data.csv": csv, "spec.yaml": Fixtures.spec() + "promt: x\n"],
             expected: ["promt", "did you mean `prompt`", "line 9"]),
        Case(description: "output is a folder", files: ["data.csv": csv, "spec.yaml": Fixtures.spec(output: "taken.csv"), "taken.csv/keep": "x"],
             expected: ["taken.csv", "is a folder"]),
        Case(description: "duplicate record ids",
             files: ["data.csv": "record_id,topic,style\na1,x,y\na2,x,y\na1,x,y\n", "spec.yaml": Fixtures.spec()],
             expected: ["line 4", "record_id", "repeats"]),
    ]

    @Test(arguments: cases)
    func badInputFailsCleanly(_ c: Case) throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        for (name, text) in c.files { dir.write(name, text) }
        let result = try QuarryBinary.run(["run", "spec.yaml"], in: dir.path)
        #expect(result.status == 1, "stdout: \(result.stdout) stderr: \(result.stderr)")
        for text in c.expected { #expect(result.stderr.contains(text), "missing \(text) in: \(result.stderr)") }
        #expect(!FileManager.default.fileExists(atPath: dir.file("out")))
        #expect(!FileManager.default.fileExists(atPath: dir.file(".quarry")), "a bad input must not touch the state")
    }

    @Test func errorsNeverEchoRowData() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        dir.write("data.csv", "record_id,topic,style\nsecret value!,x,y\n")
        dir.write("spec.yaml", Fixtures.spec())
        let result = try QuarryBinary.run(["run", "spec.yaml"], in: dir.path)
        #expect(result.status == 1)
        #expect(result.stderr.contains("line 2"))
        #expect(!result.stderr.contains("secret value"))
    }

    @Test func aChangedSpecIsRefusedUnlessNewRun() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        dir.write("data.csv", Fixtures.topicsCSV(rows: 20))
        dir.write("spec.yaml", Fixtures.spec())
        #expect(try QuarryBinary.run(["run", "spec.yaml", "-q"], in: dir.path).status == 0)
        dir.write("spec.yaml", Fixtures.spec(template: "Something else about {topic}"))
        let refused = try QuarryBinary.run(["run", "spec.yaml"], in: dir.path)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("changed") && refused.stderr.contains("--new-run"))
        let fresh = try QuarryBinary.run(["run", "spec.yaml", "--new-run", "-q"], in: dir.path)
        #expect(fresh.status == 0, "stderr: \(fresh.stderr)")
        let rows = try Fixtures.readTable(dir.file("out/result.csv"))
        #expect(rows.allSatisfy { ($0["response"] ?? nil)?.contains("Something else") == true })
    }
}
