/// An error answered by the emulated Bedrock service, with Bedrock's error code, HTTP status and a
/// message in Bedrock's style. Messages never contain prompts or record data.
public struct EmulatorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A Bedrock error code (`X-Amzn-ErrorType`) and the HTTP status that goes with it.
    /// A struct with static members rather than an enum, so new codes can be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// The error shape name, e.g. `ValidationException`.
        public var name: String
        /// The HTTP status code Bedrock answers with.
        public var httpStatus: Int

        /// Creates a code.
        public init(_ name: String, httpStatus: Int) {
            self.name = name
            self.httpStatus = httpStatus
        }

        public var description: String { name }

        /// Input validation failed (400).
        public static let validation = Code("ValidationException", httpStatus: 400)
        /// A quota such as concurrent jobs per model was exceeded (400; not retryable by SDKs).
        public static let serviceQuotaExceeded = Code("ServiceQuotaExceededException", httpStatus: 400)
        /// Too many requests (429; retry with backoff).
        public static let throttling = Code("ThrottlingException", httpStatus: 429)
        /// Unknown job (404).
        public static let resourceNotFound = Code("ResourceNotFoundException", httpStatus: 404)
        /// The request conflicts with the job's state, e.g. stopping a finished job (400).
        public static let conflict = Code("ConflictException", httpStatus: 400)
        /// A server fault (500; retryable).
        public static let internalServer = Code("InternalServerException", httpStatus: 500)
        /// Not allowed (403).
        public static let accessDenied = Code("AccessDeniedException", httpStatus: 403)
        /// Temporarily unavailable (503; retryable). Answered by InvokeModel.
        public static let serviceUnavailable = Code("ServiceUnavailableException", httpStatus: 503)
    }

    /// The error code.
    public var code: Code
    /// A human-readable message (Bedrock's body member `message`).
    public var message: String

    /// The HTTP status for ``code``.
    public var httpStatus: Int { code.httpStatus }

    /// Whether a client should retry the call (throttling and server faults).
    public var isRetryable: Bool { code.httpStatus == 429 || code.httpStatus >= 500 }

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.name) (HTTP \(code.httpStatus)): \(message)" }

    static func validation(_ message: String) -> EmulatorError { EmulatorError(.validation, message) }

    /// Bedrock's wording for a member that fails its pattern.
    static func pattern(_ member: String, value: String, pattern: String) -> EmulatorError {
        validation("1 validation error detected: Value '\(value)' at '\(member)' failed to satisfy constraint: "
            + "Member must satisfy regular expression pattern: \(pattern)")
    }

    /// Bedrock's wording for a member outside its length or range.
    static func constraint(_ member: String, value: String, _ constraint: String) -> EmulatorError {
        validation("1 validation error detected: Value '\(value)' at '\(member)' failed to satisfy constraint: "
            + "Member must \(constraint)")
    }

    static func internalError(_ what: String) -> EmulatorError {
        EmulatorError(.internalServer, "The emulator could not \(what). Try your request again.")
    }
}
