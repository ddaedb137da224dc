/// Deterministic names for everything a run creates: job names, idempotency tokens, staged keys,
/// record ids. Each is derived from the run id and the shard, so repeating an effect after a crash
/// lands on the same object.
public enum JobNaming {
    /// Longest run name (leaves room for the suffixes within Bedrock's 63-character job names).
    public static let maxRunNameLength = 40

    /// Whether a run name is usable as a job-name prefix.
    public static func isValidRunName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.count <= maxRunNameLength,
              first.properties.isASCIIHexDigit || ("a"..."z").contains(first) || ("A"..."Z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCIIAlphanumeric || $0 == "-" }
    }

    /// A usable version of a name (invalid characters become hyphens).
    public static func sanitize(_ name: String) -> String {
        var s = String(String.UnicodeScalarView(name.unicodeScalars.map { $0.isASCIIAlphanumeric ? $0 : "-" }))
        while s.hasPrefix("-") { s.removeFirst() }
        if s.isEmpty { s = "run" }
        return String(s.prefix(maxRunNameLength))
    }

    /// The job-name prefix shared by every job of a run (used to list them).
    public static func jobPrefix(runName: String, runId: String) -> String { "\(runName)-\(runId.prefix(8))-" }

    /// The job name of a shard: `<run>-<runid8>-<seq>`.
    public static func jobName(runName: String, runId: String, shard: Int) -> String {
        jobPrefix(runName: runName, runId: runId) + pad(shard, 5)
    }

    /// The idempotency token of a shard's job (letters and digits only).
    public static func clientToken(runId: String, shard: Int) -> String {
        String(Hashing.sha256Hex("quarry/\(runId)/shard/\(shard)").prefix(40))
    }

    /// The record id of an input row without a caller-chosen id: `R` and 11 digits.
    public static func recordId(row: Int) -> String { "R" + pad(row, 11) }

    /// The row index of a generated record id, or nil.
    public static func row(ofRecordId id: String) -> Int? {
        guard id.count == 12, id.first == "R" else { return nil }
        return Int(id.dropFirst())
    }

    /// Whether a caller-chosen record id is acceptable to Bedrock.
    public static func isValidRecordId(_ id: some Collection<UInt8>) -> Bool {
        guard !id.isEmpty, id.count <= 64 else { return false }
        return id.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D || $0 == 0x5F }
    }

    /// Zero-padded decimal.
    public static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}

extension Unicode.Scalar {
    var isASCIIAlphanumeric: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) || ("0"..."9").contains(self) }
}
