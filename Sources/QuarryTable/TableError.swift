/// A problem reading or writing a table file.
///
/// The description names the file, the line and the column (field number and name) and says how to
/// fix the problem. It never contains cell contents: rows may hold secrets or personal data.
///
///     data/topics.csv line 17, column 3 (prompt): unterminated quoted field (opened at line 12);
///     close the quote, or write a quote inside a quoted field as ""
public struct TableError: Error, Sendable, CustomStringConvertible {
    /// What kind of problem this is. Extensible: new codes are new static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// A short stable identifier, such as `unterminatedQuote`.
        public let rawValue: String
        /// Creates a code.
        public init(_ rawValue: String) { self.rawValue = rawValue }
        /// The identifier.
        public var description: String { rawValue }

        /// The file does not exist.
        public static let fileNotFound = Code("fileNotFound")
        /// The file exists but cannot be opened or read.
        public static let unreadable = Code("unreadable")
        /// A quoted CSV field is never closed.
        public static let unterminatedQuote = Code("unterminatedQuote")
        /// A closing quote is followed by something other than a delimiter or line end.
        public static let textAfterQuote = Code("textAfterQuote")
        /// A CSV row has a different number of fields than the header.
        public static let raggedRow = Code("raggedRow")
        /// Bytes that are not valid UTF-8.
        public static let invalidUTF8 = Code("invalidUTF8")
        /// A JSONL line that is not a valid JSON object.
        public static let invalidJSON = Code("invalidJSON")
        /// Two columns (CSV header) or two keys (JSONL object) share a name.
        public static let duplicateColumn = Code("duplicateColumn")
        /// A CSV header field is empty.
        public static let emptyHeader = Code("emptyHeader")
        /// The file has no header row (it is empty).
        public static let missingHeader = Code("missingHeader")
        /// A requested column is not in the table, or a row has a key the schema lacks.
        public static let unknownColumn = Code("unknownColumn")
        /// The output cannot be created, written or renamed into place.
        public static let notWritable = Code("notWritable")
        /// The file's extension names no format Quarry reads or writes (yet).
        public static let unsupportedFormat = Code("unsupportedFormat")
        /// A batch handed to a sink does not match the sink's schema.
        public static let invalidBatch = Code("invalidBatch")
    }

    /// What kind of problem this is.
    public var code: Code
    /// The file, as the user named it.
    public var file: String
    /// 1-based line in the file, when the problem has one.
    public var line: Int?
    /// 1-based field number, when the problem is in one field.
    public var column: Int?
    /// The column's name, when known.
    public var columnName: String?
    /// What is wrong, without cell contents.
    public var reason: String
    /// How to fix it.
    public var hint: String?
    /// Further problems found in the same pass (``Table/scan(path:)`` reports several at once).
    public var otherProblems: [TableError]
    /// Problems found beyond those in ``otherProblems`` (counted, not kept).
    public var unlistedProblemCount = 0

    /// Creates an error.
    public init(_ code: Code, file: String, line: Int? = nil, column: Int? = nil, columnName: String? = nil,
                reason: String, hint: String? = nil, otherProblems: [TableError] = []) {
        self.code = code
        self.file = file
        self.line = line
        self.column = column
        self.columnName = columnName
        self.reason = reason
        self.hint = hint
        self.otherProblems = otherProblems
    }

    /// "file line L, column C (name): reason; hint", without the further problems.
    public var summary: String {
        var s = file
        var place: [String] = []
        if let line { place.append("line \(line)") }
        if let column {
            place.append(columnName.map { "column \(column) (\($0))" } ?? "column \(column)")
        } else if let columnName {
            place.append("column \(columnName)")
        }
        if !place.isEmpty { s += " " + place.joined(separator: ", ") }
        s += ": " + reason
        if let hint { s += "; " + hint }
        return s
    }

    /// ``summary``, followed by up to five of ``otherProblems`` on their own lines.
    public var description: String {
        guard !otherProblems.isEmpty else { return summary }
        let shown = otherProblems.prefix(5).map { "  " + $0.summary }
        let more = otherProblems.count + unlistedProblemCount
        var s = summary + "\n" + "\(more) more problem\(more == 1 ? "" : "s"):\n"
        s += shown.joined(separator: "\n")
        if otherProblems.count > shown.count { s += "\n  ..." }
        return s
    }
}
