import Foundation
import QuarryCore
import QuarryEngine
import QuarryStore

/// Text and JSON renderings of plans, reports and runs.
enum Format {
    static func number(_ n: Int) -> String {
        let s = String(n)
        var out = ""
        for (i, c) in s.reversed().enumerated() {
            if i > 0 && i % 3 == 0 && c != "-" { out.append(",") }
            out.append(c)
        }
        return String(out.reversed())
    }

    static func bytes(_ n: Int) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var v = Double(n), u = 0
        while v >= 1000 && u < units.count - 1 { v /= 1000; u += 1 }
        return u == 0 ? "\(n) B" : String(format: "%.1f %@", v, units[u])
    }

    static func duration(_ s: Double) -> String {
        if s < 60 { return String(format: "%.1fs", s) }
        let m = Int(s) / 60, sec = Int(s) % 60
        if m < 60 { return "\(m)m\(sec)s" }
        return "\(m / 60)h\(m % 60)m"
    }

    static func pad(_ s: String, _ width: Int, left: Bool = false) -> String {
        guard s.count < width else { return s }
        let fill = String(repeating: " ", count: width - s.count)
        return left ? fill + s : s + fill
    }

    static func money(_ v: Double?) -> String { v.map { String(format: "$%.4f", $0) } ?? "unknown (no price for this model)" }

    static func date(_ t: Double?) -> String {
        guard let t else { return "-" }
        let f = ISO8601DateFormatter()
        return f.string(from: Date(timeIntervalSince1970: t))
    }

    // MARK: plan

    static func text(_ p: PlanReport, limits: Limits) -> String {
        var lines: [String] = []
        lines.append("Run \(p.name): \(p.model) (\(p.modelFamily))")
        lines.append("  input   \(p.input): \(number(p.inputRows)) rows, columns \(p.columns.joined(separator: ", "))")
        if p.coveredRows < p.inputRows { lines.append("  capped  to the first \(number(p.coveredRows)) rows (limits.max_records / max_jobs)") }
        lines.append("  template uses \(p.templateColumns.map { "{\($0)}" }.joined(separator: ", "))")
        lines.append("  output  \(p.output)")
        let batch = p.jobs.filter { !$0.realtime }
        let rt = p.jobs.filter(\.realtime)
        lines.append("  jobs    \(batch.count) batch job(s) (\(number(limits.minRecordsPerJob))–\(number(limits.maxRecordsPerJob)) records, ≤ \(bytes(limits.maxBytesPerJob)) each), at most \(limits.maxConcurrentJobs) at once")
        for j in p.jobs.prefix(50) {
            let range = "rows \(number(j.firstRow))–\(number(j.firstRow + j.records - 1))"
            lines.append("    \(String(format: "%5d", j.seq))  \(pad(range, 26))\(pad(number(j.records), 8, left: true)) records  \(pad(bytes(j.bytes), 9, left: true))\(j.realtime ? "  (real-time lane: below the job minimum)" : "")")
        }
        if p.jobs.count > 50 { lines.append("    … \(p.jobs.count - 50) more") }
        if !rt.isEmpty { lines.append("  real-time \(number(rt.reduce(0) { $0 + $1.records })) row(s) go through InvokeModel") }
        lines.append("  tokens  ~\(number(p.estimatedInputTokens)) input (estimated from the prompt text), ≤ \(number(p.maxOutputTokens)) output")
        lines.append("  cost    ~\(money(p.estimatedCost)) at the batch price (≤ \(money(p.maxCost)) if every answer uses max_tokens)")
        lines.append("Nothing was submitted. `quarry run` runs it.")
        return lines.joined(separator: "\n")
    }

    static func json(_ p: PlanReport) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.key("name"); w.string(p.name)
        w.key("model"); w.string(p.model)
        w.key("model_family"); w.string(p.modelFamily)
        w.key("input"); w.string(p.input)
        w.key("output"); w.string(p.output)
        w.key("input_rows"); w.int(p.inputRows)
        w.key("rows"); w.int(p.coveredRows)
        w.key("columns"); w.beginArray(); for c in p.columns { w.element(); w.string(c) }; w.endArray()
        w.key("job_count"); w.int(p.jobs.filter { !$0.realtime }.count)
        w.key("realtime_rows"); w.int(p.jobs.filter(\.realtime).reduce(0) { $0 + $1.records })
        w.key("jobs"); w.beginArray()
        for j in p.jobs {
            w.element(); w.beginObject()
            w.key("seq"); w.int(j.seq)
            w.key("first_row"); w.int(j.firstRow)
            w.key("records"); w.int(j.records)
            w.key("bytes"); w.int(j.bytes)
            w.key("lane"); w.string(j.realtime ? "realtime" : "batch")
            w.endObject()
        }
        w.endArray()
        w.key("estimated_input_tokens"); w.int(p.estimatedInputTokens)
        w.key("max_output_tokens"); w.int(p.maxOutputTokens)
        w.key("estimated_cost_usd"); if let c = p.estimatedCost { w.double(c) } else { w.null() }
        w.key("max_cost_usd"); if let c = p.maxCost { w.double(c) } else { w.null() }
        w.endObject()
        return String(decoding: w.bytes, as: UTF8.self)
    }

    // MARK: run report

    static func text(_ r: RunReport) -> String {
        var lines = ["Run \(r.name) (\(r.runId)): \(r.status)"]
        lines.append("  rows    \(number(r.rows)): \(number(r.rowsOK)) ok, \(number(r.rowsFailed)) failed")
        lines.append("  jobs    \(r.jobs) batch job(s)" + (r.realtimeRows > 0 ? ", \(number(r.realtimeRows)) row(s) in real time" : ""))
        lines.append("  tokens  \(number(r.inputTokens)) input, \(number(r.outputTokens)) output")
        lines.append("  cost    ~\(money(r.estimatedCost)) at the batch price")
        let phases = ["download", "check", "stage", "jobs", "assemble"].compactMap { k in r.phaseSeconds[k].map { "\(k) \(duration($0))" } }
        if !phases.isEmpty { lines.append("  time    " + phases.joined(separator: ", ")) }
        lines.append("  output  \(r.output)")
        if r.rowsFailed > 0 { lines.append("Some rows failed; their reasons are in the output's `error` column.") }
        return lines.joined(separator: "\n")
    }

    static func json(_ r: RunReport) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.key("run_id"); w.string(r.runId)
        w.key("name"); w.string(r.name)
        w.key("status"); w.string(r.status)
        w.key("output"); w.string(r.output)
        w.key("rows"); w.int(r.rows)
        w.key("rows_ok"); w.int(r.rowsOK)
        w.key("rows_failed"); w.int(r.rowsFailed)
        w.key("jobs"); w.int(r.jobs)
        w.key("realtime_rows"); w.int(r.realtimeRows)
        w.key("input_tokens"); w.int(r.inputTokens)
        w.key("output_tokens"); w.int(r.outputTokens)
        w.key("estimated_cost_usd"); if let c = r.estimatedCost { w.double(c) } else { w.null() }
        w.key("seconds"); w.beginObject()
        for (k, v) in r.phaseSeconds.sorted(by: { $0.key < $1.key }) { w.key(k); w.double((v * 1000).rounded() / 1000) }
        w.endObject()
        w.endObject()
        return String(decoding: w.bytes, as: UTF8.self)
    }

    // MARK: status

    static func text(_ runs: [RunRecord]) -> String {
        if runs.isEmpty { return "No runs yet." }
        var lines = ["RUN           NAME                  STATUS                    ROWS        OK    FAILED  STARTED"]
        for r in runs {
            lines.append([r.id.padding(toLength: 13, withPad: " ", startingAt: 0), String(r.name.prefix(21)).padding(toLength: 21, withPad: " ", startingAt: 0),
                          r.status.rawValue.padding(toLength: 24, withPad: " ", startingAt: 0),
                          pad(number(r.coveredRows), 6, left: true) + " " + pad(number(r.rowsOK), 9, left: true) + " " + pad(number(r.rowsFailed), 9, left: true),
                          " " + date(r.createdAt)].joined(separator: " "))
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ runs: [RunRecord]) -> String {
        var w = JSONWriter()
        w.beginObject(); w.key("runs"); w.beginArray()
        for r in runs { w.element(); runObject(r, into: &w) }
        w.endArray(); w.endObject()
        return String(decoding: w.bytes, as: UTF8.self)
    }

    static func runObject(_ r: RunRecord, into w: inout JSONWriter) {
        w.beginObject()
        w.key("run_id"); w.string(r.id)
        w.key("name"); w.string(r.name)
        w.key("status"); w.string(r.status.rawValue)
        w.key("rows"); w.int(r.coveredRows)
        w.key("rows_ok"); w.int(r.rowsOK)
        w.key("rows_failed"); w.int(r.rowsFailed)
        w.key("input_tokens"); w.int(r.inputTokens)
        w.key("output_tokens"); w.int(r.outputTokens)
        w.key("created_at"); w.string(date(r.createdAt))
        w.key("updated_at"); w.string(date(r.updatedAt))
        w.key("output"); w.string(r.outputPath)
        w.endObject()
    }

    static func text(_ d: RunControl.Detail) -> String {
        let r = d.run
        var lines = ["Run \(r.name) (\(r.id)): \(r.status.rawValue)",
                     "  rows \(number(r.coveredRows)): \(number(r.rowsOK)) ok, \(number(r.rowsFailed)) failed, \(number(d.pendingRetries)) waiting for a retry",
                     "  tokens \(number(r.inputTokens)) input, \(number(r.outputTokens)) output",
                     "  output \(r.outputPath)",
                     "",
                     "SHARD   KIND   RECORDS  STATE       PROVIDER            OK  ERRORS  SUBMITTED              ENDED"]
        for s in d.shards {
            lines.append([String(format: "%6d", s.seq), s.kind.rawValue.padding(toLength: 5, withPad: " ", startingAt: 0),
                          String(format: "%8d", s.rowCount), s.status.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0),
                          (s.providerStatus ?? "-").padding(toLength: 18, withPad: " ", startingAt: 0),
                          String(format: "%3d %7d", s.successCount, s.errorCount), date(s.submittedAt).padding(toLength: 22, withPad: " ", startingAt: 0),
                          date(s.endedAt)].joined(separator: "  "))
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ d: RunControl.Detail) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.key("run"); runObject(d.run, into: &w)
        w.key("pending_retries"); w.int(d.pendingRetries)
        w.key("jobs"); w.beginArray()
        for s in d.shards {
            w.element(); w.beginObject()
            w.key("seq"); w.int(s.seq)
            w.key("kind"); w.string(s.kind.rawValue)
            w.key("records"); w.int(s.rowCount)
            w.key("bytes"); w.int(s.bytes)
            w.key("state"); w.string(s.status.rawValue)
            w.key("job_name"); w.string(s.jobName)
            w.key("job_arn"); if let a = s.jobArn { w.string(a) } else { w.null() }
            w.key("provider_status"); if let p = s.providerStatus { w.string(p) } else { w.null() }
            w.key("ok"); w.int(s.successCount)
            w.key("errors"); w.int(s.errorCount)
            w.key("input_tokens"); w.int(s.inputTokens)
            w.key("output_tokens"); w.int(s.outputTokens)
            w.key("submitted_at"); if let t = s.submittedAt { w.string(date(t)) } else { w.null() }
            w.key("ended_at"); if let t = s.endedAt { w.string(date(t)) } else { w.null() }
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return String(decoding: w.bytes, as: UTF8.self)
    }
}
