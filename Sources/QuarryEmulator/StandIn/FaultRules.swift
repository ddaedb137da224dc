/// Which records fail and how, decided by stable hashes so runs are reproducible.
///
/// - Permanent faults (`permanentErrorRate`) hash the seed and the raw `modelInput` bytes: the same
///   input fails again in any later job and in InvokeModel, as an over-long input would.
/// - Retryable faults (`recordErrorRate`) hash the seed, the job id and the record id: a retry in
///   another job rolls again.
struct FaultRules: Sendable {
    var seed: UInt64
    var recordErrorRate: Double
    var permanentErrorRate: Double

    /// A per-record error: HTTP-like code and message.
    struct RecordError: Sendable, Equatable {
        var code: Int
        var message: String
        var errorCode: EmulatorError.Code

        static let malformed = RecordError(
            code: 400, message: "ValidationException: Malformed input request, please reformat your input and try again.",
            errorCode: .validation)
        static let tooLong = RecordError(
            code: 400, message: "ValidationException: Input is too long for requested model.", errorCode: .validation)
        static let throttled = RecordError(
            code: 429, message: "ThrottlingException: Too many requests, please wait before trying again.",
            errorCode: .throttling)
        static let internalError = RecordError(
            code: 500, message: "InternalServerException: The system encountered an unexpected error during processing. Try your request again.",
            errorCode: .internalServer)
        static let unavailable = RecordError(
            code: 503, message: "ServiceUnavailableException: The service is temporarily unable to handle the request. Try again later.",
            errorCode: .serviceUnavailable)

        /// The message without the `ExceptionName: ` prefix (for an API error body).
        var bareMessage: String {
            guard let colon = message.firstIndex(of: ":") else { return message }
            return String(message[message.index(colon, offsetBy: 2)...])
        }
    }

    /// The permanent fault of an input, if it has one.
    func permanentFault(modelInput: some Sequence<UInt8>) -> RecordError? {
        guard permanentErrorRate > 0 else { return nil }
        var h = StableHash(seed: seed)
        h.combine("permanent")
        h.combine(modelInput)
        return h.unit < permanentErrorRate ? .tooLong : nil
    }

    /// The retryable fault of a record in a job (or of one InvokeModel call), if it has one.
    func retryableFault(scope: String, recordId: String) -> RecordError? {
        guard recordErrorRate > 0 else { return nil }
        var h = StableHash(seed: seed)
        h.combine("retryable")
        h.combine(scope)
        h.combine(recordId)
        guard h.unit < recordErrorRate else { return nil }
        h.combine("kind")
        switch h.value % 10 {
        case 0..<5: return .throttled
        case 5..<8: return .internalError
        default: return .unavailable
        }
    }
}
