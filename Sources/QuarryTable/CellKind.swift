/// What one cell holds. The cell's bytes are its text in a form that depends on the kind.
public enum CellKind: UInt8, Sendable, Hashable {
    /// No value (an unquoted empty CSV field, JSON `null`, a key missing from a JSONL row). No bytes.
    case null
    /// Text, as UTF-8 (decoded: no CSV quoting, no JSON escapes).
    case string
    /// A number, as its JSON text (`42`, `-1.5e3`).
    case number
    /// `true` or `false`.
    case bool
    /// A nested value (JSON object or array), as JSON text.
    case json
    /// Raw bytes that are not UTF-8 text (a Parquet BINARY value). Text outputs and templates show
    /// them as base64; a Parquet sink writes the bytes as they are.
    case bytes
}
