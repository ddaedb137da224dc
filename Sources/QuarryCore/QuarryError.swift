/// A user-facing error: what went wrong, where, and how to fix it.
///
/// Errors carry a code that callers can match on (a struct with static codes, so it can grow).
/// Descriptions never contain credentials, signed URLs, prompts or row data.
public struct QuarryError: Error, Sendable, CustomStringConvertible {
    /// A machine-readable error class.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's name.
        public let name: String
        /// Creates a code.
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        public static let invalidSpec = Code("invalid-spec")
        public static let invalidInput = Code("invalid-input")
        public static let invalidTemplate = Code("invalid-template")
        public static let unknownModel = Code("unknown-model")
        public static let outputNotWritable = Code("output-not-writable")
        public static let state = Code("state")
        public static let specChanged = Code("spec-changed")
        public static let provider = Code("provider")
        public static let notFound = Code("not-found")
        public static let unsupported = Code("unsupported")
        public static let cancelled = Code("cancelled")
    }

    /// The error class.
    public var code: Code
    /// What went wrong, with the location (file, line, key) when known.
    public var message: String
    /// How to fix it, when there is something to say.
    public var hint: String?
    /// An underlying error, if any (its description must be safe to show as well).
    public var underlying: (any Error & Sendable)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, hint: String? = nil, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.hint = hint
        self.underlying = underlying
    }

    public var description: String {
        var text = message
        if let hint { text += "\n  hint: " + hint }
        return text
    }
}
