import Foundation
import QuarryTable

/// Writes a CSV shaped like SimpleCoT (`source`, `target`, `rationale`, `task`, `type`; ~1.4 KB a row),
/// deterministic, with commas, quotes and newlines in some cells.
enum DatasetGenerator {
    static let words = ["the", "of", "and", "a", "to", "in", "is", "you", "that", "it", "he", "was", "for", "on", "are", "as",
                        "with", "his", "they", "at", "be", "this", "have", "from", "or", "one", "had", "by", "word", "but",
                        "what", "some", "we", "can", "out", "other", "were", "all", "there", "when", "up", "use", "your",
                        "how", "said", "an", "each", "she", "which", "do", "their", "time", "if", "will", "way", "about",
                        "many", "then", "them", "write", "would", "like", "so", "these", "her", "long", "make", "thing",
                        "see", "him", "two", "has", "look", "more", "day", "could", "go", "come", "did", "number", "sound",
                        "question:", "answer,", "\"quoted\"", "options:", "(A)", "(B)", "hypothesis", "premise"]

    /// The rows, in order: `source`, `target`, `rationale`, `task`, `type` (the same rows for the CSV
    /// and the Parquet files).
    struct Rows {
        static let tasks = ["cot_esnli", "cot_gsm8k", "cot_qasc", "cot_strategyqa", "cot_creak", "cot_sensemaking"]
        private var rng: UInt64 = 0x9E37_79B9_7F4A_7C15
        private(set) var index = 0

        private mutating func random() -> Int {
            rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17
            return Int(truncatingIfNeeded: rng & 0x7FFF_FFFF)
        }

        private mutating func sentence(_ bytes: Int) -> String {
            var s = ""
            while s.utf8.count < bytes { s += words[random() % words.count] + " " }
            return s
        }

        mutating func nextRow() -> [String] {
            let i = index
            index += 1
            let source = sentence(560 + random() % 120)
            let target = sentence(20 + random() % 40)
            var rationale = sentence(620 + random() % 160)
            if i % 11 == 0 { rationale += "\nSo the answer is yes." }
            return [source, target, rationale, Self.tasks[i % Self.tasks.count], i % 3 == 0 ? "cot" : "direct"]
        }
    }

    static func write(rows: Int, to path: String) throws -> Int {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: path) else { throw CocoaError(.fileWriteNoPermission) }
        defer { try? handle.close() }
        var generator = Rows()
        var buffer = "source,target,rationale,task,type\n"
        var total = 0
        for _ in 0..<rows {
            buffer += generator.nextRow().map(csvField).joined(separator: ",") + "\n"
            if buffer.utf8.count > 4 << 20 {
                total += buffer.utf8.count
                try handle.write(contentsOf: Data(buffer.utf8))
                buffer.removeAll(keepingCapacity: true)
            }
        }
        total += buffer.utf8.count
        try handle.write(contentsOf: Data(buffer.utf8))
        return total
    }

    /// Writes the same rows as `files` Parquet files (Quarry's writer, Snappy) named `0000.parquet`,
    /// `0001.parquet`, … in `folder`, the rows split as evenly as possible; returns the bytes written.
    static func writeParquet(rows: Int, files: Int, folder: String) throws -> Int {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let schema = TableSchema(names: ["source", "target", "rationale", "task", "type"])
        var generator = Rows()
        var total = 0
        for f in 0..<files {
            let count = rows / files + (f < rows % files ? 1 : 0)
            let path = folder + "/" + String(format: "%04d.parquet", f)
            let sink = try Table.openSink(path: path, schema: schema)
            var left = count
            while left > 0 {
                let n = min(left, 10_000)
                var columns = Array(repeating: [String?](), count: 5)
                for _ in 0..<n {
                    for (c, cell) in generator.nextRow().enumerated() { columns[c].append(cell) }
                }
                try sink.append(RowBatch(schema: schema, columns: columns.map { ColumnData(strings: $0) }))
                left -= n
            }
            try sink.finish()
            total += (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        }
        return total
    }

    static func csvField(_ s: String) -> String {
        if s.contains(",") || s.contains("\"") || s.contains("\n") {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }
}
