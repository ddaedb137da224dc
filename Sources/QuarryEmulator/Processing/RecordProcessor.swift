import QuarryCore

/// Turns one input record into its output line: the stand-in model's answer through the job
/// model's adapter, or an error object. Bytes in, bytes out; no Foundation JSON.
struct RecordProcessor: Sendable {
    let jobId: String
    let model: StandInModel
    let faults: FaultRules

    /// One input line, parsed lazily.
    struct InputRecord {
        /// The record id from the line, if it has one.
        var recordId: String?
        var modelInput: JSONValue

        /// Parses a line; nil unless it is a JSON object with a `modelInput` object.
        init?(line: [UInt8]) {
            guard let value = try? JSONValue.parse(line), value.kind == .object,
                  let input = value["modelInput"], input.kind == .object else { return nil }
            modelInput = input
            if let id = value["recordId"] {
                switch id.kind {
                case .string: recordId = id.string
                case .null: recordId = nil
                default: recordId = id.rawText
                }
            }
        }
    }

    /// The record id Bedrock would assign to a line without one: 11 characters, upper-case letters and digits.
    static func assignedRecordId(jobId: String, fileKey: String, index: Int) -> String {
        var h = StableHash(seed: 0x7265_636f_7264)
        h.combine(jobId)
        h.combine(fileKey)
        h.combine(index)
        var rng = SplitMix64(seed: h.value)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8)
        return String(decoding: (0..<11).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }, as: UTF8.self)
    }

    /// The error a record ends with, if any (malformed input, then permanent, then retryable faults).
    func fault(recordId: String, modelInput: JSONValue) -> (FaultRules.RecordError?, prompt: String?) {
        guard let prompt = model.adapter.promptText(fromModelInput: modelInput) else { return (.malformed, nil) }
        if let e = faults.permanentFault(modelInput: modelInput.rawBytes) { return (e, prompt) }
        if let e = faults.retryableFault(scope: jobId, recordId: recordId) { return (e, prompt) }
        return (nil, prompt)
    }

    /// Counts for one written line.
    struct LineOutcome {
        var succeeded: Bool
        var inputTokens: Int
        var outputTokens: Int
    }

    /// Appends the output line (with its newline) for one input line.
    func writeOutputLine(for line: [UInt8], assignedId: @autoclosure () -> String,
                         into w: inout JSONWriter) -> LineOutcome {
        guard let record = InputRecord(line: line) else {
            // Validation accepted this line, so the file changed since; answer as Bedrock does per record.
            w.beginObject()
            w.key("recordId"); w.string(assignedId())
            writeError(.malformed, into: &w)
            w.endObject(); w.newline()
            return LineOutcome(succeeded: false, inputTokens: 0, outputTokens: 0)
        }
        let recordId = record.recordId ?? assignedId()
        w.beginObject()
        w.key("recordId"); w.string(recordId)
        w.key("modelInput"); w.raw(record.modelInput.rawBytes)
        let (error, prompt) = fault(recordId: recordId, modelInput: record.modelInput)
        if let error {
            writeError(error, into: &w)
            w.endObject(); w.newline()
            return LineOutcome(succeeded: false, inputTokens: 0, outputTokens: 0)
        }
        let response = model.respond(prompt: prompt ?? "", modelInput: record.modelInput)
        w.key("modelOutput")
        model.adapter.writeModelOutput(response, into: &w)
        w.endObject(); w.newline()
        return LineOutcome(succeeded: true, inputTokens: response.inputTokens, outputTokens: response.outputTokens)
    }

    private func writeError(_ error: FaultRules.RecordError, into w: inout JSONWriter) {
        w.key("error"); w.beginObject()
        w.key("errorCode"); w.int(error.code)
        w.key("errorMessage"); w.string(error.message)
        w.endObject()
    }

    /// Whether a line holds nothing but whitespace (skipped, as blank lines are).
    static func isBlank(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }
}
