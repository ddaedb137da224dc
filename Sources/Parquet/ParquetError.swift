/// An error raised while reading or writing Parquet data.
///
/// The code is extensible (new codes can be added without breaking callers); the message
/// says what went wrong and, where possible, where (file, column, page) and what to do.
/// Messages never contain row data.
public struct ParquetError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A category of failure. New codes may be added at any time.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The stable name of the code.
        public let name: String
        init(_ name: String) { self.name = name }
        /// The description.
        public var description: String { name }

        /// An operating system read or write failed.
        public static let io = Code("io")
        /// The bytes are not a Parquet file (bad magic, footer too short).
        public static let notParquet = Code("notParquet")
        /// The file claims to be Parquet but its contents are inconsistent or truncated.
        public static let corrupt = Code("corrupt")
        /// The file uses a feature this library does not implement.
        public static let unsupported = Code("unsupported")
        /// A compression library needed at run time is not installed.
        public static let codecUnavailable = Code("codecUnavailable")
        /// The caller passed an invalid argument (unknown column, value of the wrong type, ...).
        public static let invalidArgument = Code("invalidArgument")
    }

    /// The category of failure.
    public var code: Code
    /// A human-readable explanation.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The description.
    public var description: String { "Parquet error (\(code)): \(message)" }

    static func corrupt(_ message: String) -> ParquetError { ParquetError(.corrupt, message) }
    static func unsupported(_ message: String) -> ParquetError { ParquetError(.unsupported, message) }
    static func invalid(_ message: String) -> ParquetError { ParquetError(.invalidArgument, message) }

    /// Returns a copy whose message is prefixed with `context` (e.g. the file and column).
    func adding(context: String) -> ParquetError {
        ParquetError(code, "\(context): \(message)")
    }
}
