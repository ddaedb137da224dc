/// The outcome of one request: an answer, or an error with its class.
public struct RecordResult: Sendable, Equatable {
    /// Final or not, good or bad.
    public enum Status: UInt8, Sendable {
        /// Answered.
        case ok = 1
        /// Failed; another attempt may succeed (throttling, server error, missing from the output).
        case retryable = 2
        /// Failed; retrying cannot help (malformed input, context too long), or attempts are used up.
        case failed = 3
    }

    public var status: Status
    /// Generated text (text models).
    public var text: [UInt8]?
    /// The embedding as JSON array text (embedding models).
    public var embeddingJSON: [UInt8]?
    public var inputTokens: Int
    public var outputTokens: Int
    public var stopReason: String?
    /// Error class and message for failed records (`ThrottlingException: ...`).
    public var error: String?
    /// Attempts made so far, this one included.
    public var attempts: Int

    public init(status: Status, text: [UInt8]? = nil, embeddingJSON: [UInt8]? = nil, inputTokens: Int = 0, outputTokens: Int = 0,
                stopReason: String? = nil, error: String? = nil, attempts: Int = 1) {
        self.status = status
        self.text = text
        self.embeddingJSON = embeddingJSON
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.stopReason = stopReason
        self.error = error
        self.attempts = attempts
    }

    /// Binary form stored in result segments.
    func encode(into out: inout [UInt8]) {
        func u32(_ v: Int) { withUnsafeBytes(of: UInt32(truncatingIfNeeded: v).littleEndian) { out.append(contentsOf: $0) } }
        func blob(_ b: [UInt8]?) {
            guard let b else { u32(Int(UInt32.max)); return }
            u32(b.count)
            out.append(contentsOf: b)
        }
        out.append(status.rawValue)
        out.append(UInt8(min(attempts, 255)))
        u32(inputTokens)
        u32(outputTokens)
        blob(stopReason.map { Array($0.utf8) })
        blob(text)
        blob(embeddingJSON)
        blob(error.map { Array($0.utf8) })
    }

    /// Decodes the binary form; nil when the bytes are damaged.
    static func decode(_ b: UnsafeRawBufferPointer) -> RecordResult? {
        var i = 0
        func u32() -> Int? {
            guard i + 4 <= b.count else { return nil }
            let v = b.loadUnaligned(fromByteOffset: i, as: UInt32.self).littleEndian
            i += 4
            return Int(v)
        }
        func blob() -> [UInt8]?? {
            guard let n = u32() else { return .none }
            if n == Int(UInt32.max) { return .some(nil) }
            guard i + n <= b.count else { return .none }
            defer { i += n }
            return .some(Array(b[i..<(i + n)]))
        }
        guard b.count >= 2, let status = Status(rawValue: b[0]) else { return nil }
        let attempts = Int(b[1])
        i = 2
        guard let inTok = u32(), let outTok = u32(), case .some(let stop) = blob(), case .some(let text) = blob(),
              case .some(let emb) = blob(), case .some(let err) = blob() else { return nil }
        return RecordResult(status: status, text: text, embeddingJSON: emb, inputTokens: inTok, outputTokens: outTok,
                            stopReason: stop.map { String(decoding: $0, as: UTF8.self) },
                            error: err.map { String(decoding: $0, as: UTF8.self) }, attempts: attempts)
    }
}
