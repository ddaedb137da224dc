/// An error from ``SigV4Signer``.
///
/// Its text never contains credentials, the URL, header values or a signature:
/// only which input was wrong and how to fix it.
public struct SigV4Error: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of input was rejected. New codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The URL has no host and no `Host` header was given, or it could not be split into parts.
        public static let invalidURL = Code("invalidURL")
        /// A header name is empty or contains characters not allowed in a header name.
        public static let invalidHeaderName = Code("invalidHeaderName")
        /// A precomputed payload hash is not 64 lowercase hexadecimal digits.
        public static let invalidPayloadHash = Code("invalidPayloadHash")
        /// A presign expiry is outside 1...604800 seconds (7 days), the range AWS accepts.
        public static let invalidExpiry = Code("invalidExpiry")
        /// The date is before 1970 or after 9999, which SigV4 timestamps cannot express.
        public static let invalidDate = Code("invalidDate")

        /// The code's name.
        public var description: String { name }
    }

    /// What kind of input was rejected.
    public var code: Code
    /// What was wrong and what to do, free of secrets.
    public var message: String

    /// Creates an error; `message` must not contain secrets.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// `SigV4Error(code): message`.
    public var description: String { "SigV4Error(\(code)): \(message)" }
}
