import Foundation

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

    static func write(rows: Int, to path: String) throws -> Int {
        FileManager.default.createFile(atPath: path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: path) else { throw CocoaError(.fileWriteNoPermission) }
        defer { try? handle.close() }
        var rng: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17
            return Int(truncatingIfNeeded: rng & 0x7FFF_FFFF)
        }
        func sentence(_ bytes: Int) -> String {
            var s = ""
            while s.utf8.count < bytes { s += words[next() % words.count] + " " }
            return s
        }
        var buffer = "source,target,rationale,task,type\n"
        var total = 0
        let tasks = ["cot_esnli", "cot_gsm8k", "cot_qasc", "cot_strategyqa", "cot_creak", "cot_sensemaking"]
        for i in 0..<rows {
            let source = sentence(560 + next() % 120)
            let target = sentence(20 + next() % 40)
            var rationale = sentence(620 + next() % 160)
            if i % 11 == 0 { rationale += "\nSo the answer is yes." }
            let fields = [source, target, rationale, tasks[i % tasks.count], i % 3 == 0 ? "cot" : "direct"]
            buffer += fields.map(csvField).joined(separator: ",") + "\n"
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

    static func csvField(_ s: String) -> String {
        if s.contains(",") || s.contains("\"") || s.contains("\n") {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }
}
