public import Foundation
import QuarryTable

/// Test data and specs.
public enum Fixtures {
    /// A CSV with `rows` rows of `topic,style,note` (with quotes, commas and a multi-line cell now and then).
    public static func topicsCSV(rows: Int) -> String {
        var s = "topic,style,note\n"
        let styles = ["a pun", "a one-liner", "a limerick"]
        for i in 0..<rows {
            let note = i % 7 == 0 ? "\"line one\nline \"\"two\"\", with comma\"" : "plain \(i)"
            s += "topic \(i),\(styles[i % styles.count]),\(note)\n"
        }
        return s
    }

    /// A JSONL file of `rows` objects with `input_text` (for embedding models) and a numeric id.
    public static func textsJSONL(rows: Int) -> String {
        (0..<rows).map { "{\"n\": \($0), \"input_text\": \"document number \($0) about \\\"things\\\"\", \"tags\": [\($0 % 3), \"x\"]}" }.joined(separator: "\n") + "\n"
    }

    /// A spec for the emulator; `extra` lines are appended verbatim (YAML).
    public static func spec(name: String = "test", input: String = "data.csv", output: String = "out/result.csv",
                            model: String = "anthropic.claude-3-5-haiku-20241022-v1:0",
                            template: String? = "Tell {style} about {topic}.", min: Int = 10, max: Int = 40,
                            concurrent: Int = 4, jobSeconds: Double = 0.3, emulator: String = "", extra: String = "") -> String {
        var s = """
            name: \(name)
            input: \(input)
            model: \(model)
            output: \(output)
            limits: {min_records_per_job: \(min), max_records_per_job: \(max), max_concurrent_jobs: \(concurrent)}
            emulator: {job_seconds: \(jobSeconds)\(emulator.isEmpty ? "" : ", " + emulator)}
            poll_seconds: 0.05

            """
        if let template { s += "template: \"\(template)\"\n" }
        return s + extra
    }

    /// Reads a CSV or JSONL table into rows of column name → text (nil for nulls).
    public static func readTable(_ path: String) throws -> [[String: String?]] {
        let source = try Table.openSource(path: path)
        var rows: [[String: String?]] = []
        let names = source.schema.names
        while let batch = try source.nextBatch() {
            for r in 0..<batch.rowCount {
                var row: [String: String?] = [:]
                for (c, name) in names.enumerated() { row[name] = .some(batch.columns[c].text(r)) }
                rows.append(row)
            }
        }
        return rows
    }
}
