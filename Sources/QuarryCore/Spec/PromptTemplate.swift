/// A prompt template with Python `str.format` rules: `{column}` placeholders, `{{` and `}}` for
/// literal braces. Conversions (`!s`), format specs, positional and attribute fields are rejected
/// with the column position, since a batch prompt only ever names input columns.
public struct PromptTemplate: Sendable, Equatable {
    /// A piece of the template.
    public enum Segment: Sendable, Equatable {
        /// Literal UTF-8 text.
        case literal([UInt8])
        /// The value of an input column.
        case column(String)
    }

    /// The template's pieces in order.
    public let segments: [Segment]
    /// The template source.
    public let source: String

    /// The input columns the template needs, in first-use order.
    public var columns: [String] {
        var seen: [String] = []
        for case .column(let c) in segments where !seen.contains(c) { seen.append(c) }
        return seen
    }

    /// Parses a template.
    public init(_ source: String) throws(QuarryError) {
        self.source = source
        var segments: [Segment] = []
        var literal: [UInt8] = []
        let chars = Array(source.unicodeScalars)
        var i = 0
        func position(_ at: Int) -> String { "character \(at + 1)" }
        while i < chars.count {
            let c = chars[i]
            if c == "{" {
                if i + 1 < chars.count, chars[i + 1] == "{" {
                    literal.append(UInt8(ascii: "{"))
                    i += 2
                    continue
                }
                guard let close = chars[(i + 1)...].firstIndex(of: "}") else {
                    throw QuarryError(.invalidTemplate, "template: unmatched '{' at \(position(i))", hint: "write {{ for a literal brace")
                }
                let field = String(String.UnicodeScalarView(chars[(i + 1)..<close]))
                if field.isEmpty || field.allSatisfy({ $0.isNumber }) {
                    throw QuarryError(.invalidTemplate, "template: positional field {\(field)} at \(position(i))",
                                      hint: "name an input column, e.g. {topic}")
                }
                if field.contains("{") {
                    throw QuarryError(.invalidTemplate, "template: nested '{' at \(position(i))", hint: "write {{ for a literal brace")
                }
                if let bad = field.first(where: { $0 == "!" || $0 == ":" || $0 == "." || $0 == "[" }) {
                    throw QuarryError(.invalidTemplate, "template: field {\(field)} at \(position(i)) uses '\(bad)' (conversions, format specs and attribute access are not supported)",
                                      hint: "use a plain column name like {\(field.prefix { $0 != bad })}")
                }
                if !literal.isEmpty { segments.append(.literal(literal)); literal = [] }
                segments.append(.column(field))
                i = close + 1
                continue
            }
            if c == "}" {
                if i + 1 < chars.count, chars[i + 1] == "}" {
                    literal.append(UInt8(ascii: "}"))
                    i += 2
                    continue
                }
                throw QuarryError(.invalidTemplate, "template: single '}' at \(position(i))", hint: "write }} for a literal brace")
            }
            literal.append(contentsOf: String(c).utf8)
            i += 1
        }
        if !literal.isEmpty { segments.append(.literal(literal)) }
        self.segments = segments
    }

    /// Checks the template's columns against the input's, naming every missing column.
    public func checkColumns(available: [String], inputName: String) throws(QuarryError) {
        let missing = columns.filter { !available.contains($0) }
        guard !missing.isEmpty else { return }
        let detail = missing.map { name -> String in
            if let s = Suggest.closest(to: name, in: available) { return "{\(name)} (did you mean {\(s)}?)" }
            return "{\(name)}"
        }.joined(separator: ", ")
        throw QuarryError(.invalidTemplate, "the template uses \(detail), but \(inputName) has no such column",
                          hint: "columns available: \(available.joined(separator: ", "))")
    }
}
