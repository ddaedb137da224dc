import Foundation
import Testing
@testable import QuarryEmulator

@Suite("ListModelInvocationJobs")
struct ListTests {
    @Test("Filters by name and status, newest first, and pages with nextToken")
    func filtersAndPages() throws {
        let f = EmulatorFixture()
        defer { f.remove() }
        f.writeInput(count: 100)
        let emu = f.emulator { $0.maxConcurrentJobsPerModel = 100 }
        var arns: [String] = []
        for i in 0..<7 {
            arns.append(try emu.createModelInvocationJob(f.request(name: i < 5 ? "run7-shard-\(i)" : "other-\(i)")))
            f.clock.advance(10)
        }
        // Jobs 0..2 are finished by now (t = 70, each runs 100 s): 0 at 100? advance to make three finish.
        f.clock.advance(30) // t = 100: jobs submitted at 0 completes
        let all = try emu.listModelInvocationJobs()
        #expect(all.summaries.map(\.jobArn) == arns.reversed())
        #expect(all.nextToken == nil)

        let named = try emu.listModelInvocationJobs(nameContains: "run7-")
        #expect(named.summaries.count == 5)

        let done = try emu.listModelInvocationJobs(statusEquals: .completed)
        #expect(done.summaries.map(\.jobArn) == [arns[0]])

        var pages: [[String]] = []
        var token: String?
        repeat {
            let page = try emu.listModelInvocationJobs(nameContains: "run7-", maxResults: 2, nextToken: token)
            pages.append(page.summaries.map(\.jobArn))
            token = page.nextToken
        } while token != nil
        #expect(pages.flatMap { $0 } == Array(arns[0..<5].reversed()))
        #expect(pages.allSatisfy { $0.count <= 2 })

        let ascending = try emu.listModelInvocationJobs(sortOrder: .ascending)
        #expect(ascending.summaries.map(\.jobArn) == arns)
        #expect(throws: EmulatorError.self) { try emu.listModelInvocationJobs(maxResults: 0) }
        #expect(throws: EmulatorError.self) { try emu.listModelInvocationJobs(nextToken: "nonsense") }
        #expect(throws: EmulatorError.self) { try emu.listModelInvocationJobs(nameContains: "run_7") }
    }

    @Test("Throttling is injected on API calls at the configured rate")
    func throttling() throws {
        let f = EmulatorFixture()
        defer { f.remove() }
        let emu = f.emulator { $0.throttleRate = 0.5 }
        var throttled = 0
        for _ in 0..<100 {
            do { _ = try emu.listModelInvocationJobs() } catch {
                #expect(error.code == .throttling)
                #expect(error.httpStatus == 429)
                #expect(error.isRetryable)
                throttled += 1
            }
        }
        #expect(throttled > 25 && throttled < 75)
    }
}
