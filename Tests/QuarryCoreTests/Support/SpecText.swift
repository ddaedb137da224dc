@testable import QuarryCore

/// Parses spec text as a file `spec.yaml` in `/tmp/specs`, for the spec tests.
enum SpecText {
    static func parse(_ text: String) throws(QuarryError) -> RunSpec {
        try SpecParser.parse(text: text, file: "spec.yaml", directory: "/tmp/specs")
    }

    /// The error's description, or "" when the text parses.
    static func problems(_ text: String) -> String {
        do {
            _ = try parse(text)
            return ""
        } catch { return error.description }
    }
}
