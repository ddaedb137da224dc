import Testing
@testable import QuarryCore

@Suite struct PromptTemplateTests {
    @Test func followsPythonFormatRules() throws {
        let t = try PromptTemplate("Q: {question} {{literal}} }} {{ and {question} again, {other}")
        #expect(t.columns == ["question", "other"])
        #expect(t.segments.first == .literal(Array("Q: ".utf8)))
        #expect(t.segments.contains(.literal(Array(" {literal} } { and ".utf8))))
    }

    @Test(arguments: ["Hello {", "a } b", "{0}", "{}", "{name!r}", "{name:>10}", "{a.b}", "{a[0]}"])
    func rejectsWhatABatchPromptCannotMean(_ text: String) {
        #expect(throws: QuarryError.self) { try PromptTemplate(text) }
    }

    @Test func missingColumnsAreNamedWithSuggestions() throws {
        let t = try PromptTemplate("{topik} and {style}")
        do {
            try t.checkColumns(available: ["topic", "style"], inputName: "data.csv")
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("{topik} (did you mean {topic}?)"))
            #expect(error.message.contains("data.csv"))
        }
    }
}

@Suite struct ShardPlannerTests {
    @Test func simpleCoTScaleMakesBalancedJobs() {
        let plan = ShardPlanner(minRecords: 100, maxRecords: 50_000).plan(count: 2_214_941)
        #expect(plan.jobs.count == 45)
        #expect(plan.jobs.reduce(0, +) == 2_214_941)
        #expect(plan.jobs.max()! - plan.jobs.min()! <= 1)
        #expect(plan.remainder == 0)
    }

    @Test func aRemainderBelowTheMinimumIsNeverItsOwnJob() {
        let p = ShardPlanner(minRecords: 100, maxRecords: 100)
        let plan = p.plan(count: 250)
        #expect(plan.jobs == [100, 100])
        #expect(plan.remainder == 50)
        #expect(p.plan(count: 99).jobs.isEmpty)
        #expect(p.plan(count: 99).remainder == 99)
        let wide = ShardPlanner(minRecords: 100, maxRecords: 1000).plan(count: 1050)
        #expect(wide.jobs == [525, 525])
    }

    @Test(arguments: [1, 99, 100, 101, 999, 50_001, 123_457])
    func everyRecordIsPlannedOnceWithinLimits(_ n: Int) {
        let plan = ShardPlanner(minRecords: 100, maxRecords: 1000).plan(count: n)
        #expect(plan.jobs.reduce(0, +) + plan.remainder == n)
        #expect(plan.jobs.allSatisfy { $0 >= 100 && $0 <= 1000 })
        #expect(plan.remainder < 100 || plan.jobs.isEmpty == false)
    }

    @Test func maxJobsCapsTheRun() {
        let p = ShardPlanner(minRecords: 10, maxRecords: 100, maxJobs: 3)
        #expect(p.coveredRecords(total: 1000) == 300)
        #expect(p.coveredRecords(total: 120) == 120)
    }
}

@Suite struct JobNamingTests {
    @Test func namesAndTokensMatchBedrockPatterns() throws {
        let name = JobNaming.jobName(runName: "my-run", runId: "0123456789ab", shard: 100_001)
        #expect(name.wholeMatch(of: /[a-zA-Z0-9]{1,63}(-*[a-zA-Z0-9\+\-\.]){0,63}/) != nil)
        #expect(name.count <= 63)
        let token = JobNaming.clientToken(runId: "0123456789ab", shard: 7)
        #expect(token.wholeMatch(of: /[a-zA-Z0-9]{1,256}(-*[a-zA-Z0-9]){0,256}/) != nil)
        #expect(token == JobNaming.clientToken(runId: "0123456789ab", shard: 7))
        #expect(token != JobNaming.clientToken(runId: "0123456789ab", shard: 8))
        #expect(JobNaming.row(ofRecordId: JobNaming.recordId(row: 2_214_940)) == 2_214_940)
        #expect(!JobNaming.isValidRunName("has_underscore"))
        #expect(JobNaming.sanitize("has_underscore and space") == "has-underscore-and-space")
    }
}
