import Foundation
import Testing
@testable import QuarryEmulator

@Suite("Job lifecycle on the clock")
struct LifecycleTests {
    @Test("A job walks Submitted → Validating → Scheduled → InProgress → Completed as the clock moves")
    func walksThePhases() throws {
        let f = EmulatorFixture()
        defer { f.remove() }
        f.writeInput(count: 200)
        let emu = f.emulator { $0.jobSeconds = 100 }
        let arn = try emu.createModelInvocationJob(f.request())
        #expect(arn.hasPrefix("arn:aws:bedrock:us-east-1:123456789012:model-invocation-job/"))

        var job = try emu.getModelInvocationJob(identifier: arn)
        #expect(job.status == .submitted)
        #expect(job.totalRecordCount == nil)
        #expect(job.endTime == nil)

        f.clock.advance(6)
        job = try emu.getModelInvocationJob(identifier: arn)
        #expect(job.status == .validating)

        f.clock.advance(6) // t = 12
        job = try emu.getModelInvocationJob(identifier: arn)
        #expect(job.status == .scheduled)
        #expect(job.totalRecordCount == nil)

        f.clock.advance(18) // t = 30: an eighth of the way through InProgress
        job = try emu.getModelInvocationJob(identifier: arn)
        #expect(job.status == .inProgress)
        #expect(job.totalRecordCount == 200)
        let early = try #require(job.processedRecordCount)
        #expect(early > 0 && early < 200)

        f.clock.advance(40) // t = 70
        job = try emu.getModelInvocationJob(identifier: arn)
        let later = try #require(job.processedRecordCount)
        #expect(later > early && later < 200)
        #expect(job.lastModifiedTime == job.submitTime + 20)

        f.clock.advance(30) // t = 100
        job = try emu.getModelInvocationJob(identifier: arn)
        #expect(job.status == .completed)
        #expect(job.processedRecordCount == 200)
        #expect(job.successRecordCount == 200)
        #expect(job.errorRecordCount == 0)
        #expect(job.endTime == job.submitTime + 100)
    }

    @Test("jobSeconds = 0 finishes a job on the first look")
    func instantJobs() throws {
        let f = EmulatorFixture()
        defer { f.remove() }
        f.writeInput(count: 100)
        let emu = f.emulator { $0.jobSeconds = 0 }
        let arn = try emu.createModelInvocationJob(f.request())
        let job = try emu.getModelInvocationJob(identifier: arn)
        #expect(job.status == .completed)
        #expect(job.successRecordCount == 100)
    }

    @Test("Jobs advance while nobody looks: the first query after a long gap sees the end")
    func advancesWhileAway() throws {
        let f = EmulatorFixture()
        defer { f.remove() }
        f.writeInput(count: 150)
        let arn = try f.emulator().createModelInvocationJob(f.request())
        f.clock.advance(10_000)
        let job = try f.emulator().getModelInvocationJob(identifier: arn)
        #expect(job.status == .completed)
        #expect(job.totalRecordCount == 150)
    }

    @Test("The pure timeline asks for validation before it can say what follows Validating")
    func timelineNeedsValidation() {
        let t0 = Date(timeIntervalSince1970: 0)
        var timeline = JobTimeline(submitTime: t0, duration: 100, plan: .complete, stopTime: nil, validationFailed: nil)
        #expect(timeline.observe(at: t0 + 7) == .state(.init(status: .validating, since: t0 + 5, endTime: nil, progress: 0, ran: false)))
        #expect(timeline.observe(at: t0 + 10) == .needsValidation)
        timeline.validationFailed = true
        guard case .state(let failed) = timeline.observe(at: t0 + 50) else { Issue.record("no state"); return }
        #expect(failed.status == .failed)
        #expect(failed.reason == .validation)
        #expect(failed.endTime == t0 + 10)
    }

    @Test("Timeline outcomes: partial, injected failure, expiry, stop", arguments: [
        (JobPlan(outcome: .partial, fraction: 0.6), ModelInvocationJobStatus.partiallyCompleted, 0.6),
        (JobPlan(outcome: .fail, fraction: 0.5), .failed, 0.5),
        (JobPlan(outcome: .expire, fraction: 0), .expired, 0.0),
        (JobPlan.complete, .completed, 1.0),
    ])
    func timelineOutcomes(plan: JobPlan, status: ModelInvocationJobStatus, progress: Double) {
        let t0 = Date(timeIntervalSince1970: 0)
        let timeline = JobTimeline(submitTime: t0, duration: 100, plan: plan, stopTime: nil, validationFailed: false)
        guard case .state(let end) = timeline.observe(at: t0 + 1000) else { Issue.record("no state"); return }
        #expect(end.status == status)
        #expect(abs(end.progress - progress) < 1e-9)
    }

    @Test("A stop freezes progress, shows Stopping, then Stopped")
    func timelineStop() {
        let t0 = Date(timeIntervalSince1970: 0)
        let timeline = JobTimeline(submitTime: t0, duration: 100, plan: .complete, stopTime: t0 + 60, validationFailed: false)
        guard case .state(let stopping) = timeline.observe(at: t0 + 62),
              case .state(let stopped) = timeline.observe(at: t0 + 70) else { Issue.record("no state"); return }
        #expect(stopping.status == .stopping)
        #expect(stopped.status == .stopped)
        #expect(stopped.endTime == t0 + 65)
        #expect(abs(stopped.progress - 0.5) < 1e-9)
        #expect(stopped.ran)
    }
}
